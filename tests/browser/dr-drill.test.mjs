// End-to-end tests of <cdc-dr-drill> (test page /test/dr.html, test bundle): each of lesson
// 07's three scenarios played by typing the commands into the terminal panel (and the insert
// buttons) until the widget shows the pass; the classic mistake (recreate the slot and restart
// without a snapshot on Debezium < 2.6) reported as a data gap; a malformed command answered in
// the tool's style with nothing inserted as HTML and no console error; the permalink restoring
// the transcript; the presenter view fitting 1280×720.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPage, widgetsMounted } from "./browser.mjs";
import { serverAndBrowser } from "./harness.mjs";

const env = serverAndBrowser();

const URL = "http://localhost:8083/connectors/inventory-connector";
const STATUS = `curl -fsS ${URL}/status | jq .`;
const CREATE_STOPPED = `curl -fsS -X POST -H 'Content-Type: application/json' -d '{"name":"inventory-connector","config":{"connector.class":"io.debezium.connector.postgresql.PostgresConnector","topic.prefix":"inventory","slot.name":"debezium_inventory","snapshot.mode":"initial"},"initial_state":"STOPPED"}' http://localhost:8083/connectors`;
const GET_OFFSETS = `curl -fsS ${URL}/offsets | jq .`;
const SLOTS = "SELECT slot_name, active, restart_lsn, confirmed_flush_lsn FROM pg_replication_slots;";
const RESUME = `curl -fsS -X PUT ${URL}/resume`;
const STOP = `curl -fsS -X PUT ${URL}/stop`;
const CREATE_SLOT = "SELECT * FROM pg_create_logical_replication_slot('debezium_inventory', 'pgoutput');";
const WHEN_NEEDED = `curl -fsS -X PUT -H 'Content-Type: application/json' -d '{"connector.class":"io.debezium.connector.postgresql.PostgresConnector","topic.prefix":"inventory","slot.name":"debezium_inventory","snapshot.mode":"when_needed"}' ${URL}/config`;
const RESTART = `curl -fsS -X POST '${URL}/restart?includeTasks=true&onlyFailed=true'`;

const drill = (page) => page.locator("cdc-dr-drill#dr");
const verdict = (page) => drill(page).locator(".task .verdict");

async function open(query = "", options = {}) {
  const page = await openPage(env.browser, `${env.server.url}/test/dr.html${query}`, options);
  await widgetsMounted(page, 1);
  await drill(page).locator("input.cmdline").waitFor();
  return page;
}

/** Types `line` into the input and presses Enter; waits until it is in the transcript. */
async function type(page, line) {
  const before = await drill(page).locator("pre.transcript .cmd").count();
  const input = drill(page).locator("input.cmdline");
  await input.fill(line);
  await input.press("Enter");
  await page.waitForFunction(
    (n) => document.getElementById("dr").shadowRoot.querySelectorAll("pre.transcript .cmd").length > n,
    before,
  );
}

async function lastOutput(page) {
  return drill(page).locator("pre.transcript").evaluate((pre) => pre.textContent.split("\n$ ").at(-1));
}

