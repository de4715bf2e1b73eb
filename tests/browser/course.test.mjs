// End-to-end tests of the built course site (www/course/dist, served at /course/ with the
// release widget bundle it copied in): the index and every lesson load without console
// errors or warnings, every ```mermaid block becomes an SVG (light and dark), every embedded
// widget mounts and answers a slider, no page scrolls sideways at 360 or 1280 px, the
// previous/next links walk the course in order, and the models' fidelity page (Russian and
// English) is reachable from the index, the lessons that embed the widgets and the playground.
// Lessons are lazy pages (www/widgets/loader.js): on a phone's first screen no widget mounts
// until one is scrolled near.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { diagramsDrawn, openPage, widgetsMounted } from "./browser.mjs";
import { serverAndBrowser } from "./harness.mjs";

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../www/course/dist");
const WIDGETS = "cdc-wal-sim, cdc-scaling-calc, cdc-dr-drill";

/** Every built page: { url path, language (English under /course/en/), whether it is a
 * lesson, number of Mermaid blocks, number of widgets } from the HTML. */
function builtPages() {
  const walk = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? (e.name === "_astro" || e.name === "widgets" ? [] : walk(path.join(dir, e.name))) : e.name === "index.html" ? [path.join(dir, e.name)] : [],
    );
  return walk(dist)
    .map((file) => {
      const html = fs.readFileSync(file, "utf8");
      const rel = path.relative(dist, path.dirname(file)).split(path.sep).join("/");
      return {
        path: `/course/${rel ? `${rel}/` : ""}`,
        lang: rel === "en" || rel.startsWith("en/") ? "en" : "ru",
        lesson: html.includes('<article class="lesson"'),
        mermaid: (html.match(/<code class="language-mermaid"/g) ?? []).length,
        widgets: (html.match(/<cdc-(wal-sim|scaling-calc|dr-drill)\b/g) ?? []).length,
      };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

const env = serverAndBrowser();
const pages = fs.existsSync(path.join(dist, "index.html")) ? builtPages() : [];

/** Opens a page and waits until its widgets are mounted and its diagrams drawn. */
async function load(url, spec, options) {
  const page = await openPage(env.browser, `${env.server.url}${url}`, options);
  if (spec.widgets) await widgetsMounted(page, spec.widgets);
  if (spec.mermaid) await diagramsDrawn(page, spec.mermaid);
  return page;
}

const sideways = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test("a lesson on a phone mounts no widget until one comes near: its first screens are text", async () => {
  const spec = pages.find((p) => p.widgets > 0 && p.lesson);
  assert.ok(spec, "a lesson with widgets");
  // Lighthouse's mobile viewport; every lesson's first widget is several screens down.
  const page = await openPage(env.browser, `${env.server.url}${spec.path}`, { viewport: { width: 412, height: 823 } });
  assert.equal(await page.evaluate(() => document.body.hasAttribute("data-cdc-lazy")), true);
  await page.waitForFunction(() => window.cdcWidgets);
  await page.waitForTimeout(1500);
  const first = await page.evaluate((sel) => document.querySelector(sel).getBoundingClientRect().top, WIDGETS);
  assert.ok(first > 2 * 823, `the first widget starts ${first} px down`);
  assert.equal(await page.evaluate(() => window.cdcWidgets.count()), 0, "nothing mounted at load");
  await page.evaluate((sel) => document.querySelector(sel).scrollIntoView(), WIDGETS);
  await page.waitForFunction(() => window.cdcWidgets.count() >= 1, null, { timeout: 20000 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the site is built with an index and several lessons", () => {
  assert.ok(pages.length >= 4, `built pages: ${pages.map((p) => p.path).join(", ") || "none (run npm run build in www/course)"}`);
  assert.ok(pages.some((p) => p.mermaid > 0), "some page has a Mermaid diagram");
  assert.ok(pages.some((p) => p.widgets > 0), "some page has a widget");
});

for (const spec of pages) {
  test(`${spec.path}: loads cleanly, ${spec.mermaid} diagram(s) drawn, ${spec.widgets} widget(s) mounted, no sideways scroll`, async () => {
    const page = await load(spec.path, spec);
    assert.equal(await page.locator("html").getAttribute("lang"), spec.lang);
    assert.equal(await page.locator("h1").count(), 1);
    assert.equal(await page.locator("pre > code.language-mermaid").count(), 0, "no Mermaid source left undrawn");
    assert.equal(await page.locator(".mermaid-diagram svg").count(), spec.mermaid);
    assert.equal(await page.evaluate(() => window.cdcWidgets?.count() ?? 0), spec.widgets);
    assert.ok((await sideways(page)) <= 0, `1280 px: the page scrolls sideways by ${await sideways(page)} px`);
    assert.deepEqual(page.problems, []);
    await page.context().close();

    const phone = await load(spec.path, spec, { viewport: { width: 360, height: 800 } });
    await phone.waitForTimeout(200);
    assert.ok((await sideways(phone)) <= 0, `360 px: the page scrolls sideways by ${await sideways(phone)} px`);
    assert.deepEqual(phone.problems, []);
    await phone.context().close();
  });
}

/** What a widget says: the text of its shadow root without styles and without the controls
 * (whose value labels change with any move). Runs in the page. */
function outputText(el) {
  return [...el.shadowRoot.children]
    .filter((c) => c.localName !== "style" && c.localName !== "link")
    .map((c) => {
      const copy = c.cloneNode(true);
      copy.querySelectorAll("style, [data-param]").forEach((x) => x.remove());
      return copy.textContent;
    })
    .join("\n");
}

test("every embedded widget answers a slider: its output text changes", async () => {
  for (const spec of pages.filter((p) => p.widgets)) {
    const page = await load(spec.path, spec);
    const ids = await page.locator(WIDGETS).evaluateAll((els) => els.map((el) => el.id));
    assert.equal(ids.length, spec.widgets);
    for (const [i, id] of ids.entries()) {
      const widget = page.locator(WIDGETS).nth(i);
      await widget.scrollIntoViewIfNeeded();
      // What the widget says, without the controls (whose value labels change with any move).
      const output = () => widget.evaluate(outputText);
      const before = await output();
      const tag = await widget.evaluate((el) => el.localName);
      // The DR drill has a terminal, not a rate: it answers a command typed into it.
      const param = { "cdc-wal-sim": "other-rate", "cdc-scaling-calc": "rate", "cdc-dr-drill": "command line" }[tag];
      if (tag === "cdc-dr-drill") {
        await widget.locator("input.cmdline").fill("curl -s http://localhost:8083/connectors/inventory-connector/status");
        await widget.locator("input.cmdline").press("Enter");
      } else {
        await widget.locator(`[data-param="${param}"] input[type=range]`).evaluate((input) => {
          input.value = input.value === input.max ? input.min : input.max;
          input.dispatchEvent(new Event("input", { bubbles: true }));
        });
      }
      let after = before;
      for (const start = Date.now(); after === before && Date.now() - start < 10000; ) {
        await page.waitForTimeout(100);
        after = await output();
      }
      assert.notEqual(after, before, `${spec.path}#${id || i}: moving ${param} changed nothing the widget says`);
    }
    assert.deepEqual(page.problems, [], spec.path);
    await page.context().close();
  }
});

test("dark mode: diagrams are drawn with the dark theme, without console noise", async () => {
  const spec = pages.find((p) => p.mermaid);
  const page = await load(spec.path, spec, { colorScheme: "dark" });
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(background, "rgb(255, 255, 255)", "the page is dark");
  // Mermaid's dark theme draws node labels in a light colour.
  const fill = await page.locator(".mermaid-diagram svg").first().evaluate((svg) => {
    const label = svg.querySelector(".nodeLabel, text, .label");
    return label ? getComputedStyle(label).color || getComputedStyle(label).fill : "";
  });
  const [r, g, b] = (fill.match(/\d+/g) ?? ["0", "0", "0"]).map(Number);
  assert.ok(r + g + b > 3 * 128, `diagram text colour ${fill} is light`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the index lists every lesson, and previous/next links walk the course in order", async () => {
  const index = await load("/course/", {});
  const links = await index.locator("a.lesson-link").evaluateAll((as) => as.map((a) => ({ href: new URL(a.href).pathname, title: a.textContent.trim() })));
  assert.deepEqual(links.map((l) => l.href).sort(), pages.filter((p) => p.lesson).map((p) => p.path).sort());
  assert.deepEqual(index.problems, []);
  await index.context().close();

  // Forward from the first lesson with "next", checking each page is the index's next one.
  const page = await openPage(env.browser, `${env.server.url}${links[0].href}`);
  assert.equal(await page.locator("a[rel=prev]").count(), 0, "the first lesson has no previous");
  for (const [i, link] of links.entries()) {
    assert.equal(new URL(page.url()).pathname, link.href);
    assert.equal((await page.locator("h1").textContent()).trim(), link.title);
    if (i + 1 < links.length) await Promise.all([page.waitForURL(`**${links[i + 1].href}`), page.locator("a[rel=next]").click()]);
  }
  assert.equal(await page.locator("a[rel=next]").count(), 0, "the last lesson has no next");
  // And back with "previous".
  for (let i = links.length - 1; i > 0; i--) {
    await Promise.all([page.waitForURL(`**${links[i - 1].href}`), page.locator("a[rel=prev]").click()]);
    assert.equal((await page.locator("h1").textContent()).trim(), links[i - 1].title);
  }
  await page.context().close();
});

test("the fidelity page: built in Russian and English, linked from the index, lessons 05 and 06 and the playground", async () => {
  for (const p of ["/course/fidelity/", "/course/en/fidelity/"]) assert.ok(pages.some((x) => x.path === p), `${p} is built (and so checked above at 360 and 1280 px)`);

  // The index's footer link, then the language switch both ways.
  const page = await openPage(env.browser, `${env.server.url}/course/`);
  await Promise.all([page.waitForURL("**/course/fidelity/"), page.locator("footer a.models-link").click()]);
  assert.equal(await page.locator("html").getAttribute("lang"), "ru");
  assert.ok((await page.locator("li.scenario").count()) >= 5, "the measured scenarios are listed");
  assert.equal(await page.locator('li.scenario[data-agree="no"]').count(), 0, "every scenario agrees (the data says so)");
  await Promise.all([page.waitForURL("**/course/en/fidelity/"), page.locator("a[hreflang=en]").first().click()]);
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  assert.match(await page.locator("h1").textContent(), /How faithful/);
  await Promise.all([page.waitForURL("**/course/fidelity/"), page.locator("main a[hreflang=ru]").first().click()]);
  assert.equal(await page.locator("html").getAttribute("lang"), "ru");
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // Lessons 05 and 06 link to their widget's section.
  for (const [lesson, anchor] of [["03-module-3/05-wal-bloat-heartbeat", "wal-sim"], ["03-module-3/06-connector-scaling-tasks", "scaling-calc"]]) {
    const spec = pages.find((p) => p.path === `/course/${lesson}/`);
    const l = await load(spec.path, spec);
    const link = l.locator(`main a[href="../../fidelity/#${anchor}"]`);
    assert.equal(await link.count(), 1, `${lesson} links ../../fidelity/#${anchor}`);
    await Promise.all([l.waitForURL(`**/course/fidelity/#${anchor}`), link.click()]);
    assert.ok(await l.locator(`#${anchor}`).isVisible());
    await l.context().close();
  }

  // The playground (served at /) links it too.
  const playground = await openPage(env.browser, `${env.server.url}/`);
  await Promise.all([playground.waitForURL("**/course/fidelity/"), playground.locator('a[href="/course/fidelity/"]').click()]);
  assert.equal(await playground.locator("h1").count(), 1);
  await playground.context().close();
});
