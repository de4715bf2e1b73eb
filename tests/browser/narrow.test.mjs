// Both widgets on a 360 px phone (tests/browser/pages/narrow.html, test-build bundle): nothing
// inside either shadow root sticks out of its host — except inside a deliberately scrollable
// box (`.scroll-x`, `pre.config`), which must be keyboard-reachable and named — with the
// calculator's five-way comparison, its A/B panel and both data tables open; the comparison
// becomes cards; the calculator's chart grows to hold the wrapped stage names (that no chart
// label overlaps another is checked natively on the SVG in crates/wal-charts/tests/scaling.rs).
// The DR drill on a phone: a psql table wider than the screen keeps its lines and scrolls
// sideways inside the transcript (a focusable, named scroll box), never the page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPage, widgetsMounted } from "./browser.mjs";
import { serverAndBrowser } from "./harness.mjs";

const env = serverAndBrowser();

/** Elements of each widget's shadow root that stick out of the host, sideways. */
async function overflowing(page) {
  return page.evaluate(() => {
    const SCROLLERS = ".scroll-x, pre.config";
    const out = [];
    for (const host of document.querySelectorAll("cdc-wal-sim, cdc-scaling-calc")) {
      const h = host.getBoundingClientRect();
      const width = host.clientWidth;
      // Inside a named scroll box, or cut by an ancestor (the visually hidden header row):
      // not part of the widget's width.
      const contained = (el) => {
        for (let a = el.parentElement; a; a = a.parentElement) {
          if (a.matches(SCROLLERS)) return true;
          const x = getComputedStyle(a).overflowX;
          if (x === "hidden" || x === "clip") return true;
        }
        return false;
      };
      for (const el of host.shadowRoot.querySelectorAll("*")) {
        if (contained(el)) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        const style = getComputedStyle(el);
        const clips = el.matches(SCROLLERS) || style.overflowX === "hidden" || style.overflowX === "clip";
        const sticksOut = r.left < h.left - 0.5 || r.right > h.left + width + 0.5;
        const spills = !clips && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1;
        if (sticksOut || spills) {
          out.push(`${host.id}: <${el.localName} class="${el.getAttribute("class") ?? ""}"> ` +
            `left ${Math.round(r.left - h.left)} right ${Math.round(r.right - h.left)} of ${width}, ` +
            `scrollWidth ${el.scrollWidth} > ${el.clientWidth}: ${(el.textContent ?? "").slice(0, 50)}`);
        }
      }
    }
    return out;
  });
}

/** The deliberately scrollable boxes that do not take the focus or have no name. */
async function unreachableScrollers(page) {
  return page.evaluate(() => {
    const out = [];
    for (const host of document.querySelectorAll("cdc-wal-sim, cdc-scaling-calc")) {
      for (const el of host.shadowRoot.querySelectorAll(".scroll-x, pre.config")) {
        if (el.getAttribute("tabindex") !== "0" || !el.getAttribute("aria-label")) out.push(`${host.id}: ${el.outerHTML.slice(0, 80)}`);
      }
    }
    return out;
  });
}

async function openAll(page) {
  await page.evaluate(() => {
    for (const host of document.querySelectorAll("cdc-wal-sim, cdc-scaling-calc")) {
      for (const d of host.shadowRoot.querySelectorAll("details")) if (!d.open) d.querySelector("summary")?.click();
    }
  });
}

