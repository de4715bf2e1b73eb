// Where the time of a slider input goes (not a test): traces N inputs on one widget of the
// playground in headless Chromium and sums the renderer main thread's work per kind (script,
// style, layout, paint, ...) per input, between the input event and the frame painted after it.
//   node tests/browser/profile-input.mjs [tag] [inputs]     (after trunk build --release)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";
import { launch } from "./browser.mjs";

const [tag = "cdc-wal-sim", inputs = "60"] = process.argv.slice(2);
const n = Number(inputs);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const server = await serve();
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${server.url}/${tag === "cdc-wal-sim" ? "?wal.preset=idle-db-heartbeat" : ""}`);
await page.evaluate((tag) => document.querySelector(tag).scrollIntoView(), tag);
await page.waitForFunction((tag) => document.querySelector(tag)?.__cdcMounted === true, tag, { timeout: 20000 });
await page.waitForTimeout(300);
const traceFile = path.join(repo, "target/perf-report/input-trace.json");
fs.mkdirSync(path.dirname(traceFile), { recursive: true });
await browser.startTracing(page, { path: traceFile, categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing"] });
const painted = await page.evaluate(
  async ({ tag, n }) => {
    const host = document.querySelector(tag);
    const slider = () =>
      host.shadowRoot.querySelector(tag === "cdc-wal-sim" ? '[data-param="heartbeat-interval"] input[type=range]' : 'input[type="range"]');
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const out = [];
    for (let i = 0; i < n; i++) {
      await frame();
      out.push(
        await new Promise((resolve) =>
          requestAnimationFrame(() => {
            const s = slider();
            const max = Number(s.max || 100);
            const min = Number(s.min || 0);
            const step = Number(s.step) || 1;
            s.value = String(min + ((1 + i * 37) % Math.max(1, Math.floor((max - min) / step))) * step);
            performance.mark(`in${i}`);
            const t0 = performance.now();
            s.dispatchEvent(new Event("input", { bubbles: true }));
            const c = new MessageChannel();
            c.port1.onmessage = () => {
              performance.mark(`out${i}`);
              resolve(performance.now() - t0);
            };
            c.port2.postMessage(0);
          }),
        ),
      );
    }
    return out;
  },
  { tag, n },
);
await browser.stopTracing();
await browser.close();
await server.close();

const events = JSON.parse(fs.readFileSync(traceFile, "utf8")).traceEvents;
const marks = new Map(events.filter((e) => e.cat?.includes("blink.user_timing") && /^(in|out)\d+$/.test(e.name)).map((e) => [e.name, e]));
const main = marks.get("in0");
const KINDS = {
  FunctionCall: "script", EventDispatch: "script", TimerFire: "script", RunMicrotasks: "script", "v8.callFunction": "script", FireAnimationFrame: "script",
  UpdateLayoutTree: "style", RecalculateStyles: "style", Layout: "layout", PrePaint: "paint", Paint: "paint", Layerize: "paint", "Commit": "paint", UpdateLayer: "paint", "CompositeLayers": "paint",
  MajorGC: "gc", MinorGC: "gc", "V8.GC_SCAVENGER": "gc",
};
const sums = {};
let windows = 0;
for (let i = 0; i < n; i++) {
  const a = marks.get(`in${i}`);
  const b = marks.get(`out${i}`);
  if (!a || !b) continue;
  windows++;
  for (const e of events) {
    if (e.ph !== "X" || e.pid !== main.pid || e.tid !== main.tid || e.ts < a.ts || e.ts > b.ts) continue;
    const kind = KINDS[e.name];
    if (!kind) continue;
    sums[`${kind}: ${e.name}`] = (sums[`${kind}: ${e.name}`] ?? 0) + (e.dur ?? 0) / 1000;
  }
}
const sorted = painted.slice().sort((x, y) => x - y);
console.log(`${tag}: ${n} inputs, frame painted p50 ${sorted[Math.floor(n / 2)].toFixed(2)} ms, p95 ${sorted[Math.floor(0.95 * n)].toFixed(2)} ms`);
console.log(`per input (mean over ${windows}), main-thread events in the window (nested events overlap their parents):`);
for (const [k, v] of Object.entries(sums).sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(30)} ${(v / windows).toFixed(2)} ms`);
