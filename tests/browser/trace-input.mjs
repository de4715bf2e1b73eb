// Where the frame of a slider input goes (not a test): records a Chromium trace (CDP `Tracing`)
// over N slider inputs on one widget of the built playground, set up as perf.mjs's
// interactionLatency does (same viewport, preset, slider, values, input inside a
// requestAnimationFrame callback, clock stopped in a MessageChannel task posted from it), and
// breaks each input's window [input dispatched, MessageChannel task] into what the renderer
// did: our script (EventDispatch / FunctionCall, wasm included), style (UpdateLayoutTree,
// elements recalculated), layout (nodes dirty / total, the dirty root), pre-paint, paint,
// layerize, commit, GC (on the main thread), and raster tasks (other threads, overlapping).
// Prints the p50 input, the p95 input and the mean of the slowest 5 %, plus per-kind means, by
// wall-clock time (what perf.mjs measures) and by the main thread's CPU time (thread time:
// without the waits for a CPU that other processes on a shared machine add).
//
//   node tests/browser/trace-input.mjs [tag] [inputs] [--keep]   (after trunk build --release)
//
// --keep leaves the trace in target/perf-report/input-trace.json (chrome://tracing, Perfetto).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";
import { launch } from "./browser.mjs";
import { CATEGORIES, ORDER, perInputBreakdown, traceRun } from "./input-trace.mjs";
import * as perf from "./perf.mjs";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const keep = process.argv.includes("--keep");
const [tag = "cdc-wal-sim", inputs = "100"] = args;
const n = Number(inputs);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const categories = [...CATEGORIES];
// More categories to dig (comma-separated), e.g. TRACE_CATEGORIES=toplevel,mojom,disabled-by-default-skia
if (process.env.TRACE_CATEGORIES) categories.push(...process.env.TRACE_CATEGORIES.split(","));

const server = await serve();
const browser = await launch();
const { context, page, index, selector: SLIDER } = await perf.openForInputs(browser, server.url, tag);

// perf.mjs' own inputs (same values, same clock), with the marks the breakdown needs.
const { result, events, text } = await traceRun(
  context,
  page,
  () => page.evaluate(perf.runInputs, { index, selector: SLIDER, inputs: n, mark: true }),
  categories,
);
if (result.note) {
  console.error(`trace-input: ${tag}: ${result.note}`);
  process.exit(1);
}

await browser.close();
await server.close();

if (keep) {
  const file = path.join(repo, "target/perf-report/input-trace.json");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  console.log(`trace: ${path.relative(repo, file)}`);
}
const perInput = perInputBreakdown(events, n, result.painted, result.own);

const f = (x) => (x == null ? "  –  " : x.toFixed(2).padStart(5));
const sorted = perInput.slice().sort((x, y) => x.painted_ms - y.painted_ms);
const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const tail = sorted.slice(Math.floor(0.95 * sorted.length));
const mean = (rows, get) => rows.reduce((s, r) => s + get(r), 0) / Math.max(1, rows.length);
const describe = (label, rows) => {
  const parts = ORDER.filter((k) => k !== "gc").map((k) => `${k} ${f(mean(rows, (r) => r.top[k]))}`);
  console.log(
    `${label.padEnd(16)} painted ${f(mean(rows, (r) => r.painted_ms))}  own ${f(mean(rows, (r) => r.own_ms ?? 0))}  cpu ${f(mean(rows, (r) => r.cpu_ms))}  ` +
      `${parts.join("  ")}  other ${f(mean(rows, (r) => r.other_ms))}  | gc ${f(mean(rows, (r) => r.gc_ms))}  raster ${f(mean(rows, (r) => r.raster_ms))}  ` +
      `style elems ${Math.round(mean(rows, (r) => r.style_elements))}  layout dirty/total ${Math.round(mean(rows, (r) => r.layout_dirty))}/${Math.round(mean(rows, (r) => r.layout_total))}  paints ${mean(rows, (r) => r.paints).toFixed(1)}`,
  );
};
const painted = result.painted.slice().sort((x, y) => x - y);
console.log(`${tag}: ${perInput.length} inputs traced, frame painted p50 ${f(at(50).painted_ms)} ms, p95 ${f(at(95).painted_ms)} ms, max ${f(painted.at(-1))} ms (ms; top-level main-thread time per kind; "other" = window − those: task gaps, idle, untraced)`);
describe("p50 input", [at(50)]);
describe("p95 input", [at(95)]);
describe("slowest 5 %", tail);
describe("mean (all)", perInput);
// The same inputs ranked by the main thread's CPU time (thread time) in their window: the work
// per input, without the waits for a CPU that a machine shared with other builds adds.
const byCpu = perInput.slice().sort((x, y) => x.cpu_ms - y.cpu_ms);
const cpuAt = (p) => byCpu[Math.min(byCpu.length - 1, Math.floor((p / 100) * byCpu.length))];
console.log(`main-thread CPU per input: p50 ${f(cpuAt(50).cpu_ms)} ms, p95 ${f(cpuAt(95).cpu_ms)} ms, max ${f(byCpu.at(-1).cpu_ms)} ms; by kind (CPU):`);
const cpuRow = (label, rows) =>
  console.log(`${label.padEnd(16)} ${ORDER.filter((k) => k !== "gc").map((k) => `${k} ${f(mean(rows, (r) => r.cpu[k]))}`).join("  ")}`);
cpuRow("p50 (CPU) input", [cpuAt(50)]);
cpuRow("p95 (CPU) input", [cpuAt(95)]);
cpuRow("mean (all)", perInput);
const roots = new Map();
for (const r of perInput) for (const x of r.layout_roots) roots.set(x, (roots.get(x) ?? 0) + 1);
if (roots.size) console.log(`layout roots: ${[...roots].map(([k, v]) => `${k} ×${v}`).join(", ")}`);
console.log("slowest 5 inputs:");
for (const r of sorted.slice(-5)) describe(`  #${r.i}`, [r]);
// Every main-thread event name inside the windows, by total time (to find what KIND misses).
if (process.env.TRACE_NAMES) {
  const marks = new Map();
  for (const e of events) if (e.cat?.includes("blink.user_timing") && /^(in|out)\d+$/.test(e.name)) marks.set(e.name, e);
  const first = marks.get("in0");
  const mainEvents = events.filter((e) => e.ph === "X" && e.pid === first.pid && e.tid === first.tid);
  const byName = new Map();
  for (const r of perInput) {
    const a = marks.get(`in${r.i}`);
    const b = marks.get(`out${r.i}`);
    for (const e of mainEvents) if (e.ts >= a.ts && e.ts < b.ts) byName.set(e.name, (byName.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
  }
  for (const [k, v] of [...byName].sort((x, y) => y[1] - x[1]).slice(0, 40)) console.log(`  ${k.padEnd(50)} ${(v / perInput.length).toFixed(3)} ms/input`);
}