for (const scheme of ["light", "dark"]) {
  test(`at 360 px (${scheme}) nothing in either widget is wider than its host`, async () => {
    const page = await openPage(env.browser, `${env.server.url}/test/narrow.html`, { viewport: { width: 360, height: 800 }, colorScheme: scheme });
    await widgetsMounted(page, 2);
    const calc = page.locator("cdc-scaling-calc#scale");
    await calc.locator("p.binding").waitFor();
    await page.waitForTimeout(200);
    assert.deepEqual(await overflowing(page), []);

    // The comparison is cards: one block per variant, each value with its header.
    const row = calc.locator(".comparison tr[data-variant]").first();
    assert.equal(await row.evaluate((tr) => getComputedStyle(tr).display), "block");
    assert.match(await row.locator("td").first().evaluate((td) => getComputedStyle(td, "::before").content), /Предел без отставания/);

    // The chart grew to hold the names wrapped onto rows of their own (drawn at that height).
    const canvas = calc.locator(".stages canvas");
    await canvas.scrollIntoViewIfNeeded();
    await page.waitForTimeout(150);
    const { cssHeight, pixelHeight, ratio } = await canvas.evaluate((c) => ({
      cssHeight: c.getBoundingClientRect().height,
      pixelHeight: c.height,
      ratio: window.devicePixelRatio,
    }));
    const stages = await calc.locator(".stages .stage").count();
    assert.ok(cssHeight > 12 * 3 * stages + 224, `chart ${cssHeight} px for ${stages} stages`);
    assert.ok(Math.abs(pixelHeight - cssHeight * ratio) <= 1, `${pixelHeight} backing px for ${cssHeight} css px`);

    // A/B, every <details> and both data tables open: still nothing sticks out.
    await calc.locator("button.pin-a").click();
    await calc.locator('[data-param="consumers"] input[type=range]').evaluate((input) => {
      input.value = String(Number(input.value) + 2);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await calc.locator(".panel.compare").waitFor();
    await openAll(page);
    await calc.locator("table.lag-data").waitFor();
    await page.locator("cdc-wal-sim#wal table.data").waitFor();
    await page.waitForTimeout(200);
    assert.deepEqual(await overflowing(page), []);
    assert.deepEqual(await unreachableScrollers(page), []);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth));
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

test("at 1280 px the comparison stays a table and the chart keeps its usual height", async () => {
  const page = await openPage(env.browser, `${env.server.url}/test/narrow.html`, { viewport: { width: 1280, height: 900 } });
  await widgetsMounted(page, 2);
  const calc = page.locator("cdc-scaling-calc#scale");
  await calc.locator("p.binding").waitFor();
  await page.waitForTimeout(200);
  assert.equal(await calc.locator(".comparison tr[data-variant]").first().evaluate((tr) => getComputedStyle(tr).display), "table-row");
  assert.deepEqual(await overflowing(page), []);
  await page.context().close();
});

test("at 360 px a wide psql table scrolls inside the DR drill's transcript, not the page", async () => {
  // Every column of pg_replication_slots the drill knows: a table of ≈ 120 characters, about
  // three times what a 360 px screen shows in the transcript's monospace.
  const select =
    "SELECT slot_name, plugin, slot_type, database, temporary, active, active_pid, restart_lsn, confirmed_flush_lsn, wal_status FROM pg_replication_slots;";
  const query = new URLSearchParams([["dr.preset", "connector-deleted"], ["dr.cmd", select]]);
  const page = await openPage(env.browser, `${env.server.url}/test/dr.html?${query}`, { viewport: { width: 360, height: 800 } });
  await widgetsMounted(page, 1);
  const pre = page.locator("cdc-dr-drill pre.transcript");
  await pre.locator(".cmd").waitFor();
  await pre.scrollIntoViewIfNeeded();
  const box = await pre.evaluate((el) => {
    // The output's header line, from its first column to its last: one line box unless wrapped.
    const text = Array.from(el.childNodes).find((n) => n.nodeType === Node.TEXT_NODE && n.data.includes("wal_status"));
    const range = document.createRange();
    const from = text.data.indexOf("slot_name");
    range.setStart(text, from);
    range.setEnd(text, text.data.indexOf("wal_status", from) + "wal_status".length);
    const cmd = el.querySelector(".cmd").getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return {
      headerLines: range.getClientRects().length,
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
      overflowX: getComputedStyle(el).overflowX,
      tabindex: el.getAttribute("tabindex"),
      label: el.getAttribute("aria-label"),
      cmdInside: cmd.left >= r.left - 0.5 && cmd.right <= r.right + 0.5,
      pageWidth: document.documentElement.scrollWidth,
      viewportWidth: document.documentElement.clientWidth,
    };
  });
  assert.equal(box.headerLines, 1, "the table's header is not wrapped");
  assert.ok(box.scrollWidth > box.clientWidth * 1.5, `the table is wider than the box (${box.scrollWidth} > ${box.clientWidth})`);
  assert.equal(box.overflowX, "auto");
  assert.equal(box.tabindex, "0", "the scroll box takes the focus (keyboard scrolling)");
  assert.ok(box.label, "the scroll box has a name");
  assert.ok(box.cmdInside, "the typed command wraps inside the box");
  assert.ok(box.pageWidth <= box.viewportWidth, `no sideways scroll of the page (${box.pageWidth} > ${box.viewportWidth})`);
  // The keyboard scrolls it: focus, then → moves the view to the right.
  await pre.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.querySelector("cdc-dr-drill").shadowRoot.querySelector("pre.transcript").scrollLeft > 0, null, { timeout: 5000 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
