// Instructor mode of <cdc-scaling-calc>: the shared step player (clicker keys, a question
// veils the result until answered, going back restores the binding sentence and the URL state
// exactly) and the presenter view at a 1280×720 shared screen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPage, widgetsMounted } from "./browser.mjs";
import { serverAndBrowser } from "./harness.mjs";

const env = serverAndBrowser();

const calc = (page) => page.locator("cdc-scaling-calc#scale");
const counter = (page) => calc(page).locator(".player .counter");
const atStep = (page, n) =>
  page.waitForFunction(
    (n) => new RegExp(`Шаг ${n}/`).test(document.getElementById("scale").shadowRoot.querySelector(".player .counter")?.textContent ?? ""),
    n,
  );
// The loader writes the address bar 250 ms after a widget's last change: read it after that.
const urlSettled = (page) => page.waitForTimeout(400);
const snapshot = async (page) => {
  await urlSettled(page);
  return {
    binding: await calc(page).locator("p.binding").textContent(),
    query: await page.evaluate(() => new URLSearchParams(location.search).toString()),
    narration: await calc(page).locator(".player .narration").textContent(),
  };
};

test("scaling script: PageDown steps, the question veils the result, going back restores exactly", async () => {
  const page = await openPage(env.browser, `${env.server.url}/`);
  await widgetsMounted(page, 2);
  await calc(page).locator("button.start-script").click();
  await counter(page).waitFor();
  assert.match(await counter(page).textContent(), /^Шаг 1\/6$/);
  const first = await snapshot(page);
  assert.match(first.binding, /7\s000/);

  await calc(page).locator(".player .narration").click();
  await page.keyboard.press("PageDown");
  await atStep(page, 2);
  // The question: the binding sentence, the advice and the charts are veiled; "next" waits.
  assert.equal(await calc(page).locator(".question").count(), 1);
  assert.equal(await calc(page).locator("p.binding").count(), 0);
  assert.equal(await calc(page).locator(".takeaway.hidden-result").count(), 1);
  assert.equal(await calc(page).locator(".help-now").count(), 0);
  assert.equal(await calc(page).locator(".panel.stages.veiled").count(), 1);
  await page.keyboard.press("PageDown");
  await page.waitForTimeout(100);
  assert.match(await counter(page).textContent(), /^Шаг 2\//, "no skipping past an unanswered question");

  await calc(page).locator(".question .choice").nth(1).click();
  await calc(page).locator(".question .explanation").waitFor();
  assert.match(await calc(page).locator(".question .explanation").textContent(), /^Верно\./);
  assert.equal(await calc(page).locator(".panel.veiled").count(), 0, "revealed after a choice");
  await calc(page).locator("p.binding").waitFor();

  await page.keyboard.press("PageDown");
  await atStep(page, 3);
  await calc(page).locator(".tasks-note").waitFor();
  assert.match(await calc(page).locator(".tasks-note").textContent(), /tasks\.max = 4, работает задач: 1/);
  await page.waitForFunction(() => /scale\.tasks-max=4/.test(location.search));
  const third = await snapshot(page);
  assert.notEqual(third.query, first.query);

  // → and Space step too (outside controls); four connectors at step 5.
  await page.keyboard.press("ArrowRight");
  await atStep(page, 4);
  await page.keyboard.press(" ");
  await atStep(page, 5);
  await page.waitForFunction(() => /scale\.connectors=4/.test(location.search));

  for (let i = 0; i < 4; i++) await page.keyboard.press("PageUp");
  await atStep(page, 1);
  await page.waitForFunction((q) => new URLSearchParams(location.search).toString() === q, first.query);
  assert.deepEqual(await snapshot(page), first, "step 1 restored exactly: binding sentence, URL state, narration");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("scaling presenter view fits 1280×720 with large type, the chart stretched", async () => {
  const page = await openPage(env.browser, `${env.server.url}/`, { viewport: { width: 1280, height: 720 } });
  await widgetsMounted(page, 2);
  await calc(page).locator("p.binding").waitFor();
  const normalSize = await calc(page).locator("p.binding").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  await calc(page).locator("button.presenter-toggle").click();
  await calc(page).locator(".w.presenter").waitFor();
  await calc(page).locator("button.start-script").click();
  await calc(page).locator(".player .narration").click();
  await page.keyboard.press("PageDown");
  await calc(page).locator(".question").waitFor();
  await calc(page).locator(".question .choice").first().click();
  await calc(page).locator(".question .explanation").waitFor();
  await page.waitForTimeout(300);
  const fit = await page.evaluate(() => {
    const root = document.getElementById("scale").shadowRoot;
    const w = root.querySelector(".w");
    const canvas = root.querySelector("canvas").getBoundingClientRect();
    const r = w.getBoundingClientRect();
    return {
      overflow: w.scrollHeight - w.clientHeight,
      bottom: r.bottom,
      height: r.height,
      chartBottom: canvas.bottom,
      chartHeight: canvas.height,
      controls: root.querySelectorAll(".controls").length,
    };
  });
  assert.ok(fit.overflow <= 1 && fit.height <= 720 && fit.chartBottom <= 720, `presenter view overflows: ${JSON.stringify(fit)}`);
  assert.ok(fit.chartHeight >= 120, `the chart keeps room: ${JSON.stringify(fit)}`);
  assert.equal(fit.controls, 0, "only the player, the verdict and the chart");
  const bigSize = await calc(page).locator("p.binding").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(bigSize >= normalSize * 1.25, `type grows from ${normalSize}px to ${bigSize}px`);
  await calc(page).locator("button.presenter-toggle").click();
  assert.equal(await calc(page).locator(".w.presenter").count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
