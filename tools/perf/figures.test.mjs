// The performance report's readers and budget verdicts (tools/perf/figures.mjs) and the
// browser figures' file helpers (tests/browser/perf.mjs), without a browser or Lighthouse:
//   node --test tools/perf/
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as figures from "./figures.mjs";
import { bundleBytes, coursePagesWithWidgets, widgetElements } from "../../tests/browser/perf.mjs";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "cdc-perf-"));
const write = (file, text) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};

test("criterion medians: only results written since the run started, named by full_id or folder", () => {
  const root = tmp();
  const estimates = (median) => JSON.stringify({ mean: { point_estimate: 1 }, median: { point_estimate: median } });
  write(path.join(root, "preset_b_7d_hb10s/new/estimates.json"), estimates(1234.5));
  write(path.join(root, "preset_b_7d_hb10s/new/benchmark.json"), JSON.stringify({ full_id: "preset_b_7d_hb10s" }));
  write(path.join(root, "group/case/new/estimates.json"), estimates(99));
  write(path.join(root, "stale/new/estimates.json"), estimates(7));
  // The stale one was written an hour before the run.
  const hourAgo = new Date(Date.now() - 3600_000);
  fs.utimesSync(path.join(root, "stale/new/estimates.json"), hourAgo, hourAgo);
  const since = Date.now() - 60_000;
  assert.deepEqual(figures.criterionResults(root, since), [
    { id: "group/case", median_ns: 99 },
    { id: "preset_b_7d_hb10s", median_ns: 1234.5 },
  ]);
  assert.deepEqual(figures.criterionResults(path.join(root, "missing"), since), []);
});

test("bench targets: every crates/*/benches/*.rs with its package name", () => {
  const repo = tmp();
  write(path.join(repo, "crates/wal-model/Cargo.toml"), '[package]\nname = "wal-model"\n');
  write(path.join(repo, "crates/wal-model/benches/engine.rs"), "");
  write(path.join(repo, "crates/widgets/Cargo.toml"), '[package]\nname = "cdc-widgets"\n');
  write(path.join(repo, "crates/widgets/benches/notes.txt"), "");
  write(path.join(repo, "crates/dr-model/Cargo.toml"), '[package]\nname = "dr-model"\n');
  assert.deepEqual(figures.benchTargets(repo), [{ crate: "wal-model", bench: "engine" }]);
});

test("widget elements of an HTML text, in order, whatever their tag", () => {
  const html = '<p>x</p><cdc-wal-sim id="wal" data-preset="a"></cdc-wal-sim>\n<cdc-dr-drill data-lang="en"></cdc-dr-drill><cdc-wal-sim id="w2">';
  assert.deepEqual(widgetElements(html), [
    { tag: "cdc-wal-sim", id: "wal" },
    { tag: "cdc-dr-drill", id: null },
    { tag: "cdc-wal-sim", id: "w2" },
  ]);
});

test("bundle bytes: every file, also in subfolders, raw sizes summed", () => {
  const dir = tmp();
  write(path.join(dir, "loader.js"), "x".repeat(3000));
  write(path.join(dir, "wasm/cdc-wal-sim.wasm"), "y".repeat(5000));
  const b = bundleBytes(dir);
  assert.deepEqual(b.files.map((f) => [f.file, f.raw_bytes]), [["loader.js", 3000], ["wasm/cdc-wal-sim.wasm", 5000]]);
  assert.equal(b.raw_bytes, 8000);
  // A run of one letter gzips to a few dozen bytes.
  for (const f of b.files) assert.ok(f.gzip_bytes > 0 && f.gzip_bytes < 100, `${f.file}: ${f.gzip_bytes}`);
  assert.equal(b.gzip_bytes, b.files[0].gzip_bytes + b.files[1].gzip_bytes);
});

test("course pages with widgets and the Lighthouse pages are found in the built site", () => {
  const dist = tmp();
  write(path.join(dist, "index.html"), "<h1>Курс</h1>");
  write(path.join(dist, "03-module-3/05-wal/index.html"), '<cdc-wal-sim id="a"></cdc-wal-sim><cdc-wal-sim id="b"></cdc-wal-sim>');
  write(path.join(dist, "03-module-3/06-scaling/index.html"), "<cdc-scaling-calc></cdc-scaling-calc><cdc-wal-sim></cdc-wal-sim>");
  write(path.join(dist, "02-module-2/02-slots/index.html"), "<p>no widget</p>");
  assert.deepEqual(coursePagesWithWidgets(dist), [
    { url: "/course/03-module-3/05-wal/", tags: ["cdc-wal-sim"] },
    { url: "/course/03-module-3/06-scaling/", tags: ["cdc-scaling-calc", "cdc-wal-sim"] },
  ]);
  assert.deepEqual(figures.lighthousePages(dist), [
    { name: "index", url: "/course/" },
    { name: "lesson 05", url: "/course/03-module-3/05-wal/" },
    { name: "lesson 06", url: "/course/03-module-3/06-scaling/" },
    { name: "lesson 07", url: null },
  ]);
});

