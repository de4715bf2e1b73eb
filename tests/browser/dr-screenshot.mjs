// Screenshots of <cdc-dr-drill> for reviewing by eye (not a test): a drill half done (the
// connector-deleted scenario, restored and resumed) in light, dark, presenter at 1280×720 and
// at 360 px, plus the terminal alone at 360 px (dr-360-terminal.png: the wide psql table
// scrolled inside the transcript).   node dr-screenshot.mjs [out-dir]
import { serve } from "./serve.mjs";
import { launch, openPage, widgetsMounted } from "./browser.mjs";

const outDir = process.argv[2] ?? "/tmp";
const lines = [
  "curl -fsS http://localhost:8083/connectors/inventory-connector/status | jq .",
  `curl -fsS -X POST -H 'Content-Type: application/json' -d '{"name":"inventory-connector","config":{"topic.prefix":"inventory","slot.name":"debezium_inventory"},"initial_state":"STOPPED"}' http://localhost:8083/connectors`,
  "curl -fsS http://localhost:8083/connectors/inventory-connector/offsets | jq .",
  "SELECT slot_name, active, restart_lsn, confirmed_flush_lsn FROM pg_replication_slots;",
  "SELECT slot_name, plugin, slot_type, database, temporary, active, active_pid, restart_lsn, confirmed_flush_lsn, wal_status FROM pg_replication_slots;",
  "curl -fsS -X PUT http://localhost:8083/connectors/inventory-connector/resume",
  "sleep 60",
];
const query = new URLSearchParams([["dr.preset", "connector-deleted"], ...lines.map((l) => ["dr.cmd", l])]);
const path = `/test/dr.html?${query}`;

const server = await serve();
const browser = await launch();
const shots = [
  ["dr-light.png", { width: 1280, height: 900 }, "light", false],
  ["dr-dark.png", { width: 1280, height: 900 }, "dark", false],
  ["dr-360.png", { width: 360, height: 800 }, "light", false],
  ["dr-presenter.png", { width: 1280, height: 720 }, "light", true],
];
for (const [name, viewport, colorScheme, presenter] of shots) {
  const page = await openPage(browser, `${server.url}${path}`, { viewport, colorScheme });
  await widgetsMounted(page, 1);
  await page.waitForTimeout(300);
  if (presenter) {
    await page.locator("cdc-dr-drill button.presenter-toggle").click();
    await page.waitForTimeout(300);
  }
  await page.screenshot({ path: `${outDir}/${name}`, fullPage: !presenter });
  if (viewport.width === 360) {
    const terminal = page.locator("cdc-dr-drill section.terminal");
    await terminal.scrollIntoViewIfNeeded();
    await terminal.screenshot({ path: `${outDir}/dr-360-terminal.png` });
  }
  const size = await page.evaluate(() => ({
    pageWidth: document.documentElement.scrollWidth,
    widgetHeight: Math.round(document.querySelector("cdc-dr-drill").getBoundingClientRect().height),
  }));
  console.log(name, JSON.stringify(size), page.problems.join("\n"));
  await page.context().close();
}
await browser.close();
await server.close();
