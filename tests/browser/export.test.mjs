// Exports of <cdc-wal-sim> and the chart's text alternative: the PNG / CSV / JSON buttons
// download files (read back and checked), and the collapsed data table lists the series.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import { openPage, widgetsMounted } from "./browser.mjs";
import { serverAndBrowser } from "./harness.mjs";

const env = serverAndBrowser();

const sim = (page) => page.locator("cdc-wal-sim#wal");

/** Clicks an export button and returns the downloaded file's name and bytes. */
async function download(page, button) {
  const [dl] = await Promise.all([page.waitForEvent("download"), sim(page).locator(button).click()]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), bytes: await fs.readFile(file) };
}

test("CSV, JSON and PNG exports download the series, the state and the chart", async () => {
  const page = await openPage(env.browser, `${env.server.url}/`);
  await widgetsMounted(page, 1);
  await sim(page).locator('td[data-col="wal_status"]').first().waitFor();
  // Move the cursor so the JSON has a cursor to compare.
  await sim(page).locator("canvas").focus();
  await page.keyboard.press("Home");
  for (let i = 0; i < 3; i++) await page.keyboard.press("Shift+ArrowRight");
  const cursor = Number(await sim(page).locator("canvas").getAttribute("aria-valuenow"));
  assert.ok(cursor > 0);

  const csv = await download(page, "button.export-csv");
  assert.equal(csv.name, "wal-idle-db-no-heartbeat.csv");
  const lines = csv.bytes.toString("utf8").split("\r\n");
  assert.equal(lines.pop(), "", "the last line ends with CRLF");
  assert.equal(lines[0], "from_ms,to_ms,current_lsn,pg_wal_bytes_max,debezium_retained_bytes_max,debezium_wal_status");
  // The whole scenario's 720 buckets, one row each.
  assert.equal(lines.length, 1 + 720);
  const first = lines[1].split(",");
  assert.equal(first[0], "0");
  assert.match(first[2], /^[0-9A-F]+\/[0-9A-F]+$/);
  const last = lines[720].split(",");
  const duration = Number(await sim(page).locator("canvas").getAttribute("aria-valuemax"));
  assert.equal(Number(last[1]), duration);

  const json = await download(page, "button.export-json");
  assert.equal(json.name, "wal-idle-db-no-heartbeat.json");
  const state = JSON.parse(json.bytes.toString("utf8"));
  assert.equal(state.preset, "idle-db-no-heartbeat");
  assert.equal(state.cursor_ms, cursor);
  assert.equal(state.duration_ms, duration);
  assert.equal(state.at_cursor.slots[0].name, "debezium");
  const shownStatus = (await sim(page).locator('td[data-col="wal_status"]').first().textContent()).trim();
  assert.equal(state.at_cursor.slots[0].row.wal_status, shownStatus);

  const png = await download(page, "button.export-png");
  assert.equal(png.name, "wal-idle-db-no-heartbeat.png");
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(png.bytes.length > 5000, "the chart has drawn pixels");

  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the chart has a collapsed data table with at most 48 sampled rows", async () => {
  const page = await openPage(env.browser, `${env.server.url}/`);
  await widgetsMounted(page, 1);
  const details = sim(page).locator("details.chart-data");
  await details.waitFor();
  assert.equal(await details.evaluate((d) => d.open), false, "collapsed by default");
  await details.locator("summary").click();
  const rows = details.locator("table.data tbody tr");
  await rows.first().waitFor();
  assert.equal(await rows.count(), 48);
  const headers = await details.locator("thead th").allTextContents();
  assert.equal(headers.length, 4);
  assert.equal(headers[1], "pg_wal");
  // The first row is the first bucket, the last one ends the scenario; statuses are words.
  assert.match(await rows.first().locator("td").nth(2).textContent(), /^(reserved|extended|unreserved|lost|—)$/);
  await details.locator("summary").click();
  await page.waitForFunction(() => !document.getElementById("wal").shadowRoot.querySelector("table.data"));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
