// End-to-end tests of the calculator's lag → WAL and A/B compare: the numbers the calculator
// promises about retained WAL are what <cdc-wal-sim> then shows, on the same page (the
// playground has both widgets) and through the playground link (a page with only the
// calculator); pinning A draws it over the chart and lists the differences. No console noise.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPage, widgetsMounted } from "./browser.mjs";
import { serverAndBrowser } from "./harness.mjs";

const env = serverAndBrowser();

const MIB = 1024 * 1024;

/** "5,0 ГБ" / "1,6 МБ" → MiB. */
function mib(text) {
  const m = text.match(/([\d\s\u00a0\u202f]+(?:,\d+)?)\s*(ГБ|МБ|КБ)/);
  assert.ok(m, `no size in ${text}`);
  const value = Number(m[1].replace(/[\s\u00a0\u202f]/g, "").replace(",", "."));
  return value * { ГБ: 1024, МБ: 1, КБ: 1 / 1024 }[m[2]];
}

/** The calculator's promise: "через 52 мин слот удерживает ≈ 5,0 ГБ". */
async function promise(calc) {
  const summary = await calc.locator(".lag-to-wal .wal-summary").textContent();
  const m = summary.match(/через (.+?) слот удерживает ≈ ([\d\s,]+ [КМГ]Б)/);
  assert.ok(m, summary);
  const rate = summary.match(/растёт на ([^(]+?) \(/);
  assert.ok(rate, summary);
  return { summary, after: m[1], retainedMiB: mib(m[2]), rateMiB: mib(rate[1]) };
}

/** What the simulator's slot row shows: retained_wal in pg_size_pretty ("5263 MB"). */
async function simRetainedMiB(sim) {
  const cell = sim.locator('td[data-col="retained_wal"]').first();
  await cell.waitFor();
  const text = (await cell.textContent()).trim();
  const m = text.match(/^(\d+) (MB|GB)$/);
  assert.ok(m, text);
  return Number(m[1]) * (m[2] === "GB" ? 1024 : 1);
}

/** The simulator shows R·c plus at most R × 150 s (the healthy slot's WAL when the connector
 * stopped, see widget-core/tests/scaling_to_wal.rs); the promise is rounded to 0.1 GB. */
function assertCarries(p, shownMiB) {
  const low = p.retainedMiB - 0.05 * 1024;
  const high = p.retainedMiB + 0.05 * 1024 + p.rateMiB * 150 * 1.05;
  assert.ok(shownMiB >= low && shownMiB <= high, `simulator ${shownMiB} MiB, calculator ≈ ${p.retainedMiB} MiB (${p.summary})`);
}

test("lag → WAL on the same page: the simulator takes the state, scrolls into view, is focused and shows the promised WAL", async () => {
  const page = await openPage(env.browser, `${env.server.url}/?scale.preset=burst`);
  await widgetsMounted(page, 2);
  const calc = page.locator("cdc-scaling-calc#scale");
  const sim = page.locator("cdc-wal-sim#wal");
  await calc.locator(".lag-to-wal .wal-summary").waitFor();
  const p = await promise(calc);
  // widget-core/tests/scaling_to_wal.rs: burst → 1 707 008 B/s for 1 h, cursor 52 min in.
  assert.equal(p.after, "52 мин");
  assert.match(p.summary, /1,6 МБ\/с/);
  assert.match(await calc.locator(".wal-simplification").textContent(), /^Упрощение: /);
  await calc.locator("a.open-wal").click();
  await sim.locator("p.note.from-calc").waitFor();
  assertCarries(p, await simRetainedMiB(sim));
  assert.equal((await sim.locator(".cursor-time").textContent()).trim().length > 0, true);
  // The page opted into URL state: the simulator's state is now in the address bar.
  await page.waitForFunction(() => location.search.includes("wal.captured-rate=1707008"));
  assert.match(page.url(), /wal\.preset=weekend-outage-disk-full/);
  assert.match(page.url(), /wal\.t=6720000/);
  // Focus: the simulator's chart; and it is in view.
  const focused = await page.evaluate(() => {
    const host = document.activeElement;
    return host?.id === "wal" && host.shadowRoot.activeElement?.tagName === "CANVAS";
  });
  assert.ok(focused, "the simulator's chart has the focus");
  const inView = await sim.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top < innerHeight && r.bottom > 0;
  });
  assert.ok(inView);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("lag → WAL without a simulator on the page opens the playground with the same numbers", async () => {
  const page = await openPage(env.browser, `${env.server.url}/test/calc-only.html`);
  await widgetsMounted(page, 1);
  const calc = page.locator("cdc-scaling-calc#calc");
  await calc.locator(".lag-to-wal .wal-summary").waitFor();
  const p = await promise(calc);
  const href = await calc.locator("a.open-wal").getAttribute("href");
  assert.match(href, /^\/\?wal\.preset=weekend-outage-disk-full&/);
  const problems = page.problems;
  await Promise.all([page.waitForURL(/\/\?wal\.preset=/), calc.locator("a.open-wal").click()]);
  await widgetsMounted(page, 2);
  const sim = page.locator("cdc-wal-sim#wal");
  assertCarries(p, await simRetainedMiB(sim));
  assert.deepEqual(problems, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("A/B: pin A, change the rate, A is drawn over the chart and the differences are listed", async () => {
  const page = await openPage(env.browser, `${env.server.url}/?scale.profile=steady&scale.rate=3000`);
  await widgetsMounted(page, 2);
  const calc = page.locator("cdc-scaling-calc#scale");
  await calc.locator("canvas").scrollIntoViewIfNeeded();
  await page.waitForTimeout(100);
  const hash = () =>
    page.evaluate(() => {
      const png = document.getElementById("scale").shadowRoot.querySelector("canvas").toDataURL("image/png");
      let h = 0;
      for (let i = 0; i < png.length; i++) h = (h * 31 + png.charCodeAt(i)) >>> 0;
      return h;
    });
  // No lag at 3 000 events/s: no lag → WAL panel.
  assert.equal(await calc.locator(".lag-to-wal").count(), 0);
  await calc.locator("button.pin-a").click();
  await calc.locator(".panel.compare").waitFor();
  assert.match(await calc.locator(".panel.compare").textContent(), /Параметры совпадают/);
  const pinnedSame = await hash();
  await calc.locator('[data-param="rate"] input[type=range]').evaluate((input) => {
    input.value = input.max; // 200 000 events/s
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await calc.locator(".panel.compare ul.diff-params li").first().waitFor();
  const diffs = await calc.locator(".panel.compare ul.diff-params li").allTextContents();
  assert.equal(diffs.length, 1, diffs.join(" | "));
  assert.match(diffs[0], /^Поток изменений \(базовый\): 3\s000 событий\/с → 200\s000 событий\/с$/);
  const changed = await calc.locator(".panel.compare tr.changed th").allTextContents();
  for (const name of ["узкое место", "макс. отставание", "отставание рассасывается за", "WAL из-за отставания"]) {
    assert.ok(changed.includes(name), `${name} not in ${changed}`);
  }
  assert.notEqual(await hash(), pinnedSame);
  // Now B lags: the lag → WAL panel appears.
  await calc.locator(".lag-to-wal").waitFor();
  await calc.locator("button.pin-a").click();
  await page.waitForFunction(() => !document.getElementById("scale").shadowRoot.querySelector(".panel.compare"));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