test("connector deleted: recreate stopped, check the offsets, PATCH, resume — passes", async () => {
  const page = await open("?dr.preset=connector-deleted");
  assert.match(await verdict(page).textContent(), /не выполнено/);
  await type(page, STATUS);
  assert.match(await lastOutput(page), /404/);
  await type(page, CREATE_STOPPED);
  await type(page, GET_OFFSETS);
  assert.match(await lastOutput(page), /"lsn_commit": 50370048/);
  await type(page, SLOTS);
  // The PATCH line comes from the insert button (the body of GET …/offsets); the button only
  // inserts: nothing runs until Enter.
  const runs = await drill(page).locator("pre.transcript .cmd").count();
  await drill(page).locator("button.snippet", { hasText: "PATCH из копии" }).click();
  assert.match(await drill(page).locator("input.cmdline").inputValue(), /^curl -fsS -X PATCH .*"lsn_proc":50370048/);
  assert.equal(await drill(page).locator("pre.transcript .cmd").count(), runs);
  await drill(page).locator("input.cmdline").press("Enter");
  await page.waitForFunction(() => /altered successfully/.test(document.getElementById("dr").shadowRoot.querySelector("pre.transcript").textContent));
  await type(page, GET_OFFSETS);
  await type(page, RESUME);
  await drill(page).locator("button.wait").click();
  await type(page, STATUS);
  await page.waitForFunction(() => /Задание выполнено/.test(document.getElementById("dr").shadowRoot.querySelector(".task .verdict").textContent));
  assert.equal(await drill(page).locator(".task .summary").textContent(), "0 пропусков и 0 дубликатов");
  // Runbook: every needed step ticked, no warning.
  assert.equal(await drill(page).locator("ol.steps li.warn").count(), 0);
  assert.equal(await drill(page).locator("ul.warnings li").count(), 0);
  assert.equal(await drill(page).locator("ol.steps li.done").count(), 7);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("failover lost the slot: create it, snapshot.mode=when_needed, resume — passes with duplicates", async () => {
  const page = await open("?dr.preset=failover-slot-lost");
  await type(page, STATUS);
  assert.match(await lastOutput(page), /FAILED/);
  await type(page, STOP);
  await type(page, SLOTS);
  assert.match(await lastOutput(page), /\(0 rows\)/);
  await type(page, CREATE_SLOT);
  await type(page, WHEN_NEEDED);
  await type(page, RESUME);
  await type(page, "sleep 60");
  await type(page, STATUS);
  await page.waitForFunction(() => /Задание выполнено/.test(document.getElementById("dr").shadowRoot.querySelector(".task .verdict").textContent));
  // Changes 1–150 were delivered before the failover; the snapshot repeats them.
  assert.equal(await drill(page).locator(".task .summary").textContent(), "0 пропусков и 150 дубликатов");
  assert.match(await drill(page).locator(".task p.dups").textContent(), /1–150/);
  assert.match(await drill(page).locator(".state-panel .data-topic").textContent(), /снимков: 1/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("Kafka offsets lost: read the console-consumer backup, create stopped, PATCH from it, resume — passes", async () => {
  const page = await open("?dr.preset=kafka-offsets-lost");
  await type(page, STATUS);
  await type(page, "cat connect-offsets-backup.txt");
  assert.match(await lastOutput(page), /\["inventory-connector",\{"server":"inventory"\}\]\t\{"lsn_proc":50370048/);
  await drill(page).locator("button.snippet", { hasText: "создать STOPPED" }).click();
  await drill(page).locator("input.cmdline").press("Enter");
  await type(page, SLOTS);
  await drill(page).locator("button.snippet", { hasText: "PATCH из копии" }).click();
  await drill(page).locator("input.cmdline").press("Enter");
  await type(page, GET_OFFSETS);
  await type(page, RESUME);
  await drill(page).locator("button.wait").click();
  await page.waitForFunction(() => /Задание выполнено/.test(document.getElementById("dr").shadowRoot.querySelector(".task .verdict").textContent));
  assert.equal(await drill(page).locator(".task .summary").textContent(), "0 пропусков и 0 дубликатов");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the classic mistake: recreate the slot and restart without a snapshot (Debezium < 2.6) — a data gap", async () => {
  const page = await open("?dr.preset=failover-slot-lost&dr.debezium-version=pre-2.6");
  await type(page, CREATE_SLOT);
  await type(page, RESTART);
  await type(page, "sleep 60");
  await type(page, STATUS);
  // Slot created at 155 s; the offset (120 s) is behind it: changes 151–155 never arrive.
  assert.match(await lastOutput(page), /"state": "RUNNING"/);
  assert.match(await verdict(page).textContent(), /не выполнено/);
  assert.equal(await drill(page).locator(".task .summary").textContent(), "5 пропусков и 0 дубликатов; RPO 5 с");
  assert.match(await drill(page).locator(".task p.gaps").textContent(), /151–155/);
  assert.equal(await drill(page).locator("ul.checks li.no").count(), 1);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("malformed commands get the tool's error, input is text only, no console error", async () => {
  const page = await open();
  await type(page, `curl '${URL}/status`);
  assert.match(await lastOutput(page), /unexpected EOF|matching|quote/i);
  await type(page, "<img src=x onerror=alert(1)>");
  // bash reads `<` as a redirection: the panel says it has no files (not modelled).
  assert.match(await lastOutput(page), /^<img src=x onerror=alert\(1\)>\ncdc-lab: redirections are not supported/);
  await type(page, "SELECT pg_drop_replication_slot('x'");
  assert.match(await lastOutput(page), /ERROR: {2}syntax error/);
  await type(page, "sleep soon");
  assert.match(await lastOutput(page), /sleep: invalid time interval 'soon'/);
  assert.equal(await drill(page).locator("img").count(), 0);
  // ↑ recalls the last line.
  await drill(page).locator("input.cmdline").press("ArrowUp");
  assert.equal(await drill(page).locator("input.cmdline").inputValue(), "sleep soon");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the permalink restores the transcript exactly", async () => {
  const page = await open("?dr.preset=orphaned-slot", { permissions: ["clipboard-read", "clipboard-write"] });
  await type(page, STATUS);
  await type(page, "SELECT slot_name, active FROM pg_replication_slots WHERE NOT active;");
  await type(page, "SELECT pg_drop_replication_slot('debezium_old');");
  const transcript = await drill(page).locator("pre.transcript").textContent();
  await drill(page).locator("button.copy-link").click();
  await drill(page).locator(".head [role=status]", { hasText: "скопирована" }).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, /dr\.cmd=/);
  const again = await openPage(env.browser, link);
  await widgetsMounted(again, 1);
  await drill(again).locator("pre.transcript .cmd").nth(2).waitFor();
  assert.equal(await drill(again).locator("pre.transcript").textContent(), transcript);
  assert.match(await drill(again).locator(".task .verdict").textContent(), /Задание выполнено/);
  assert.deepEqual(again.problems, []);
  await again.context().close();
  await page.context().close();
});

test("the presenter view fits 1280×720", async () => {
  const lines = [STATUS, CREATE_STOPPED, GET_OFFSETS, SLOTS, RESUME, "sleep 60"];
  const query = new URLSearchParams([["dr.preset", "connector-deleted"], ...lines.map((l) => ["dr.cmd", l])]);
  const page = await open(`?${query}`, { viewport: { width: 1280, height: 720 } });
  await drill(page).locator("button.presenter-toggle").click();
  await drill(page).locator(".w.presenter").waitFor();
  await page.waitForTimeout(300);
  const fit = await page.evaluate(() => {
    const root = document.getElementById("dr").shadowRoot;
    const w = root.querySelector(".w");
    const box = (sel) => root.querySelector(sel).getBoundingClientRect();
    return {
      overflow: w.scrollHeight - w.clientHeight,
      input: box("input.cmdline").bottom,
      runbook: box(".runbook").bottom,
      verdict: box(".task .verdict").bottom,
      font: parseFloat(getComputedStyle(w).fontSize),
    };
  });
  assert.ok(fit.overflow <= 0, JSON.stringify(fit));
  assert.ok(fit.input <= 720 && fit.runbook <= 720 && fit.verdict <= 720, JSON.stringify(fit));
  assert.ok(fit.font >= 18, JSON.stringify(fit));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("instructor script: the steps replay their commands, questions wait for an answer, back restores", async () => {
  const page = await open("?dr.preset=connector-deleted");
  await drill(page).locator("button.start-script").click();
  const counter = drill(page).locator(".player .counter");
  await counter.waitFor();
  assert.match(await counter.textContent(), /^Шаг 1\/5$/);
  // Step 1 asks first: "next" is disabled until an answer.
  assert.ok(await drill(page).locator(".player button.next").isDisabled());
  await drill(page).locator(".question .choice").first().click();
  await drill(page).locator(".question .explanation").waitFor();
  await drill(page).locator(".player .narration").click();
  await page.keyboard.press("PageDown");
  await page.waitForFunction(() => /Шаг 2\//.test(document.getElementById("dr").shadowRoot.querySelector(".player .counter").textContent));
  // Step 2 ran GET …/status: 404, the connector is gone.
  assert.equal(await drill(page).locator("pre.transcript .cmd").count(), 1);
  const step2 = await drill(page).locator("pre.transcript").textContent();
  await page.keyboard.press("PageDown");
  await page.keyboard.press("PageDown");
  await page.waitForFunction(() => /Шаг 4\//.test(document.getElementById("dr").shadowRoot.querySelector(".player .counter").textContent));
  assert.equal(await drill(page).locator("pre.transcript .cmd").count(), 4);
  await drill(page).locator(".question .choice").nth(1).click();
  await drill(page).locator(".player .narration").click();
  await page.keyboard.press("PageDown");
  await page.waitForFunction(() => /Задание выполнено/.test(document.getElementById("dr").shadowRoot.querySelector(".task .verdict").textContent));
  // Back to step 2: exactly its transcript again.
  for (let i = 0; i < 3; i++) await page.keyboard.press("PageUp");
  await page.waitForFunction(() => /Шаг 2\//.test(document.getElementById("dr").shadowRoot.querySelector(".player .counter").textContent));
  assert.equal(await drill(page).locator("pre.transcript").textContent(), step2);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
