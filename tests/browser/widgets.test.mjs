// End-to-end tests of <cdc-wal-sim> in the system Chromium: the served playground (the
// release bundle) and a test page with three instances (the test bundle, which can be told
// to panic). Run by scripts/test after the bundles and the playground are built.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPage, widgetsMounted } from "./browser.mjs";
import { serverAndBrowser } from "./harness.mjs";

const env = serverAndBrowser();

const sim = (page, id) => page.locator(`cdc-wal-sim#${id}`);
const cell = (page, id, col) => sim(page, id).locator(`td[data-col="${col}"]`).first();

/** A fingerprint of the chart's pixels (PNG export: no getImageData readback warnings). */
async function chartHash(page, id) {
  return page.evaluate((id) => {
    const canvas = document.getElementById(id).shadowRoot.querySelector("canvas");
    const png = canvas.toDataURL("image/png");
    let h = 0;
    for (let i = 0; i < png.length; i++) h = (h * 31 + png.charCodeAt(i)) >>> 0;
    // A blank canvas of this size compresses to well under 5 KB.
    return { h, inked: png.length > 5000 ? png.length : 0, width: canvas.width, height: canvas.height };
  }, id);
}

/** Moves a range input to a position and fires `input` like a drag does. */
async function setSlider(page, id, param, position) {
  await sim(page, id).locator(`[data-param="${param}"] input[type=range]`).evaluate((input, position) => {
    input.value = String(position);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }, position);
}

