// What a widget's chart costs to rasterize per slider input (not a test). Chromium's software
// canvas records the 2D calls of a redraw and rasterizes them in the frame's commit, outside
// our script, so neither the widget's own timers nor a CPU profile by function show it. This
// records the calls of one redraw per input (a wrapper on CanvasRenderingContext2D, calls made
// on canvases inside a shadow root only), replays them into a scratch canvas of the same size
// and forces the raster with a 1-pixel getImageData: median of 9 replays per input. The inputs
// are perf.mjs's (same page, preset, slider and values: input i sets position
// (1 + 37·i) mod (positions + 1)); every `--every`-th of the first N is replayed.
//
//   node tests/browser/canvas-raster.mjs [tag] [inputs] [--every=K] [--ops]   (after trunk build --release)
//
// Prints per replayed input the slider's value text, the number of recorded canvas calls and
// the raster time, then p50 / p95 / max; --ops also lists the slowest stroke / fill / text
// operations of the slowest input (each replayed alone, raster forced after it: the sum is
// larger than the whole, since every forced raster has a fixed cost).
import { serve } from "./serve.mjs";
import { launch } from "./browser.mjs";
import * as perf from "./perf.mjs";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const flag = (name) => process.argv.find((a) => a.startsWith(`--${name}`));
const [tag = "cdc-wal-sim", inputs = "240"] = args;
const every = Number(flag("every")?.split("=")[1] ?? 4);
const ops = Boolean(flag("ops"));

const server = await serve();
const browser = await launch();
const { page, index, selector } = await perf.openForInputs(browser, server.url, tag);
await page.evaluate(() => {
  const proto = CanvasRenderingContext2D.prototype;
  window.__canvasLog = null;
  const recording = (ctx) => window.__canvasLog && ctx.canvas.getRootNode() instanceof ShadowRoot;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    if (typeof d.value === "function" && name !== "constructor" && name !== "getImageData") {
      const f = d.value;
      proto[name] = function (...a) {
        if (recording(this)) window.__canvasLog.push([0, name, a]);
        return f.apply(this, a);
      };
    } else if (d.set) {
      const set = d.set;
      Object.defineProperty(proto, name, {
        ...d,
        set(v) {
          if (recording(this)) window.__canvasLog.push([1, name, v]);
          set.call(this, v);
        },
      });
    }
  }
});

const rows = await page.evaluate(
  async ({ index, selector, inputs, every, ops }) => {
    const host = widgetsOf(document)[index];
    const el = host?.shadowRoot?.querySelector(selector);
    if (!el) return [];
    el.scrollIntoView({ block: "center" });
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    for (let i = 0; i < 5; i++) await frame();
    const min = Number(el.min || 0);
    const max = Number(el.max || 100);
    const step = el.step && el.step !== "any" ? Number(el.step) : (max - min) / 100;
    const positions = Math.max(1, Math.floor((max - min) / step));
    const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const replay = (log, w, h) => {
      const c = document.createElement("canvas");
      c.width = w;
      c.height = h;
      const ctx = c.getContext("2d");
      const times = [];
      for (let k = 0; k < 9; k++) {
        ctx.reset();
        ctx.getImageData(0, 0, 1, 1);
        const t0 = performance.now();
        for (const [isSet, name, a] of log) {
          if (isSet) ctx[name] = a;
          else ctx[name](...a);
        }
        ctx.getImageData(0, 0, 1, 1);
        times.push(performance.now() - t0);
      }
      return median(times);
    };
    const byOp = (log, w, h) => {
      const c = document.createElement("canvas");
      c.width = w;
      c.height = h;
      const ctx = c.getContext("2d");
      const sums = new Map();
      let style = "";
      for (const [isSet, name, a] of log) {
        if (isSet) {
          ctx[name] = a;
          if (name === "strokeStyle" || name === "fillStyle") style = `${name}=${a}`;
          continue;
        }
        if (!/^(stroke|fill|fillText|fillRect|strokeText)$/.test(name)) {
          ctx[name](...a);
          continue;
        }
        ctx.getImageData(0, 0, 1, 1);
        const t0 = performance.now();
        ctx[name](...a);
        ctx.getImageData(0, 0, 1, 1);
        const key = `${name} ${style}`;
        const s = sums.get(key) ?? { ms: 0, n: 0 };
        s.ms += performance.now() - t0;
        s.n += 1;
        sums.set(key, s);
      }
      return [...sums].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8).map(([k, s]) => `${s.ms.toFixed(2)} ms  ${k} ×${s.n}`);
    };
    const out = [];
    for (let i = 0; i < inputs; i++) {
      const value = String(min + ((1 + i * 37) % (positions + 1)) * step);
      const record = i % every === 0;
      window.__canvasLog = record ? [] : null;
      el.value = value;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      await frame();
      await frame();
      const log = window.__canvasLog;
      window.__canvasLog = null;
      if (!record || !log?.length) continue;
      const canvas = host.shadowRoot.querySelector("canvas");
      const text = el.closest("[data-param]")?.querySelector("output, .value")?.textContent?.trim() ?? value;
      out.push({ i, value, text, calls: log.length, ms: replay(log, canvas.width, canvas.height), log: ops ? log : null, w: canvas.width, h: canvas.height });
    }
    if (ops && out.length) {
      const worst = out.reduce((a, b) => (b.ms > a.ms ? b : a));
      worst.ops = byOp(worst.log, worst.w, worst.h);
    }
    for (const r of out) delete r.log;
    return out;
  },
  { index, selector, inputs: Number(inputs), every, ops },
);
await browser.close();
await server.close();

if (!rows.length) {
  console.error(`canvas-raster: ${tag}: no slider (${selector}) or no canvas calls recorded`);
  process.exit(1);
}
for (const r of rows) console.log(`#${String(r.i).padEnd(4)} ${r.text.padEnd(14)} ${String(r.calls).padStart(5)} calls  ${r.ms.toFixed(2)} ms`);
const ms = rows.map((r) => r.ms);
console.log(`${tag}: ${rows.length} redraws replayed, raster p50 ${perf.pct(ms, 50).toFixed(2)} ms, p95 ${perf.pct(ms, 95).toFixed(2)} ms, max ${Math.max(...ms).toFixed(2)} ms`);
const worst = rows.find((r) => r.ops);
if (worst) {
  console.log(`slowest (#${worst.i}, ${worst.text}), each operation alone:`);
  for (const line of worst.ops) console.log(`  ${line}`);
}
