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

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const keep = process.argv.includes("--keep");
const [tag = "cdc-wal-sim", inputs = "100"] = args;
const n = Number(inputs);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SLIDER = tag === "cdc-wal-sim" ? '[data-param="heartbeat-interval"] input[type=range]' : 'input[type="range"]';
const CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink", "cc", "gpu", "v8.gc", "blink.user_timing"];
// More categories to dig (comma-separated), e.g. TRACE_CATEGORIES=toplevel,mojom,disabled-by-default-skia
if (process.env.TRACE_CATEGORIES) CATEGORIES.push(...process.env.TRACE_CATEGORIES.split(","));

const server = await serve();
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const id = await (async () => {
  await page.goto(`${server.url}/`);
  return page.evaluate((tag) => document.querySelector(tag)?.id ?? "", tag);
})();
await page.goto(`${server.url}/${tag === "cdc-wal-sim" && id ? `?${id}.preset=idle-db-heartbeat` : ""}`);
await page.waitForFunction(() => window.cdcWidgets, null, { timeout: 20000 });
await page.evaluate((tag) => document.querySelector(tag).scrollIntoView({ block: "start" }), tag);
await page.waitForFunction((tag) => document.querySelector(tag)?.__cdcMounted === true, tag, { timeout: 20000 });

const cdp = await context.newCDPSession(page);
const chunks = [];
const done = new Promise((resolve) => cdp.on("Tracing.tracingComplete", resolve));
await cdp.send("Tracing.start", { traceConfig: { includedCategories: CATEGORIES }, transferMode: "ReturnAsStream" });

const result = await page.evaluate(
  async ({ tag, selector, n }) => {
    const host = document.querySelector(tag);
    const slider = () => host.shadowRoot.querySelector(selector);
    host.scrollIntoView({ block: "start" });
    slider().scrollIntoView({ block: "center" });
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    for (let i = 0; i < 5; i++) await frame();
    const el = slider();
    const min = Number(el.min || 0);
    const max = Number(el.max || 100);
    const step = el.step && el.step !== "any" ? Number(el.step) : (max - min) / 100;
    const positions = Math.max(1, Math.floor((max - min) / step));
    const painted = [];
    const own = [];
    for (let i = 0; i < n; i++) {
      await frame();
      host.__cdcLastUpdateMs = undefined;
      painted.push(
        await new Promise((resolve) =>
          requestAnimationFrame(() => {
            const s = slider();
            s.value = String(min + ((1 + i * 37) % (positions + 1)) * step);
            performance.mark(`in${i}`);
            const t0 = performance.now();
            s.dispatchEvent(new Event("input", { bubbles: true }));
            const c = new MessageChannel();
            c.port1.onmessage = () => {
              const ms = performance.now() - t0;
              performance.mark(`out${i}`);
              resolve(ms);
            };
            c.port2.postMessage(0);
          }),
        ),
      );
      own.push(typeof host.__cdcLastUpdateMs === "number" ? host.__cdcLastUpdateMs : null);
    }
    return { painted, own };
  },
  { tag, selector: SLIDER, n },
);

await cdp.send("Tracing.end");
const { stream } = await done;
for (;;) {
  const { data, eof, base64Encoded } = await cdp.send("IO.read", { handle: stream });
  chunks.push(base64Encoded ? Buffer.from(data, "base64").toString("utf8") : data);
  if (eof) break;
}
await cdp.send("IO.close", { handle: stream });
await browser.close();
await server.close();

const text = chunks.join("");
if (keep) {
  const file = path.join(repo, "target/perf-report/input-trace.json");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  console.log(`trace: ${path.relative(repo, file)}`);
}
const parsed = JSON.parse(text);
const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;

const marks = new Map();
for (const e of events) if (e.cat?.includes("blink.user_timing") && /^(in|out)\d+$/.test(e.name)) marks.set(e.name, e);
const first = marks.get("in0");
if (!first) throw new Error("no user-timing marks in the trace");
const threadNames = new Map();
for (const e of events) if (e.ph === "M" && e.name === "thread_name") threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? "");

