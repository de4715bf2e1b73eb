// Screenshots for reviewing the widgets by eye (not a test):
//   node screenshot.mjs <path on the test server> <out.png> [width] [light|dark] [height]
import { serve } from "./serve.mjs";
import { launch, openPage, widgetsMounted } from "./browser.mjs";

const [path = "/", out = "/tmp/shot.png", width = "1280", scheme = "light", height = "900"] = process.argv.slice(2);
const server = await serve();
const browser = await launch();
const page = await openPage(browser, `${server.url}${path}`, {
  viewport: { width: Number(width), height: Number(height) },
  colorScheme: scheme,
});
await widgetsMounted(page, 1);
await page.waitForTimeout(300);
await page.screenshot({ path: out, fullPage: process.env.FULL !== "0" });
console.log("page width", await page.evaluate(() => document.documentElement.scrollWidth), "widget height", await page.evaluate(() => Math.round(document.querySelector("cdc-wal-sim")?.getBoundingClientRect().height ?? 0)));
if (page.problems.length) console.log(page.problems.join("\n"));
await browser.close();
await server.close();
