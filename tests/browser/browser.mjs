// Shared set-up for the browser tests: the system Chromium through playwright-core (never a
// downloaded browser), a page that records every console error/warning and page error.
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A new page whose console problems are collected in `page.problems`. */
export async function openPage(browser, url, { viewport = { width: 1280, height: 900 }, colorScheme = "light", permissions = [] } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  if (permissions.length) await context.grantPermissions(permissions, { origin: new URL(url).origin });
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") page.problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => page.problems.push(`pageerror: ${err.message}`));
  await page.goto(url);
  return page;
}

/**
 * Waits until `n` widgets are mounted on the page. On a lazy page (`<body data-cdc-lazy>`, the
 * course's lessons) a widget mounts only when it comes near the viewport (www/widgets/loader.js),
 * so each one not mounted yet is scrolled into view in turn and the page back to the top. On
 * other pages every widget element must be mounted as well (the loader mounts one per task).
 */
export async function widgetsMounted(page, n, { timeout = 20000 } = {}) {
  await page.waitForFunction(() => window.cdcWidgets, null, { timeout });
  // Functions, not strings: the CSP test's pages allow no eval.
  const lazy = await page.evaluate(() => document.body.hasAttribute("data-cdc-lazy"));
  if (lazy) {
    const count = await page.evaluate(() => Array.from(document.querySelectorAll("*")).filter((e) => e.localName.startsWith("cdc-")).length);
    for (let i = 0; i < count; i++) {
      await page.evaluate((i) => Array.from(document.querySelectorAll("*")).filter((e) => e.localName.startsWith("cdc-"))[i].scrollIntoView(), i);
      await page.waitForFunction((i) => Array.from(document.querySelectorAll("*")).filter((e) => e.localName.startsWith("cdc-"))[i].__cdcMounted === true, i, { timeout });
    }
    await page.evaluate(() => window.scrollTo(0, 0));
  }
  await page.waitForFunction((n) => window.cdcWidgets && window.cdcWidgets.count() >= n, n, { timeout });
  // The loader mounts one widget per task: on an eager page, wait until every widget element
  // there is mounted (or shows its crash box), so a test never acts on one still queued.
  if (!lazy) {
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll("cdc-wal-sim, cdc-scaling-calc, cdc-dr-drill")).every(
          (e) => e.__cdcMounted === true,
        ),
      null,
      { timeout },
    );
  }
}

/**
 * Waits until the page's `n` Mermaid diagrams are drawn. Diagrams are drawn only when they
 * come near the viewport (www/course/src/components/Mermaid.astro), so each one is scrolled
 * into view in turn; the page is scrolled back to the top afterwards.
 */
export async function diagramsDrawn(page, n, { timeout = 20000 } = {}) {
  await page.waitForFunction((n) => document.querySelectorAll(".mermaid-diagram").length >= n, n, { timeout });
  const count = await page.locator(".mermaid-diagram").count();
  for (let i = 0; i < count; i++) {
    await page.locator(".mermaid-diagram").nth(i).scrollIntoViewIfNeeded();
    await page.waitForFunction((i) => document.querySelectorAll(".mermaid-diagram")[i]?.querySelector("svg, pre"), i, { timeout });
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction((n) => document.querySelectorAll(".mermaid-diagram svg").length >= n, n, { timeout });
}