test("Lighthouse summary: scores ×100, timings, the audits that cost points by weight", () => {
  const lhr = {
    categories: {
      performance: { score: 0.823, auditRefs: [{ id: "total-blocking-time", weight: 30 }, { id: "first-contentful-paint", weight: 10 }, { id: "dom-size", weight: 0 }] },
      accessibility: { score: 0.97, auditRefs: [{ id: "target-size", weight: 7 }, { id: "td-has-header", weight: 0 }, { id: "color-contrast", weight: 7 }] },
    },
    audits: {
      "total-blocking-time": { id: "total-blocking-time", score: 0.5, numericValue: 737.4, displayValue: "740 ms" },
      "first-contentful-paint": { id: "first-contentful-paint", score: 0.95, numericValue: 1200 },
      "dom-size": { id: "dom-size", score: 0, displayValue: "2,811 elements" },
      "target-size": { id: "target-size", score: 0 },
      "td-has-header": { id: "td-has-header", score: 0 },
      "color-contrast": { id: "color-contrast", score: 1 },
    },
  };
  const s = figures.lighthouseSummary(lhr);
  // 0.823 × 100 = 82.3 → 82; 0.97 × 100 = 97.
  assert.deepEqual(s.scores, { performance: 82, accessibility: 97 });
  assert.equal(s.metrics_ms.tbt, 737);
  assert.equal(s.metrics_ms.lcp, null);
  // Performance lists unweighted diagnostics too; accessibility only weighted audits below 0.9.
  assert.deepEqual(s.losing_points, {
    performance: ["total-blocking-time (740 ms)", "dom-size (2,811 elements)"],
    accessibility: ["target-size"],
  });
});

/** The verdict of the row whose section starts with `section`. */
const verdict = (rows, section) => rows.filter((r) => r[0].startsWith(section)).map((r) => r[4]);

test("budgets: at the limit passes, just over fails; no budget, no verdict", () => {
  const MB = figures.MB;
  const rows = figures.tableRows({
    model: [
      { crate: "wal-model", bench: "engine", id: "preset_b_7d_hb10s", median_ns: 1e6, budget_ns: 1e6 },
      { crate: "wal-model", bench: "engine", id: "month_30d", median_ns: 5.1e6, budget_ns: 5e6 },
      { crate: "scaling-model", bench: "scaling", id: "x", median_ns: 70e3 },
    ],
    interaction: [
      { tag: "cdc-wal-sim", slider: "heartbeat-interval", p50_ms: 4, p95_ms: 8, max_ms: 9, inputs: 240 },
      { tag: "cdc-scaling-calc", slider: "rate", p50_ms: 4, p95_ms: 8.01, max_ms: 9, inputs: 240 },
      { tag: "cdc-dr-drill", skipped: 'no slider (input[type="range"]) in the widget' },
    ],
    first_interactive: [
      { page: "/course/a/", tags: ["cdc-wal-sim"], runs: 5, from_navigation_start_ms: 300, after_dom_content_loaded_ms: 50 },
      { page: "/course/b/", tags: ["cdc-wal-sim"], runs: 5, from_navigation_start_ms: 300.5, after_dom_content_loaded_ms: 50 },
      { page: "/course/c/", tags: ["cdc-wal-sim"], runs: 0, failure: "timeout" },
    ],
    memory: { widgets: 10, js_heap_peak_bytes: 2 * MB, js_heap_after_gc_bytes: MB, wasm_memory_bytes: 28 * MB, peak_total_bytes: 30 * MB },
    bundle: { files: [{ file: "a.wasm", raw_bytes: 1, gzip_bytes: 150 * 1024 + 1 }], raw_bytes: 1, gzip_bytes: 150 * 1024 + 1 },
    widget_bytes: [{ tag: "cdc-wal-sim", files: [{ file: "/widgets/a.wasm" }], raw_bytes: 1, gzip_bytes: 150 * 1024 }],
    lighthouse: [
      { name: "index", url: "/course/", scores: { performance: 95, accessibility: 94, "best-practices": 50, seo: 100 }, metrics_ms: { tbt: 0, lcp: 700 }, losing_points: {} },
      { name: "lesson 07", url: null, failure: "no such lesson in the built course" },
    ],
  });
  assert.deepEqual(verdict(rows, "model"), ["✓", "✗", ""]);
  assert.deepEqual(verdict(rows, "slider"), ["✓", "✗", ""]);
  assert.deepEqual(verdict(rows, "first widget"), ["✓", "✗", "✗"]);
  // 2 MB + 28 MB = 30 MB: exactly the budget.
  assert.deepEqual(verdict(rows, "memory"), ["✓"]);
  assert.deepEqual(verdict(rows, "bundle total"), ["✗"]);
  assert.deepEqual(verdict(rows, "page with one widget"), ["✓"]);
  // performance 95 ✓, accessibility 94 ✗, best practices and SEO without a budget; a failed page ✗.
  assert.deepEqual(verdict(rows, "Lighthouse"), ["✓", "✗", "", "", "✗"]);
  // ✗: month_30d, the 8.01 ms slider, two pages, the bundle total, accessibility 94, lesson 07.
  assert.match(figures.plainText(rows), /7 figure\(s\) over budget or failed$/);
});

