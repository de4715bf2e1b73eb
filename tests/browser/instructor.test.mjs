// Instructor mode of <cdc-wal-sim>: scripted steps driven by the keys presentation clickers
// send, predict-first questions that hide the result until answered, exact restore when going
// back, and the presenter view at a 1280×720 shared screen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPage, widgetsMounted } from "./browser.mjs";
import { serverAndBrowser } from "./harness.mjs";

const env = serverAndBrowser();

const sim = (page) => page.locator("cdc-wal-sim#wal");
const counter = (page) => sim(page).locator(".player .counter");
// The loader writes the address bar 250 ms after a widget's last change: read it after that.
const urlSettled = (page) => page.waitForTimeout(400);
const snapshot = async (page) => {
  await urlSettled(page);
  return {
    row: await sim(page).locator("table.row").textContent(),
    query: await page.evaluate(() => new URLSearchParams(location.search).toString()),
    narration: await sim(page).locator(".player .narration").textContent(),
  };
};

test("steps advance with clicker keys, questions hide the result until answered, going back restores exactly", async () => {
  const page = await openPage(env.browser, `${env.server.url}/`);
  await widgetsMounted(page, 1);
  await sim(page).locator("button.start-script").first().click();
  await counter(page).waitFor();
  assert.match(await counter(page).textContent(), /^Шаг 1\/\d+$/);
  const first = await snapshot(page);

  // The clicker's PageDown, with the focus anywhere in the widget.
  await sim(page).locator(".player .narration").click();
  await page.keyboard.press("PageDown");
  await page.waitForFunction(() => /Шаг 2\//.test(document.getElementById("wal").shadowRoot.querySelector(".player .counter").textContent));
  // Step 2 asks a question: the chart is veiled, the takeaway hidden, "next" waits.
  assert.equal(await sim(page).locator(".question").count(), 1);
  assert.equal(await sim(page).locator(".chart-box.veiled").count(), 1);
  assert.equal(await sim(page).locator(".takeaway.hidden-result").count(), 1);
  await page.keyboard.press("PageDown");
  await page.waitForTimeout(100);
  assert.match(await counter(page).textContent(), /^Шаг 2\//, "no skipping past an unanswered question");

  await sim(page).locator(".question .choice").first().click();
  await sim(page).locator(".question .explanation").waitFor();
  assert.equal(await sim(page).locator(".chart-box.veiled").count(), 0, "the result is revealed after a choice");
  await page.keyboard.press("PageDown");
  await page.waitForFunction(() => /Шаг 3\//.test(document.getElementById("wal").shadowRoot.querySelector(".player .counter").textContent));
  const third = await snapshot(page);
  assert.notEqual(third.narration, first.narration);

  await page.keyboard.press("PageUp");
  await page.keyboard.press("PageUp");
  await page.waitForFunction(() => /Шаг 1\//.test(document.getElementById("wal").shadowRoot.querySelector(".player .counter").textContent));
  assert.deepEqual(await snapshot(page), first, "step 1 restored exactly: slot row, URL state, narration");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("presenter view fits a 1280×720 shared screen without scrolling, with large type", async () => {
  const page = await openPage(env.browser, `${env.server.url}/`, { viewport: { width: 1280, height: 720 } });
  await widgetsMounted(page, 1);
  const normalSize = await sim(page).locator(".takeaway").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  await sim(page).locator("button.presenter-toggle").click();
  await sim(page).locator(".w.presenter").waitFor();
  await page.waitForTimeout(300);
  const fits = () =>
    page.evaluate(() => {
      const root = document.getElementById("wal").shadowRoot;
      const w = root.querySelector(".w");
      const canvas = root.querySelector("canvas").getBoundingClientRect();
      return { overflow: w.scrollHeight - w.clientHeight, chartBottom: canvas.bottom, chartHeight: canvas.height };
    });
  let fit = await fits();
  assert.ok(fit.overflow <= 1 && fit.chartBottom <= 720, `presenter view overflows: ${JSON.stringify(fit)}`);
  // With a script's question on screen the chart shrinks but everything still fits.
  await sim(page).locator("button.start-script").first().click();
  await sim(page).locator(".player .narration").click();
  await page.keyboard.press("PageDown");
  await sim(page).locator(".question").waitFor();
  await page.waitForTimeout(200);
  fit = await fits();
  assert.ok(fit.overflow <= 1 && fit.chartBottom <= 720 && fit.chartHeight >= 150, `with a question: ${JSON.stringify(fit)}`);
  const bigSize = await sim(page).locator(".takeaway").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(bigSize >= normalSize * 1.25, `type grows from ${normalSize}px to ${bigSize}px`);
  await sim(page).locator("button.presenter-toggle").click();
  assert.equal(await sim(page).locator(".w.presenter").count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("A/B compare: pin A, change a parameter, see A dashed on the chart and the differences listed", async () => {
  const page = await openPage(env.browser, `${env.server.url}/`);
  await widgetsMounted(page, 2);
  const chart = () =>
    page.evaluate(() => document.getElementById("wal").shadowRoot.querySelector("canvas").toDataURL());
  await sim(page).locator("button.pin-a").click();
  await sim(page).locator(".compare").waitFor();
  assert.match(await sim(page).locator(".compare").textContent(), /Параметры совпадают/);
  const pinnedOnly = await chart();
  // B: a heartbeat with pg_logical_emit_message (the fix the lesson teaches).
  await sim(page).locator('[data-param="heartbeat-query"] select').selectOption("emit_message");
  await sim(page).locator('[data-param="heartbeat-interval"] input[type=range]').evaluate((input) => {
    input.value = String(Math.round(Number(input.max) * 0.6));
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await sim(page).locator(".compare ul.diff-params").waitFor();
  const diff = await sim(page).locator(".compare ul.diff-params").textContent();
  assert.match(diff, /heartbeat/);
  assert.ok((await sim(page).locator(".compare tr.changed").count()) >= 1, "an outcome differs between A and B");
  assert.notEqual(await chart(), pinnedOnly, "B is drawn with A over it");
  await sim(page).locator("button.pin-a").click();
  assert.equal(await sim(page).locator(".compare").count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
