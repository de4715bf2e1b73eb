// Off-screen widgets do no work (issue 10): on a long page (pages/long.html) whose widgets
// start 6 000 px and more below the viewport, no widget draws on its canvas, and nothing
// starts a timer or an animation frame, until it is scrolled into view; scrolled into view it
// draws; a change made while it is out of view again is drawn only when it comes back.
// Drawing is counted from outside: the page's CanvasRenderingContext2D methods and
// setTimeout / setInterval / requestAnimationFrame are wrapped before any script runs.
// On a lazy page (pages/lazy.html, `<body data-cdc-lazy>` like the course's lessons) a widget
// far below is not even mounted — only its module is loaded — until it comes within a viewport
// height of the view, or until lag → WAL sends it a state.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser } from "./harness.mjs";

const env = serverAndBrowser();

function instrument() {
  window.__draws = new WeakMap();
  window.__timers = [];
  const proto = CanvasRenderingContext2D.prototype;
  for (const name of ["fillRect", "clearRect", "strokeRect", "fillText", "strokeText", "fill", "stroke", "drawImage", "putImageData"]) {
    const original = proto[name];
    proto[name] = function (...args) {
      window.__draws.set(this.canvas, (window.__draws.get(this.canvas) ?? 0) + 1);
      return original.apply(this, args);
    };
  }
  for (const name of ["setTimeout", "setInterval", "requestAnimationFrame"]) {
    const original = window[name];
    window[name] = function (...args) {
      const stack = new Error().stack;
      // Playwright's own polling (waitForFunction) runs in the page too: not the widgets'.
      if (!/eval at evaluate|UtilityScript/.test(stack))
        window.__timers.push({ name, delay: name === "requestAnimationFrame" ? null : (args[1] ?? 0), at: stack.split("\n").slice(2, 4).join(" ").trim() });
      return original.apply(this, args);
    };
  }
}

/** Canvas drawing calls per widget id (0 when it has no canvas yet). */
const draws = (page) =>
  page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll("cdc-wal-sim, cdc-scaling-calc, cdc-dr-drill")].map((el) => [
        el.id,
        [...(el.shadowRoot?.querySelectorAll("canvas") ?? [])].reduce((n, c) => n + (window.__draws.get(c) ?? 0), 0),
      ]),
    ),
  );

test("widgets far below the fold draw nothing and start no timer until scrolled into view", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => ["error", "warning"].includes(m.type()) && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${env.server.url}/test/long.html`);
  await page.waitForFunction(() => window.cdcWidgets && window.cdcWidgets.count() === 3, null, { timeout: 20000 });
  // Mounted means rendered: the controls are there.
  await page.waitForFunction(() => document.getElementById("far-scale").shadowRoot.querySelector("input[type=range]"));
  await page.waitForTimeout(1000);
  assert.deepEqual(await draws(page), { "far-wal": 0, "far-scale": 0, "farther-wal": 0 }, "nothing drawn off-screen");
  // While mounting, Yew's scheduler may yield to the browser with a 0 ms timeout when the work
  // takes more than 16 ms (yew src/scheduler.rs); nothing else: no interval, no animation
  // frame, no delayed timer — and once mounted, nothing at all.
  const mounting = await page.evaluate(() => window.__timers.splice(0));
  assert.deepEqual(mounting.filter((t) => !(t.name === "setTimeout" && t.delay === 0)), [], "only 0 ms yields while mounting");
  await page.waitForTimeout(1500);
  assert.deepEqual(await page.evaluate(() => window.__timers), [], "no timer or animation frame once mounted");
  assert.deepEqual(await draws(page), { "far-wal": 0, "far-scale": 0, "farther-wal": 0 }, "still nothing drawn");

  // Into view: it draws; the others still do not.
  await page.locator("#far-wal").scrollIntoViewIfNeeded();
  await page.waitForFunction(() => window.__draws.get(document.getElementById("far-wal").shadowRoot.querySelector("canvas")) > 0);
  const seen = await draws(page);
  assert.ok(seen["far-wal"] > 0);
  assert.equal(seen["far-scale"], 0, "the calculator below is still not drawn");
  assert.equal(seen["farther-wal"], 0, "the last simulator is still not drawn");

  // Out of view again, a slider moved programmatically: no drawing until it comes back.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  const before = (await draws(page))["far-wal"];
  const stateBefore = await page.evaluate(() => document.getElementById("far-wal").__cdcState);
  await page.locator("#far-wal").evaluate((host) => {
    const input = host.shadowRoot.querySelector('[data-param="other-rate"] input[type=range]');
    input.value = "0";
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await page.waitForFunction((s) => document.getElementById("far-wal").__cdcState !== s, stateBefore);
  await page.waitForTimeout(500);
  assert.equal((await draws(page))["far-wal"], before, "a change while out of view is not drawn");
  await page.locator("#far-wal").scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (n) => window.__draws.get(document.getElementById("far-wal").shadowRoot.querySelector("canvas")) > n,
    before,
  );
  assert.deepEqual(problems, []);
  await context.close();
});

test("on a lazy page a widget far below mounts only near the viewport, or when lag → WAL sends it a state", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => ["error", "warning"].includes(m.type()) && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${env.server.url}/test/lazy.html`);
  // The calculator at the top mounts; the module (the combined one: both kinds on the page) is
  // loaded for all three.
  await page.waitForFunction(() => window.cdcWidgets && window.cdcWidgets.count() === 1, null, { timeout: 20000 });
  await page.locator("#near-calc canvas").waitFor();
  assert.deepEqual(await page.evaluate(async () => (await window.cdcWidgets.ready).map((m) => m.name)), ["charts"]);
  await page.waitForTimeout(1000);
  const far = () =>
    page.evaluate(() =>
      ["lazy-wal", "lazy-wal-2"].map((id) => {
        const el = document.getElementById(id);
        return { id, mounted: el.__cdcMounted === true, children: el.shadowRoot?.childElementCount ?? 0, reserved: parseFloat(el.style.minHeight) || 0 };
      }),
    );
  for (const w of await far()) {
    assert.equal(w.mounted, false, `${w.id} is not mounted while far below`);
    assert.equal(w.children, 0, `${w.id} has nothing rendered`);
    // Its placeholder keeps the page's length: the reserved height for a 1 264 px wide element.
    assert.ok(w.reserved > 1500, `${w.id} reserves ${w.reserved} px`);
  }
  assert.equal(await page.evaluate(() => window.cdcWidgets.count()), 1);

  // Lag → WAL: the calculator's state goes to the first simulator, which mounts to show it.
  await page.locator("#near-calc a.open-wal").click();
  await page.locator("#lazy-wal p.note.from-calc").waitFor();
  assert.equal(await page.evaluate(() => window.cdcWidgets.count()), 2);
  assert.equal((await far())[1].mounted, false, "the other simulator still waits");

  // Scrolled to within a viewport height of it, the last one mounts before it is in view.
  await page.evaluate(() => {
    const el = document.getElementById("lazy-wal-2");
    window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 2 * window.innerHeight + 200);
  });
  await page.waitForFunction(() => document.getElementById("lazy-wal-2").__cdcMounted === true, null, { timeout: 20000 });
  const top = await page.evaluate(() => document.getElementById("lazy-wal-2").getBoundingClientRect().top);
  assert.ok(top > 800, `mounted while still below the viewport (top ${top} px)`);
  assert.equal(await page.evaluate(() => window.cdcWidgets.mounted()), 3);
  assert.deepEqual(problems, []);
  await context.close();
});