test("memory without the wasm figure is a failure, not a pass", () => {
  const rows = figures.tableRows({ memory: { widgets: 10, js_heap_peak_bytes: 1, js_heap_after_gc_bytes: 1, wasm_memory_bytes: null, peak_total_bytes: null, note: "no wasm" } });
  assert.deepEqual(verdict(rows, "memory"), ["✗"]);
});

test("the traced main-thread CPU figure is a second row without a verdict: it never passes a slow wall-clock figure", () => {
  const rows = figures.tableRows({
    interaction: [
      {
        tag: "cdc-wal-sim", slider: "heartbeat-interval", p50_ms: 7, p95_ms: 13.7, max_ms: 20, inputs: 240,
        traced_inputs: 240, main_thread_cpu_p50_ms: 5.5, main_thread_cpu_p95_ms: 7.5, main_thread_cpu_max_ms: 9,
      },
      { tag: "cdc-dr-drill", slider: "change-interval", p50_ms: 3, p95_ms: 5, max_ms: 9, inputs: 240 },
    ],
  });
  // Wall clock: 13.7 > 8 ✗, 5 ≤ 8 ✓; the CPU row (7.5 ms, under the budget) judges nothing.
  assert.deepEqual(verdict(rows, "slider → frame painted"), ["✗", "✓"]);
  const cpu = rows.filter((r) => r[0] === "slider → main-thread CPU");
  assert.equal(cpu.length, 1, "one CPU row, for the widget that has the figure");
  assert.equal(cpu[0][2], "p50 5.50 ms, p95 7.50 ms, max 9.00 ms (240 traced inputs)");
  assert.deepEqual([cpu[0][3], cpu[0][4]], ["", ""]);
});

test("three rounds of inputs: judged on the median p95, every round's p95 shown", () => {
  const rows = figures.tableRows({
    interaction: [
      {
        tag: "cdc-wal-sim", slider: "heartbeat-interval", p50_ms: 6.3, p95_ms: 8.5, max_ms: 18.2, inputs: 240,
        rounds: [
          { p50_ms: 6.2, p95_ms: 8.5, max_ms: 16.5 },
          { p50_ms: 7.4, p95_ms: 11.4, max_ms: 18.2 },
          { p50_ms: 6.3, p95_ms: 7.9, max_ms: 13.6 },
        ],
      },
      {
        tag: "cdc-dr-drill", slider: "change-interval", p50_ms: 3, p95_ms: 5, max_ms: 9, inputs: 240,
        rounds: [{ p50_ms: 3, p95_ms: 5, max_ms: 9 }],
      },
    ],
  });
  // The median p95 (8.5 ms) is over the budget even though one round (7.9) was under it.
  assert.deepEqual(verdict(rows, "slider → frame painted"), ["✗", "✓"]);
  const [sim, drill] = rows.filter((r) => r[0] === "slider → frame painted");
  assert.equal(sim[2], "p50 6.30 ms, p95 8.50 ms, max 18.20 ms (median of 3 rounds of 240 inputs, p95 per round 8.50 / 11.40 / 7.90 ms)");
  // One round reads as before.
  assert.equal(drill[2], "p50 3.00 ms, p95 5.00 ms, max 9.00 ms (240 inputs)");
});
