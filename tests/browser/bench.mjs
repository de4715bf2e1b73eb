// Browser benchmarks (figures, not pass/fail tests): run after scripts/test has built the
// playground, or after `trunk build --release`:   node tests/browser/bench.mjs
// (`node tests/browser/bench.mjs latency` runs only the slider measurement, 3 rounds.)
//
//  * slider input → model recomputed and chart redrawn, 7-day preset (idle-db-heartbeat),
//    ≥ 200 inputs: p50 / p95 / max (the widget records the time from the input event to the
//    end of its redraw)
//  * first widget interactive after DOMContentLoaded (playground, local server), 5 loads
//  * 10 widgets on one page: JS heap (after GC) + WebAssembly memory
//  * the embed bundle's size per file, per page type and in total, raw and gzipped
import fs from "node:fs";
import zlib from "node:zlib";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";
import { launch, openPage, widgetsMounted } from "./browser.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const server = await serve();
const browser = await launch();
const pct = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (x) => `${x.toFixed(2)} ms`;

/** Sums the page's layout shifts (not caused by input) into window.__cls from the first paint. */
async function watchLayoutShift(page) {
  await page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
}

const only = process.argv[2];

// 1. Slider latency on the 7-day preset.
for (let round = 0; round < (only === "latency" ? 3 : 1); round++) {
  const page = await openPage(browser, `${server.url}/?wal.preset=idle-db-heartbeat`);
  await widgetsMounted(page, 1);
  let samples = await page.evaluate(async () => {
    const host = document.getElementById("wal");
    const input = () => host.shadowRoot.querySelector('[data-param="heartbeat-interval"] input[type=range]');
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const out = [];
    const max = Number(input().max);
    for (let i = 0; i < 240; i++) {
      const el = input();
      host.__cdcLastUpdateMs = undefined;
      el.value = String(1 + ((i * 37) % max));
      el.dispatchEvent(new Event("input", { bubbles: true }));
      await frame();
      if (typeof host.__cdcLastUpdateMs === "number") out.push([host.__cdcLastUpdateMs, host.__cdcModelMs, host.__cdcDrawMs]);
    }
    return out;
  });
  const model = samples.map((s) => s[1]);
  const draw = samples.map((s) => s[2]);
  samples = samples.map((s) => s[0]);
  console.log(
    `slider → recompute + redraw (7-day preset, ${samples.length} inputs): p50 ${ms(pct(samples, 50))}, ` +
      `p95 ${ms(pct(samples, 95))}, max ${ms(Math.max(...samples))}   (budget p95 ≤ 8 ms)\n` +
      `    of which model (apply + validate + simulate) p50 ${ms(pct(model, 50))} p95 ${ms(pct(model, 95))}, chart draw p50 ${ms(pct(draw, 50))} p95 ${ms(pct(draw, 95))}`,
  );
  await page.context().close();
}

// 2. First widget interactive after DOMContentLoaded, and the layout shift while loading.
if (only !== "latency") {
  const times = [];
  const shifts = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await watchLayoutShift(page);
    await page.goto(`${server.url}/`);
    await widgetsMounted(page, 1);
    await page.waitForTimeout(200);
    shifts.push(await page.evaluate(() => window.__cls));
    times.push(
      await page.evaluate(() => {
        const nav = performance.getEntriesByType("navigation")[0];
        return document.getElementById("wal").__cdcMountedAt - nav.domContentLoadedEventStart;
      }),
    );
    await page.context().close();
  }
  console.log(`first widget interactive after DOMContentLoaded: median ${ms(pct(times, 50))}, max ${ms(Math.max(...times))}   (budget ≤ 300 ms)`);
  console.log(`cumulative layout shift while loading the playground: max ${Math.max(...shifts).toFixed(3)}   (good ≤ 0.1)`);
  for (const width of [1280, 800, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await watchLayoutShift(page);
    await page.goto(`${server.url}/test/ten.html`);
    await widgetsMounted(page, 10);
    await page.waitForTimeout(200);
    console.log(`  ten stacked widgets at ${width} px: cumulative layout shift ${(await page.evaluate(() => window.__cls)).toFixed(3)}`);
    await context.close();
  }
}

