// End-to-end tests of <cdc-scaling-calc id="scale"> on the served playground (release
// bundle): mounts without console noise, a slider changes the binding sentence and the bars,
// tasks.max=4 on PostgreSQL still runs one task, the permalink round trip, a bad attribute is
// named in the widget, the copy button copies the connector JSON.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPage, widgetsMounted } from "./browser.mjs";
import { serverAndBrowser } from "./harness.mjs";

const env = serverAndBrowser();

const calc = (page) => page.locator("cdc-scaling-calc#scale");
const binding = (page) => calc(page).locator("p.binding");

/** A fingerprint of the chart's pixels and whether anything is drawn. */
async function chartHash(page) {
  return page.evaluate(() => {
    const canvas = document.getElementById("scale").shadowRoot.querySelector("canvas");
    const png = canvas.toDataURL("image/png");
    let h = 0;
    for (let i = 0; i < png.length; i++) h = (h * 31 + png.charCodeAt(i)) >>> 0;
    return { h, inked: png.length > 5000, width: canvas.width };
  });
}

async function setSlider(page, param, position) {
  await calc(page).locator(`[data-param="${param}"] input[type=range]`).evaluate((input, position) => {
    input.value = String(position);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }, position);
}

test("the calculator mounts with a binding sentence, bars and no console noise", async () => {
  const page = await openPage(env.browser, `${env.server.url}/`);
  await widgetsMounted(page, 2);
  await binding(page).waitFor();
  assert.match(await binding(page).textContent(), /^Узкое место: /);
  assert.ok((await calc(page).locator(".stage").count()) >= 3);
  assert.equal(await calc(page).locator("tr[data-variant]").count(), 5);
  // Below the simulator, so off-screen: drawn once scrolled into view (offscreen.test.mjs).
  await calc(page).locator("canvas").scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.getElementById("scale").shadowRoot.querySelector("canvas").toDataURL("image/png").length > 5000);
  const chart = await chartHash(page);
  assert.ok(chart.inked && chart.width >= 300, JSON.stringify(chart));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a slider changes the binding sentence and the bars", async () => {
  const page = await openPage(env.browser, `${env.server.url}/?scale.profile=steady&scale.rate=10000`);
  await widgetsMounted(page, 2);
  await binding(page).waitFor();
  const before = await binding(page).textContent();
  assert.match(before, /единственная задача коннектора/);
  // Off-screen widgets do not draw: bring the chart into view first.
  await calc(page).locator("canvas").scrollIntoViewIfNeeded();
  await page.waitForTimeout(100);
  const bars = await calc(page).locator(".stages").innerHTML();
  const chart = await chartHash(page);
  await setSlider(page, "rate", 20); // 2 000 events/s
  await page.waitForFunction(
    (b) => document.getElementById("scale").shadowRoot.querySelector("p.binding").textContent !== b,
    before,
  );
  assert.match(await binding(page).textContent(), /запас есть/);
  assert.notEqual(await calc(page).locator(".stages").innerHTML(), bars);
  assert.notEqual((await chartHash(page)).h, chart.h);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("tasks.max=4 on PostgreSQL still runs one task, and the note says why", async () => {
  const page = await openPage(env.browser, `${env.server.url}/?scale.tasks-max=4`);
  await widgetsMounted(page, 2);
  const note = calc(page).locator(".tasks-note");
  await note.waitFor();
  assert.match(await note.textContent(), /tasks\.max = 4, работает задач: 1/);
  assert.match(await calc(page).locator("pre.config").textContent(), /"tasks.max": "4"/);
  await page.context().close();
});

test("the permalink round trip restores the state", async () => {
  const page = await openPage(env.browser, `${env.server.url}/`, { permissions: ["clipboard-read", "clipboard-write"] });
  await widgetsMounted(page, 2);
  await binding(page).waitFor();
  await setSlider(page, "consumers", 3);
  await calc(page).locator('[data-param="consumers"].changed').waitFor();
  await calc(page).locator(".head button").click();
  await calc(page).locator(".copied", { hasText: "Ссылка скопирована" }).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, /scale\.consumers=4/);
  const text = await binding(page).textContent();
  const copy = await openPage(env.browser, link);
  await widgetsMounted(copy, 2);
  await binding(copy).waitFor();
  assert.equal(await binding(copy).textContent(), text);
  assert.ok(await calc(copy).locator('[data-param="consumers"].changed').count());
  assert.deepEqual(copy.problems, []);
  await copy.context().close();
  await page.context().close();
});

test("a bad value is named in the widget and replaced", async () => {
  const page = await openPage(env.browser, `${env.server.url}/?scale.tasks-max=lots`);
  await widgetsMounted(page, 2);
  const problems = calc(page).locator(".problems");
  await problems.waitFor();
  assert.match(await problems.textContent(), /tasks-max: «lots» — не целое число/);
  await binding(page).waitFor();
  await page.context().close();
});

test("the copy button puts the connector JSON on the clipboard", async () => {
  const page = await openPage(env.browser, `${env.server.url}/`, { permissions: ["clipboard-read", "clipboard-write"] });
  await widgetsMounted(page, 2);
  await binding(page).waitFor();
  await calc(page).locator("button.copy").click();
  await calc(page).locator(".copied", { hasText: "Скопировано" }).waitFor();
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  assert.equal(copied.name, "shop-cdc");
  assert.equal(copied.config["connector.class"], "io.debezium.connector.postgresql.PostgresConnector");
  await page.context().close();
});