/** What a main-thread event is, by name; nested ones are counted once (by their outermost kind). */
const KIND = {
  EventDispatch: "script", FunctionCall: "script", "v8.callFunction": "script", RunMicrotasks: "script", TimerFire: "script",
  FireAnimationFrame: "script", "V8.Execute": "script",
  UpdateLayoutTree: "style", RecalculateStyles: "style",
  Layout: "layout",
  PrePaint: "prepaint",
  Paint: "paint", PaintImage: "paint",
  Layerize: "layerize", UpdateLayer: "layerize", UpdateLayerTree: "layerize",
  Commit: "commit",
  MinorGC: "gc", MajorGC: "gc", "V8.GC_SCAVENGER": "gc", "V8.GC_MARK_COMPACTOR": "gc", "V8.GCScavenger": "gc", BlinkGC: "gc",
  "BlinkGC.AtomicPhase": "gc", "V8.GC_MC_INCREMENTAL": "gc",
};
const ORDER = ["script", "style", "layout", "prepaint", "paint", "layerize", "commit", "gc"];

const mainEvents = events
  .filter((e) => e.ph === "X" && e.pid === first.pid && e.tid === first.tid)
  .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const rasterEvents = events.filter((e) => e.ph === "X" && e.name === "RasterTask");

const perInput = [];
for (let i = 0; i < n; i++) {
  const a = marks.get(`in${i}`);
  const b = marks.get(`out${i}`);
  if (!a || !b) continue;
  const row = { i, painted_ms: result.painted[i], own_ms: result.own[i], window_ms: (b.ts - a.ts) / 1000, top: {}, other_ms: 0 };
  row.cpu = {};
  for (const k of ORDER) {
    row.top[k] = 0;
    row.cpu[k] = 0;
  }
  row.style_elements = 0;
  row.layout_dirty = 0;
  row.layout_total = 0;
  row.layout_roots = [];
  row.paints = 0;
  row.gc_ms = 0;
  let coveredUntil = -Infinity;
  let topEnd = -Infinity;
  let topKind = null;
  let busy = 0;
  for (const e of mainEvents) {
    if (e.ts < a.ts || e.ts >= b.ts) continue;
    const kind = KIND[e.name];
    const dur = (e.dur ?? 0) / 1000;
    // Thread time: what the main thread ran, without the time the OS gave other processes.
    const cpu = (e.tdur ?? e.dur ?? 0) / 1000;
    // Top-level main-thread tasks: the union of everything not nested in an earlier one.
    if (e.name === "ThreadControllerImpl::RunTask" || e.name === "RunTask") {
      if (e.ts >= coveredUntil) {
        busy += dur;
        coveredUntil = e.ts + e.dur;
      }
    }
    if (kind === "gc") row.gc_ms += dur; // nested anywhere (inside script, usually)
    if (kind === "style") row.style_elements += e.args?.elementCount ?? 0;
    if (kind === "layout") {
      row.layout_dirty += e.args?.beginData?.dirtyObjects ?? 0;
      row.layout_total = Math.max(row.layout_total, e.args?.beginData?.totalObjects ?? 0);
      const root = e.args?.endData?.layoutRoots?.[0]?.nodeName ?? e.args?.endData?.rootNode;
      if (root != null) row.layout_roots.push(String(root));
    }
    if (e.name === "Paint") row.paints++;
    if (!kind || kind === "gc") continue;
    if (e.ts >= topEnd) {
      row.top[kind] += dur;
      row.cpu[kind] += cpu;
      topEnd = e.ts + e.dur;
      topKind = kind;
    } else if (topKind !== kind && e.ts + e.dur <= topEnd) {
      // nested in another kind (style/layout forced inside script): moved out of the parent
      row.top[kind] += dur;
      row.top[topKind] -= dur;
      row.cpu[kind] += cpu;
      row.cpu[topKind] -= cpu;
    }
  }
  row.busy_ms = busy;
  row.raster_ms = rasterEvents.filter((e) => e.ts >= a.ts && e.ts < b.ts).reduce((s, e) => s + e.dur / 1000, 0);
  row.cpu_ms = ORDER.filter((k) => k !== "gc").reduce((s, k) => s + row.cpu[k], 0);
  row.other_ms = row.window_ms - ORDER.filter((k) => k !== "gc").reduce((s, k) => s + row.top[k], 0);
  perInput.push(row);
}

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
  const byName = new Map();
  for (const r of perInput) {
    const a = marks.get(`in${r.i}`), b = marks.get(`out${r.i}`);
    for (const e of mainEvents) if (e.ts >= a.ts && e.ts < b.ts) byName.set(e.name, (byName.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
  }
  for (const [k, v] of [...byName].sort((x, y) => y[1] - x[1]).slice(0, 40)) console.log(`  ${k.padEnd(50)} ${(v / perInput.length).toFixed(3)} ms/input`);
}
