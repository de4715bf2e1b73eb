// Shared by the hardening tests (csp, a11y, keyboard, memory, offscreen, fuzz): the pages to
// audit (every built course page and the playground, read from the built HTML), the widget
// tags the playground shows (so a widget added there is picked up), and a page opener that
// records Content-Security-Policy violations before any page script runs.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { diagramsDrawn, widgetsMounted } from "./browser.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const COURSE_DIST = path.resolve(here, "../../www/course/dist");
export const PLAYGROUND_DIST = path.resolve(here, "../../dist/playground");

/** The policy of issue 10: no inline script, no eval, no third-party origin. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:";

const WIDGET_TAG = /<(cdc-[a-z][a-z0-9-]*)\b/g;
const count = (html, re) => (html.match(re) ?? []).length;

/** Every page to audit: the playground and every built course page, each as
 * { path, widgets (number of <cdc-…> elements), mermaid (number of ```mermaid blocks) }. */
export function auditedPages() {
  const pages = [];
  const playground = path.join(PLAYGROUND_DIST, "index.html");
  if (fs.existsSync(playground)) pages.push(describe("/", fs.readFileSync(playground, "utf8")));
  const walk = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? (e.name === "_astro" || e.name === "widgets" ? [] : walk(path.join(dir, e.name))) : e.name === "index.html" ? [path.join(dir, e.name)] : [],
    );
  if (fs.existsSync(COURSE_DIST)) {
    for (const file of walk(COURSE_DIST).sort()) {
      const rel = path.relative(COURSE_DIST, path.dirname(file)).split(path.sep).join("/");
      pages.push(describe(`/course/${rel ? `${rel}/` : ""}`, fs.readFileSync(file, "utf8")));
    }
  }
  return pages;
}

function describe(urlPath, html) {
  return { path: urlPath, widgets: count(html, WIDGET_TAG), mermaid: count(html, /<code class="language-mermaid"/g) };
}

/** The custom-element tags the built playground shows, in page order, without repeats. */
export function playgroundTags() {
  const file = path.join(PLAYGROUND_DIST, "index.html");
  if (!fs.existsSync(file)) return [];
  return [...new Set([...fs.readFileSync(file, "utf8").matchAll(WIDGET_TAG)].map((m) => m[1]))];
}

/** Opens `url` in a new context, like browser.mjs' openPage, but with `securitypolicyviolation`
 * events recorded from the first script on (page.evaluate(() => window.__csp)). */
export async function openRecording(browser, url, { viewport = { width: 1280, height: 900 }, colorScheme = "light" } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile}:${e.lineNumber} ${e.sample ?? ""}`),
    );
  });
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") page.problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => page.problems.push(`pageerror: ${err.message}`));
  page.requestsOffOrigin = [];
  page.on("request", (req) => {
    const u = new URL(req.url());
    if (!["data:", "blob:"].includes(u.protocol) && u.origin !== new URL(url).origin) page.requestsOffOrigin.push(req.url());
  });
  await page.goto(url);
  return page;
}

/** Waits until the page's `spec.widgets` widgets are mounted and its `spec.mermaid` diagrams drawn. */
export async function settled(page, spec) {
  // On the course's lazy pages a widget mounts near the viewport: widgetsMounted scrolls to each.
  if (spec.widgets) await widgetsMounted(page, spec.widgets, { timeout: 30000 });
  // Mermaid draws a diagram only when it comes near the viewport: scroll each into view.
  if (spec.mermaid) await diagramsDrawn(page, spec.mermaid, { timeout: 30000 });
}
