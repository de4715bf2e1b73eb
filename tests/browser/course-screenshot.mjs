// Screenshots of the built course site for reviewing it by eye (not a test):
//   node course-screenshot.mjs <path under /course/> <out.png> [width] [light|dark] [top:height]
// With top:height only that band of the page is shot (long pages shrink too much otherwise).
// Waits for the page's widgets and Mermaid diagrams before shooting the full page.
import { serve } from "./serve.mjs";
import { diagramsDrawn, launch, openPage, widgetsMounted } from "./browser.mjs";

const [path = "", out = "/tmp/course.png", width = "1280", scheme = "light", band = ""] = process.argv.slice(2);
const server = await serve();
const browser = await launch();
const page = await openPage(browser, `${server.url}/course/${path}`, { viewport: { width: Number(width), height: 900 }, colorScheme: scheme });
const widgets = await page.locator("cdc-wal-sim, cdc-scaling-calc, cdc-dr-drill").count();
if (widgets) await widgetsMounted(page, widgets);
const diagrams = await page.locator("pre > code.language-mermaid, .mermaid-diagram").count();
if (diagrams) await diagramsDrawn(page, diagrams);
await page.waitForTimeout(300);
const [top, height] = band.split(":").map(Number);
await page.screenshot(band ? { path: out, fullPage: true, clip: { x: 0, y: top, width: Number(width), height } } : { path: out, fullPage: true });
console.log("scrollWidth", await page.evaluate(() => document.documentElement.scrollWidth), "clientWidth", await page.evaluate(() => document.documentElement.clientWidth));
if (page.problems.length) console.log(page.problems.join("\n"));
await browser.close();
await server.close();
