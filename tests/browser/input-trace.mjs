// Where a slider input's frame goes, from a Chromium trace: records a trace (CDP `Tracing`,
// streamed) around a run of inputs that mark each input with `performance.mark("in<i>")` before
// dispatching it and `performance.mark("out<i>")` in the task that stops the clock, and breaks
// each window [in, out] down by what the renderer's main thread did: our script (EventDispatch /
// FunctionCall, wasm included), style, layout, pre-paint, paint, layerize, commit (and GC inside
// them), by wall-clock time and by thread (CPU) time — the latter without the time the OS gave
// other processes, which on a machine shared with builds is most of the wall-clock tail.
// Used by trace-input.mjs (the full breakdown) and perf.mjs (the CPU figure).

export const CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink", "cc", "gpu", "v8.gc", "blink.user_timing"];

/** Traces `run()` on `page` (of `context`); resolves to { result, events, text }. */
export async function traceRun(context, page, run, categories = CATEGORIES) {
  const cdp = await context.newCDPSession(page);
  const done = new Promise((resolve) => cdp.on("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.start", { traceConfig: { includedCategories: categories }, transferMode: "ReturnAsStream" });
  let result;
  try {
    result = await run();
  } finally {
    await cdp.send("Tracing.end");
  }
  const { stream } = await done;
  const chunks = [];
  for (;;) {
    const { data, eof, base64Encoded } = await cdp.send("IO.read", { handle: stream });
    chunks.push(base64Encoded ? Buffer.from(data, "base64").toString("utf8") : data);
    if (eof) break;
  }
  await cdp.send("IO.close", { handle: stream });
  await cdp.detach();
  const text = chunks.join("");
  const parsed = JSON.parse(text);
  return { result, events: Array.isArray(parsed) ? parsed : parsed.traceEvents, text };
}

/** What a main-thread event is, by name; nested ones are counted once (by their outermost kind). */
export const KIND = {
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
export const ORDER = ["script", "style", "layout", "prepaint", "paint", "layerize", "commit", "gc"];

/**
 * One row per marked input i < n: window_ms, per kind `top` (wall-clock) and `cpu` (thread
 * time) of the main thread's outermost events in the window (an event of another kind nested
 * in one, such as a layout forced by script, is moved out of its parent), cpu_ms (their sum),
 * GC inside, style elements, layout objects dirty / total and roots, paints, raster tasks
 * (other threads). `painted` / `own`: the page's own figures per input, copied into the rows.
 */
export function perInputBreakdown(events, n, painted = [], own = []) {
  const marks = new Map();
  for (const e of events) if (e.cat?.includes("blink.user_timing") && /^(in|out)\d+$/.test(e.name)) marks.set(e.name, e);
  const first = marks.get("in0");
  if (!first) throw new Error("no user-timing marks (in0) in the trace");

  const mainEvents = events
    .filter((e) => e.ph === "X" && e.pid === first.pid && e.tid === first.tid)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const rasterEvents = events.filter((e) => e.ph === "X" && e.name === "RasterTask");

  const perInput = [];
  for (let i = 0; i < n; i++) {
    const a = marks.get(`in${i}`);
    const b = marks.get(`out${i}`);
    if (!a || !b) continue;
    const row = { i, painted_ms: painted[i] ?? null, own_ms: own[i] ?? null, window_ms: (b.ts - a.ts) / 1000, top: {}, other_ms: 0 };
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
  return perInput;
}

/** The p-th percentile row of `rows` by `get`. */
export function percentileRow(rows, p, get) {
  const sorted = rows.slice().sort((x, y) => get(x) - get(y));
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