// 3. Ten widgets on one page.
if (only !== "latency") {
  const page = await openPage(browser, `${server.url}/test/ten.html`);
  await widgetsMounted(page, 10);
  await page.waitForTimeout(300);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  const wasmBytes = await page.evaluate(() => window.cdcWidgets.wasmMemoryBytes());
  const mb = (b) => `${(b / 1048576).toFixed(1)} MB`;
  console.log(`10 widgets: JS heap ${mb(usedSize)} + wasm memory ${mb(wasmBytes)} = ${mb(usedSize + wasmBytes)}   (budget ≤ 30 MB)`);
  await page.context().close();
}

// 4. Bundle size: one WebAssembly module per widget (NAME.js + NAME_bg.wasm), the combined
//    module (all.js + all_bg.wasm) and the loader; a page fetches the loader and the module of
//    its one kind of widget, or the combined module when it has several kinds.
if (only !== "latency") {
  const dir = path.join(repo, "dist/widgets");
  const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
  const size = (f) => {
    const body = fs.readFileSync(path.join(dir, f));
    return { raw: body.length, gz: zlib.gzipSync(body, { level: 9 }).length };
  };
  const COMBINED = "all";
  const modules = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith("_bg.wasm"))
    .map((f) => f.slice(0, -"_bg.wasm".length))
    .sort();
  const widgets = modules.filter((n) => n !== COMBINED);
  const loader = size("loader.js");
  console.log(`embed bundle, per file (raw / gzipped):`);
  console.log(`  loader.js ${kb(loader.raw)} / ${kb(loader.gz)}`);
  const perWidget = {};
  for (const name of modules) {
    const wasm = size(`${name}_bg.wasm`);
    const js = size(`${name}.js`);
    perWidget[name] = { raw: wasm.raw + js.raw, gz: wasm.gz + js.gz };
    console.log(
      `  ${name}_bg.wasm ${kb(wasm.raw)} / ${kb(wasm.gz)}, ${name}.js ${kb(js.raw)} / ${kb(js.gz)}: ` +
        `module ${kb(wasm.gz + js.gz)} gzipped   (budget ≤ 150 KB gzipped)`,
    );
  }
  const page = (names) => {
    const m = perWidget[names.length > 1 ? COMBINED : names[0]];
    return { raw: loader.raw + m.raw, gz: loader.gz + m.gz };
  };
  console.log(`per page type (loader + the modules of the tags on it):`);
  for (const name of widgets) {
    const p = page([name]);
    console.log(`  a page with <cdc-${name}> only: ${kb(p.raw)}, ${kb(p.gz)} gzipped`);
  }
  // The course's pages as built (www/course/dist): each fetches the modules of its own tags.
  const course = path.join(repo, "www/course/dist");
  const pages = [];
  const walk = (d) => {
    for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.name.endsWith(".html")) pages.push(f);
    }
  };
  walk(course);
  for (const f of pages.sort()) {
    const html = fs.readFileSync(f, "utf8");
    const tags = widgets.filter((n) => html.includes(`<cdc-${n}`));
    if (tags.length === 0) continue;
    const p = page(tags);
    console.log(`  course ${path.relative(course, f)}: ${tags.join(" + ")}: ${kb(p.raw)}, ${kb(p.gz)} gzipped`);
  }
  const all = page(widgets);
  console.log(`  a page with several kinds (${widgets.join(" + ")}: the combined module): ${kb(all.raw)}, ${kb(all.gz)} gzipped   (budget ≤ 150 KB gzipped for all widgets)`);
  const files = modules.reduce((t, n) => ({ raw: t.raw + perWidget[n].raw, gz: t.gz + perWidget[n].gz }), loader);
  console.log(`  every file of dist/widgets (what a site hosts): ${kb(files.raw)}, ${kb(files.gz)} gzipped`);
}

await browser.close();
await server.close();
