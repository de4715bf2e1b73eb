// Exports of <cdc-scaling-calc> and the chart's text alternative: the PNG / CSV / JSON
// buttons download files (read back and checked against the default preset: the task's
// 7 000 events/s binds 9 000 events/s), and the collapsed data table lists the stages and a
// sample of the lag series.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import { openPage, widgetsMounted } from "./browser.mjs";
import { serverAndBrowser } from "./harness.mjs";

const env = serverAndBrowser();

const calc = (page) => page.locator("cdc-scaling-calc#scale");

/** Clicks an export button and returns the downloaded file's name and bytes. */
async function download(page, button) {
  const [dl] = await Promise.all([page.waitForEvent("download"), calc(page).locator(button).click()]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), bytes: await fs.readFile(file) };
}

test("CSV, JSON and PNG exports download the stages, the lag series, the state and the chart", async () => {
  const page = await openPage(env.browser, `${env.server.url}/`);
  await widgetsMounted(page, 2);
  await calc(page).locator("p.binding").waitFor();
  // Off-screen widgets do not draw: bring the chart into view first.
  await calc(page).locator("canvas").scrollIntoViewIfNeeded();
  const stageCount = await calc(page).locator("canvas .stage").count();
  assert.ok(stageCount >= 3);

  const csv = await download(page, "button.export-csv");
  assert.equal(csv.name, "scaling-default.csv");
  const lines = csv.bytes.toString("utf8").split("\r\n");
  assert.equal(lines.pop(), "", "the last line ends with CRLF");
  assert.equal(lines[0], "stage,offered_events_per_s,capacity_events_per_s,throughput_events_per_s,binding");
  const blank = lines.indexOf("");
  assert.equal(blank, 1 + stageCount, "one row per stage");
  const stages = lines.slice(1, blank).map((l) => l.split(","));
  const binding = stages.filter((r) => r[4] === "yes");
  assert.equal(binding.length, 1);
  assert.deepEqual(binding[0], ["task:shop-cdc#0", "9000", "7000", "7000", "yes"]);
  assert.equal(lines[blank + 1], "t_s,input_events_per_s,source_lag_events,consumer_lag_events,end_to_end_lag_events");
  const series = lines.slice(blank + 2);
  assert.equal(series.length, 289);
  assert.equal(series[0].split(",")[0], "0");
  assert.equal(series[288].split(",")[0], "86400");

  const json = await download(page, "button.export-json");
  assert.equal(json.name, "scaling-default.json");
  const state = JSON.parse(json.bytes.toString("utf8"));
  assert.equal(state.preset, "default");
  assert.equal(state.lang, "ru");
  assert.equal(state.input_events_per_s, 9000);
  assert.equal(state.binding.stage, "task:shop-cdc#0");
  assert.equal(state.stages.length, stageCount);
  assert.deepEqual(state.stages.filter((s) => s.binding).map((s) => s.stage), ["task:shop-cdc#0"]);

  const png = await download(page, "button.export-png");
  assert.equal(png.name, "scaling-default.png");
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(png.bytes.length > 5000, "the chart has drawn pixels");

  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the chart has a collapsed data table: the stages with the binding one, and the lag sample", async () => {
  const page = await openPage(env.browser, `${env.server.url}/`);
  await widgetsMounted(page, 2);
  const details = calc(page).locator("details.chart-data");
  await details.waitFor();
  assert.equal(await details.evaluate((d) => d.open), false, "collapsed by default");
  await details.locator("summary").click();
  const stageRows = details.locator("table.stages-data tbody tr");
  await stageRows.first().waitFor();
  assert.equal(await stageRows.count(), await calc(page).locator("canvas .stage").count());
  const bound = details.locator("table.stages-data tbody tr.binding");
  assert.equal(await bound.count(), 1);
  assert.equal(await bound.getAttribute("data-stage"), "task:shop-cdc#0");
  assert.equal((await bound.locator("td").nth(2).textContent()).trim(), "да");
  assert.equal((await details.locator("table.stages-data thead th").allTextContents()).length, 4);
  const lagRows = details.locator("table.lag-data tbody tr");
  assert.equal(await lagRows.count(), 25);
  assert.equal((await details.locator("table.lag-data thead th").allTextContents()).length, 4);
  await details.locator("summary").click();
  await page.waitForFunction(() => !document.getElementById("scale").shadowRoot.querySelector("table.data"));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
