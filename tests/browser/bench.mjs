// Browser benchmarks (figures, not pass/fail tests): run after scripts/test has built the
// playground, or after `trunk build --release`:   node tests/browser/bench.mjs [--json]
// The measurements are tests/browser/perf.mjs' (scripts/perf-report runs them too, with the
// criterion medians and Lighthouse); `--json` prints them as JSON instead of lines.
//
//  * per widget of the playground: slider input → the frame painted after it, p50 / p95 / max
//    (<cdc-wal-sim> on the 7-day preset idle-db-heartbeat)
//  * first widget interactive on the playground, 5 cold loads
//  * cumulative layout shift while loading (the playground; ten stacked widgets at 3 widths)
//  * 10 widgets on one page: JS heap + WebAssembly memory
//  * the embed bundle's files, raw and gzipped
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";
import { launch, widgetsMounted } from "./browser.mjs";
import * as perf from "./perf.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const json = process.argv.includes("--json");
const server = await serve();
const browser = await launch();
const ms = (x) => (x == null ? "—" : `${x.toFixed(2)} ms`);
const mb = (b) => `${(b / 1048576).toFixed(1)} MB`;
const playgroundHtml = fs.readFileSync(path.join(repo, "dist/playground/index.html"), "utf8");
const tags = [...new Set(perf.widgetElements(playgroundHtml).map((w) => w.tag))];

/** Sums the page's layout shifts (not caused by input) into window.__cls from the first paint. */
async function watchLayoutShift(page) {
  await page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
}

async function layoutShift(url, widgets, width) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await watchLayoutShift(page);
  await page.goto(url);
  await widgetsMounted(page, widgets);
  await page.waitForTimeout(200);
  const cls = await page.evaluate(() => window.__cls);
  await context.close();
  return cls;
}

const tenShift = {};
for (const width of [1280, 800, 390]) tenShift[width] = await layoutShift(`${server.url}/test/ten.html`, 10, width);
const figures = {
  interaction: await perf.interactionLatency(browser, server.url, playgroundHtml),
  first_interactive: await perf.firstInteractive(browser, server.url, [{ url: "/", tags }]),
  layout_shift: {
    playground: await layoutShift(`${server.url}/`, 1, 1280),
    ten_widgets: tenShift,
  },
  memory: await perf.tenWidgetsMemory(browser, server.url),
  bundle: perf.bundleBytes(path.join(repo, "dist/widgets")),
};
await browser.close();
await server.close();

if (json) {
  console.log(JSON.stringify(figures, null, 2));
} else {
  for (const i of figures.interaction) {
    if (i.skipped) console.log(`<${i.tag}>: slider latency skipped: ${i.skipped}`);
    else
      console.log(
        `<${i.tag}> slider ${i.slider} → frame painted (${i.inputs} inputs): p50 ${ms(i.p50_ms)}, p95 ${ms(i.p95_ms)}, max ${ms(i.max_ms)}   (budget p95 ≤ 8 ms)` +
          (i.widget_reported_p50_ms != null ? `\n    the widget's own input → redrawn: p50 ${ms(i.widget_reported_p50_ms)}, p95 ${ms(i.widget_reported_p95_ms)}` : "") +
          (i.main_thread_cpu_p50_ms != null ? `\n    main-thread CPU per input (traced, ${i.traced_inputs} inputs): p50 ${ms(i.main_thread_cpu_p50_ms)}, p95 ${ms(i.main_thread_cpu_p95_ms)}, max ${ms(i.main_thread_cpu_max_ms)}` : ""),
      );
  }
  const f = figures.first_interactive[0];
  console.log(`first widget interactive (playground, ${f.runs} loads): median ${ms(f.from_navigation_start_ms)} from navigation start, ${ms(f.after_dom_content_loaded_ms)} after DOMContentLoaded   (budget ≤ 300 ms)`);
  console.log(`cumulative layout shift while loading the playground: ${figures.layout_shift.playground.toFixed(3)}   (good ≤ 0.1)`);
  for (const [w, cls] of Object.entries(figures.layout_shift.ten_widgets)) console.log(`  ten stacked widgets at ${w} px: ${cls.toFixed(3)}`);
  const m = figures.memory;
  console.log(
    `${m.widgets} widgets: JS heap peak ${mb(m.js_heap_peak_bytes)} (${mb(m.js_heap_after_gc_bytes)} after GC) + wasm memory ${m.wasm_memory_bytes == null ? "?" : mb(m.wasm_memory_bytes)}` +
      `${m.peak_total_bytes == null ? "" : ` = ${mb(m.peak_total_bytes)}`}   (budget ≤ 30 MB)`,
  );
  for (const file of figures.bundle.files) console.log(`  ${file.file}: ${(file.raw_bytes / 1024).toFixed(0)} KB, ${(file.gzip_bytes / 1024).toFixed(0)} KB gzipped`);
  console.log(`embed bundle (dist/widgets, every file): ${(figures.bundle.raw_bytes / 1024).toFixed(0)} KB, ${(figures.bundle.gzip_bytes / 1024).toFixed(0)} KB gzipped   (budget ≤ 150 KB gzipped)`);
}