test("the playground mounts the widget with a drawn chart, a slot row and no console noise", async () => {
  const page = await openPage(env.browser, `${env.server.url}/`);
  await widgetsMounted(page, 1);
  await assert.doesNotReject(cell(page, "wal", "wal_status").waitFor());
  const chart = await chartHash(page, "wal");
  assert.ok(chart.width >= 600, `canvas backing store is ${chart.width}px wide`);
  assert.ok(chart.inked > 0, "the chart has drawn pixels");
  assert.equal(await cell(page, "wal", "slot_name").textContent(), "debezium");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("moving a slider recomputes the model: the chart and the slot row change", async () => {
  const page = await openPage(env.browser, `${env.server.url}/`);
  await widgetsMounted(page, 1);
  const before = { chart: await chartHash(page, "wal"), retained: await cell(page, "wal", "retained_wal").textContent() };
  await setSlider(page, "wal", "other-rate", 0);
  await page.waitForFunction(
    (old) => document.getElementById("wal").shadowRoot.querySelector('td[data-col="retained_wal"]').textContent !== old,
    before.retained,
  );
  const after = { chart: await chartHash(page, "wal"), retained: await cell(page, "wal", "retained_wal").textContent() };
  assert.notEqual(after.chart.h, before.chart.h, "the chart was redrawn differently");
  assert.notEqual(after.retained, before.retained);
  assert.ok(await sim(page, "wal").locator('[data-param="other-rate"].changed').count(), "the control is marked as changed");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a permalink restores parameters and cursor", async () => {
  const page = await openPage(env.browser, `${env.server.url}/`);
  await widgetsMounted(page, 1);
  await setSlider(page, "wal", "max-wal-size", 3);
  const canvas = sim(page, "wal").locator("canvas");
  await canvas.focus();
  await page.keyboard.press("Home");
  for (let i = 0; i < 5; i++) await page.keyboard.press("Shift+ArrowRight");
  await page.waitForFunction(() => location.search.includes("wal.t="));
  const url = page.url();
  assert.match(url, /wal\.max-wal-size=/);
  const row = await sim(page, "wal").locator("table.row").textContent();
  const cursor = await sim(page, "wal").locator(".cursor-time").textContent();

  const copy = await openPage(env.browser, url);
  await widgetsMounted(copy, 1);
  await cell(copy, "wal", "wal_status").waitFor();
  assert.equal(await sim(copy, "wal").locator(".cursor-time").textContent(), cursor);
  assert.equal(await sim(copy, "wal").locator("table.row").textContent(), row);
  assert.ok(await sim(copy, "wal").locator('[data-param="max-wal-size"].changed').count());
  assert.deepEqual(copy.problems, []);
  await page.context().close();
  await copy.context().close();
});

test("the copy button puts the shown configuration on the clipboard", async () => {
  const page = await openPage(env.browser, `${env.server.url}/`, { permissions: ["clipboard-read", "clipboard-write"] });
  await widgetsMounted(page, 1);
  await sim(page, "wal").getByRole("tab", { name: /JSON/ }).click();
  // The tab's text comes with the next render (which can wait behind the first drawing).
  await sim(page, "wal").locator("pre.config").filter({ hasText: /PostgresConnector/ }).waitFor();
  const shown = await sim(page, "wal").locator("pre.config").textContent();
  assert.match(shown, /io\.debezium\.connector\.postgresql\.PostgresConnector/);
  await sim(page, "wal").locator("button.copy").click();
  await sim(page, "wal").locator(".copied").filter({ hasText: /./ }).waitFor();
  const clipboard = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(clipboard, shown);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("bad attributes: a message naming each bad value, fallbacks, nothing injected, no console error", async () => {
  const page = await openPage(env.browser, `${env.server.url}/test/three.html`);
  await widgetsMounted(page, 3);
  const problems = sim(page, "c").locator(".problems");
  await problems.waitFor();
  const text = await problems.textContent();
  assert.match(text, /no-such-preset/);
  assert.match(text, /abc/);
  assert.match(text, /<img src=x/, "the injected markup is shown as text");
  assert.equal(await sim(page, "c").locator("img").count(), 0, "nothing from an attribute became an element");
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  // It fell back to a working simulation.
  await cell(page, "c", "wal_status").waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("three instances are independent, and removing one frees it", async () => {
  const page = await openPage(env.browser, `${env.server.url}/test/three.html`);
  await widgetsMounted(page, 3);
  assert.equal(await sim(page, "b").locator("th").first().textContent(), "slot_name");
  assert.match(await sim(page, "b").locator(".takeaway").textContent(), /[A-Za-z]/, "b is in English");
  const bRow = await sim(page, "b").locator("table.row").textContent();
  await setSlider(page, "a", "other-rate", 0);
  await page.waitForTimeout(100);
  assert.equal(await sim(page, "b").locator("table.row").textContent(), bRow, "b did not change");

  assert.equal(await page.evaluate(() => window.cdcWidgets.mounted()), 3);
  await page.evaluate(() => document.getElementById("a").remove());
  assert.equal(await page.evaluate(() => window.cdcWidgets.count()), 2);
  assert.equal(await page.evaluate(() => window.cdcWidgets.mounted()), 2, "the Rust side dropped it too");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a panic in one widget leaves the others responsive and the failed one restartable", async () => {
  const page = await openPage(env.browser, `${env.server.url}/test/three.html`);
  await widgetsMounted(page, 3);
  await setSlider(page, "a", "other-rate", 0);
  await page.waitForTimeout(50);
  const aState = await sim(page, "a").locator("table.row").textContent();
  assert.ok(await page.evaluate(() => window.cdcWidgets.debugPanic(document.getElementById("b"))));
  const restart = sim(page, "b").getByRole("button", { name: /Restart|Перезапустить/ });
  await restart.waitFor();
  // a was remounted from its last good state and still answers.
  await cell(page, "a", "wal_status").waitFor();
  assert.equal(await sim(page, "a").locator("table.row").textContent(), aState);
  const retained = await cell(page, "a", "retained_wal").textContent();
  await setSlider(page, "a", "other-rate", 700);
  await page.waitForFunction(
    (old) => document.getElementById("a").shadowRoot.querySelector('td[data-col="retained_wal"]').textContent !== old,
    retained,
  );
  await restart.click();
  await cell(page, "b", "wal_status").waitFor();
  const errors = page.problems.filter((p) => !/panic|unreachable|RuntimeError/.test(p));
  assert.deepEqual(errors, []);
  await page.context().close();
});

// Which modules a page fetches, from the tags it starts with: each test page, the module names
// the loader reports, and every .js/.wasm file requested under /widgets-test/ (each once).
const MODULE_PAGES = [
  // Three simulators, one module: the loader, the simulator's glue and wasm, nothing else.
  { page: "three.html", widgets: 3, modules: ["wal-sim"] },
  // Both kinds of chart widget from the start: the one combined module.
  { page: "mixed.html", widgets: 2, modules: ["charts"] },
  { page: "calc-only.html", widgets: 1, modules: ["scaling-calc"] },
  { page: "dr.html", widgets: 1, modules: ["dr-drill"] },
];

for (const { page: file, widgets, modules } of MODULE_PAGES) {
  test(`${file} loads only the module${modules.length > 1 ? "s" : ""} ${modules.join(", ")}, once`, async () => {
    const page = await openPage(env.browser, "about:blank");
    const fetched = [];
    page.on("request", (r) => {
      const m = /\/widgets-test\/([^/?]+\.(?:js|wasm))/.exec(r.url());
      if (m) fetched.push(m[1]);
    });
    await page.goto(`${env.server.url}/test/${file}`);
    await widgetsMounted(page, widgets);
    assert.deepEqual(await page.evaluate(() => window.cdcWidgets.modules()), modules);
    const files = ["loader.js", ...modules.flatMap((m) => [`${m}.js`, `${m}_bg.wasm`])];
    assert.deepEqual(fetched.sort(), files.sort());
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

test("a calculator added to a simulator's page gets its own module: lag → WAL crosses modules, a panic resets only the calculator's", async () => {
  const page = await openPage(env.browser, `${env.server.url}/test/three.html`);
  await widgetsMounted(page, 3);
  await page.evaluate(() => {
    const calc = document.createElement("cdc-scaling-calc");
    calc.id = "calc";
    calc.setAttribute("data-preset", "burst");
    document.body.append(calc);
  });
  await widgetsMounted(page, 4);
  assert.deepEqual((await page.evaluate(() => window.cdcWidgets.modules())).sort(), ["scaling-calc", "wal-sim"]);

  // Lag → WAL: the calculator's event reaches the first simulator through the loader.
  const calc = page.locator("cdc-scaling-calc#calc");
  await calc.locator("a.open-wal").click();
  await sim(page, "a").locator("p.note.from-calc").waitFor();
  assert.match(await cell(page, "a", "slot_name").textContent(), /\S/);

  await setSlider(page, "a", "other-rate", 0);
  await page.waitForTimeout(50);
  // Mark the simulator's rendered DOM: a remount would replace it.
  await page.evaluate(() => (document.getElementById("a").shadowRoot.querySelector("table.row").dataset.mark = "kept"));
  assert.ok(await page.evaluate(() => window.cdcWidgets.debugPanic(document.getElementById("calc"))));
  const restart = calc.getByRole("button", { name: /Restart|Перезапустить/ });
  await restart.waitFor();
  assert.equal(
    await page.evaluate(() => document.getElementById("a").shadowRoot.querySelector("table.row")?.dataset.mark),
    "kept",
    "the simulators' module was not reset",
  );
  const retained = await cell(page, "a", "retained_wal").textContent();
  await setSlider(page, "a", "other-rate", 700);
  await page.waitForFunction(
    (old) => document.getElementById("a").shadowRoot.querySelector('td[data-col="retained_wal"]').textContent !== old,
    retained,
  );
  await restart.click();
  await calc.locator("canvas").waitFor();
  assert.equal(await page.evaluate(() => window.cdcWidgets.mounted()), 4);
  const errors = page.problems.filter((p) => !/panic|unreachable|RuntimeError/.test(p));
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("every preset renders without a console error or warning", async () => {
  const page = await openPage(env.browser, `${env.server.url}/`);
  await widgetsMounted(page, 1);
  const names = await sim(page, "wal").locator(".head select option").evaluateAll((os) => os.map((o) => o.value));
  assert.ok(names.length >= 9, `${names.length} presets`);
  for (const name of names) {
    await sim(page, "wal").locator(".head select").selectOption(name);
    await page.waitForFunction((name) => location.search.includes(`wal.preset=${name}`) || name === "idle-db-no-heartbeat", name);
    await cell(page, "wal", "slot_name").waitFor();
    const chart = await chartHash(page, "wal");
    assert.ok(chart.inked > 0, `${name}: chart drawn`);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
