// Browser performance figures as JSON, for scripts/perf-report (tools/perf/report.mjs) and
// tests/browser/bench.mjs. Figures, not pass/fail tests; every function takes a launched
// browser (browser.mjs) and the URL of a server that serves the built playground at / and the
// built course at /course/ (scripts/serve.mjs, tests/browser/serve.mjs).
//
//  * interactionLatency: per widget tag the playground shows, slider input → the frame painted
//    after it, p50 / p95 / max. Each input is dispatched at the start of a frame (inside a
//    requestAnimationFrame callback) and the clock stops in a task posted from that callback,
//    which runs once the frame's rendering (the widget's update, style, layout, paint) is done:
//    the main-thread work per input, without the idle wait for the next vsync. Second figure
//    (unless `traced: false`): the same inputs again under a Chromium trace, each input's
//    main-thread CPU time in that window (input-trace.mjs) — on a machine shared with other
//    work the wall-clock tail is mostly waits for a CPU, which thread time leaves out.
//  * firstInteractive: per built course page with a widget, the first widget mounted, from
//    navigation start and after DOMContentLoaded, median of `runs` cold loads.
//  * tenWidgetsMemory: tests/browser/pages/ten.html, JS heap (peak while every widget is
//    scrolled into view, and after a GC) + WebAssembly memory.
//  * widgetBytes: per widget tag, what a page with only that element downloads from /widgets/
//    (raw and gzipped), whatever the bundle's files are called.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { perInputBreakdown, traceRun } from "./input-trace.mjs";

/** Element → frame-painted samples in ms; the wal-sim's own timing where it reports one. */
const SLIDER = {
  // The 7-day preset, the heartbeat slider: the figure README and ARCHITECTURE quote.
  "cdc-wal-sim": { query: (id) => `${id}.preset=idle-db-heartbeat`, slider: '[data-param="heartbeat-interval"] input[type=range]' },
};
const ANY_SLIDER = 'input[type="range"]';

export const pct = (xs, p) =>
  xs.length ? xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : null;
const round = (x, digits = 2) => (x == null ? null : Number(x.toFixed(digits)));

/** The widget elements of an HTML text, in order: [{ tag, id }]. */
export function widgetElements(html) {
  const out = [];
  for (const m of html.matchAll(/<(cdc-[a-z0-9-]+)\b([^>]*)>/g)) {
    const id = /\bid="([^"]*)"/.exec(m[2]);
    out.push({ tag: m[1], id: id ? id[1] : null });
  }
  return out;
}

/**
 * A fresh context (cold cache) at 1280×900 whose pages have `widgetsOf(document)`: every
 * element whose tag starts with `cdc-`, in document order — whatever widgets the bundle has.
 */
export async function newContext(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    window.widgetsOf = (doc) => Array.from(doc.querySelectorAll("*")).filter((e) => e.localName.startsWith("cdc-"));
  });
  return context;
}

/**
 * For the per-input tools (trace-input.mjs, profile-input.mjs, input-mutations.mjs): the built
 * playground in a fresh context, with `tag`'s widget set up as interactionLatency measures it
 * (the simulator on its 7-day preset), scrolled into view and mounted. Returns the context, the
 * page, the widget's index among `widgetsOf(document)` and its slider's selector.
 */
export async function openForInputs(browser, url, tag) {
  const how = SLIDER[tag] ?? { query: () => null, slider: ANY_SLIDER };
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${url}/`);
  const id = await page.evaluate((tag) => document.querySelector(tag)?.id ?? "", tag);
  const query = id ? how.query(id) : null;
  await page.goto(`${url}/${query ? `?${query}` : ""}`);
  await page.waitForFunction(() => window.cdcWidgets, null, { timeout: 20000 });
  const index = await page.evaluate((tag) => widgetsOf(document).findIndex((e) => e.localName === tag), tag);
  await page.evaluate((index) => widgetsOf(document)[index]?.scrollIntoView({ block: "start" }), index);
  await page.waitForFunction((index) => widgetsOf(document)[index]?.__cdcMounted === true, index, { timeout: 20000 });
  return { context, page, index, selector: how.slider };
}

/** Waits until `n` widgets are mounted (the loader's `cdcWidgets.count()`). */
async function mounted(page, n, timeout = 20000) {
  await page.waitForFunction((n) => window.cdcWidgets && window.cdcWidgets.count() >= n, n, { timeout });
}

/**
 * In the page: `inputs` slider inputs on the `index`-th widget, each dispatched inside a
 * requestAnimationFrame callback, its clock stopped in a MessageChannel task posted from it
 * (after that frame's rendering); `mark` adds the user-timing marks in<i> / out<i> a trace
 * needs (outside the timed span). `own[i]` is the widget's own figure for input i (its
 * `__cdcLastUpdateMs`), null where it reports none. Also trace-input.mjs' inputs.
 */
export const runInputs = async ({ index, selector, inputs, mark }) => {
  const host = widgetsOf(document)[index];
  const slider = () => host?.shadowRoot?.querySelector(selector);
  if (!slider()) return { note: `no slider (${selector}) in the widget` };
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
  for (let i = 0; i < inputs; i++) {
    await frame();
    host.__cdcLastUpdateMs = undefined;
    const ms = await new Promise((resolve) =>
      requestAnimationFrame(() => {
        const s = slider();
        s.value = String(min + ((1 + i * 37) % (positions + 1)) * step);
        if (mark) performance.mark(`in${i}`);
        const t0 = performance.now();
        s.dispatchEvent(new Event("input", { bubbles: true }));
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          const ms = performance.now() - t0;
          if (mark) performance.mark(`out${i}`);
          resolve(ms);
        };
        channel.port2.postMessage(0);
      }),
    );
    painted.push(ms);
    own.push(typeof host.__cdcLastUpdateMs === "number" ? host.__cdcLastUpdateMs : null);
  }
  return { painted, own, slider: el.closest("[data-param]")?.getAttribute("data-param") ?? selector };
};

/** The median of a list of numbers (the lower middle one of an even count); null if empty. */
export const median = (xs) => (xs.length ? xs.slice().sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] : null);

/**
 * Slider latency per widget of the playground (`playgroundHtml`: its built index.html), one
 * tag after the other; a widget without a slider is skipped with a note. `rounds` runs of
 * `inputs` inputs each on the same page, one after the other: the headline p50 / p95 are the
 * medians of the rounds' p50s and p95s (every round's figures are in `rounds`), the max is the
 * largest of all. Why rounds: on a machine shared with other work one run's p95 swings by
 * several milliseconds with the neighbours' load (the same build measured 8.5 and 11.4 ms in
 * two runs a minute apart, its main-thread CPU p95 6.3 and 9.7 ms); the median of three runs
 * is what the code does, not what the neighbours did.
 */
export async function interactionLatency(browser, url, playgroundHtml, { inputs = 240, traced = true, rounds = 3 } = {}) {
  const out = [];
  const seen = new Set();
  const elements = widgetElements(playgroundHtml);
  for (const [index, { tag, id }] of elements.entries()) {
    if (seen.has(tag)) continue;
    seen.add(tag);
    const how = SLIDER[tag] ?? { query: () => null, slider: ANY_SLIDER };
    const query = id ? how.query(id) : null;
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    try {
      await page.goto(`${url}/${query ? `?${query}` : ""}`);
      // Scrolled into view first: widgets may wait until they are visible.
      await page.waitForFunction(() => window.cdcWidgets, null, { timeout: 20000 });
      await page.evaluate((index) => widgetsOf(document)[index]?.scrollIntoView({ block: "start" }), index);
      await page.waitForFunction((index) => widgetsOf(document)[index]?.__cdcMounted === true, index, { timeout: 20000 });
      const runs = [];
      for (let r = 0; r < Math.max(1, rounds); r++) {
        const run = await page.evaluate(runInputs, { index, selector: how.slider, inputs, mark: false });
        runs.push(run);
        if (run.note) break;
      }
      const result = runs[0];
      // The second figure: the same inputs again under a trace, each input's main-thread CPU
      // (thread) time in its window (input-trace.mjs) — the work per input without the waits
      // for a CPU that other processes on a shared machine add to the wall-clock figure.
      let cpu = null;
      if (!result.note && traced) {
        const { events } = await traceRun(context, page, () =>
          page.evaluate(runInputs, { index, selector: how.slider, inputs, mark: true }),
        );
        const rows = perInputBreakdown(events, inputs);
        if (rows.length) cpu = rows.map((r) => r.cpu_ms);
      }
      if (result.note) {
        out.push({ tag, id, skipped: result.note });
      } else {
        const perRound = runs.map((run) => {
          const reported = run.own.filter((ms) => ms != null);
          return {
            p50_ms: round(pct(run.painted, 50)),
            p95_ms: round(pct(run.painted, 95)),
            max_ms: round(Math.max(...run.painted)),
            widget_reported_p50_ms: round(pct(reported, 50)),
            widget_reported_p95_ms: round(pct(reported, 95)),
          };
        });
        const mid = (key) => {
          const xs = perRound.map((r) => r[key]).filter((x) => x != null);
          return xs.length ? median(xs) : null;
        };
        out.push({
          tag,
          id,
          query,
          slider: result.slider,
          inputs: result.painted.length,
          p50_ms: mid("p50_ms"),
          p95_ms: mid("p95_ms"),
          max_ms: Math.max(...perRound.map((r) => r.max_ms)),
          widget_reported_p50_ms: mid("widget_reported_p50_ms"),
          widget_reported_p95_ms: mid("widget_reported_p95_ms"),
          rounds: perRound,
          traced_inputs: cpu ? cpu.length : null,
          main_thread_cpu_p50_ms: cpu ? round(pct(cpu, 50)) : null,
          main_thread_cpu_p95_ms: cpu ? round(pct(cpu, 95)) : null,
          main_thread_cpu_max_ms: cpu ? round(Math.max(...cpu)) : null,
          page_errors: errors,
        });
      }
    } catch (error) {
      out.push({ tag, id, skipped: `failed: ${String(error.message ?? error).split("\n")[0]}` });
    } finally {
      await context.close();
    }
  }
  return out;
}

/** Every page of the built course (`courseDist`) whose HTML has a widget element: [{ url, tags }]. */
export function coursePagesWithWidgets(courseDist) {
  const pages = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "index.html") {
        const tags = [...new Set(widgetElements(fs.readFileSync(full, "utf8")).map((w) => w.tag))];
        if (tags.length) {
          const rel = path.relative(courseDist, dir).split(path.sep).join("/");
          pages.push({ url: `/course/${rel ? `${rel}/` : ""}`, tags });
        }
      }
    }
  };
  if (fs.existsSync(courseDist)) walk(courseDist);
  return pages;
}

/**
 * First widget interactive on each page: `runs` cold loads in fresh contexts, each page opened
 * scrolled to its first widget at DOMContentLoaded (as a link to the widget's section opens it):
 * lesson pages mount a widget only near the viewport, and their widgets are all below a phone's
 * first screens, so without the scroll nothing would mount. Times count from navigation start
 * and from DOMContentLoaded, module fetch and compile included. Should nothing mount within
 * 3 s all the same, the first widget is scrolled to again and the time counts from that scroll
 * (`after_scroll`).
 */
export async function firstInteractive(browser, url, pages, { runs = 5 } = {}) {
  const out = [];
  for (const { url: pagePath, tags } of pages) {
    const fromStart = [];
    const fromDcl = [];
    let afterScroll = false;
    let failure = null;
    for (let i = 0; i < runs; i++) {
      const context = await newContext(browser);
      const page = await context.newPage();
      try {
        await page.addInitScript(() => {
          document.addEventListener("DOMContentLoaded", () => {
            document.querySelector("cdc-wal-sim, cdc-scaling-calc, cdc-dr-drill")?.scrollIntoView({ block: "start" });
          });
        });
        await page.goto(`${url}${pagePath}`);
        const first = () =>
          page.evaluate(() => {
            const times = widgetsOf(document)
              .filter((e) => typeof e.__cdcMountedAt === "number")
              .map((e) => e.__cdcMountedAt);
            return times.length ? Math.min(...times) : null;
          });
        const anyMounted = () => widgetsOf(document).some((e) => typeof e.__cdcMountedAt === "number");
        let origin = null;
        try {
          await page.waitForFunction(anyMounted, null, { timeout: 3000 });
        } catch {
          afterScroll = true;
          origin = await page.evaluate(() => {
            widgetsOf(document)[0]?.scrollIntoView();
            return performance.now();
          });
          await page.waitForFunction(anyMounted, null, { timeout: 20000 });
        }
        const mountedAt = await first();
        const dcl = await page.evaluate(() => performance.getEntriesByType("navigation")[0].domContentLoadedEventStart);
        fromStart.push(mountedAt - (origin ?? 0));
        fromDcl.push(origin == null ? mountedAt - dcl : mountedAt - origin);
      } catch (error) {
        failure = String(error.message ?? error).split("\n")[0];
      } finally {
        await context.close();
      }
    }
    out.push({
      page: pagePath,
      tags,
      runs: fromStart.length,
      from_navigation_start_ms: round(pct(fromStart, 50), 1),
      after_dom_content_loaded_ms: round(pct(fromDcl, 50), 1),
      max_from_navigation_start_ms: fromStart.length ? round(Math.max(...fromStart), 1) : null,
      after_scroll: afterScroll,
      ...(failure ? { failure } : {}),
    });
  }
  return out;
}

/** JS heap + WebAssembly memory with the ten widgets of /test/ten.html. */
export async function tenWidgetsMemory(browser, url) {
  const context = await newContext(browser);
  const page = await context.newPage();
  try {
    await page.goto(`${url}/test/ten.html`);
    await page.waitForFunction(() => window.cdcWidgets, null, { timeout: 20000 });
    const count = await page.evaluate(() => widgetsOf(document).length);
    const cdp = await context.newCDPSession(page);
    let peak = 0;
    // Every widget scrolled into view in turn (widgets may wait until they are visible).
    for (let i = 0; i < count; i++) {
      await page.evaluate((i) => widgetsOf(document)[i].scrollIntoView(), i);
      await page.waitForFunction((i) => widgetsOf(document)[i].__cdcMounted === true, i, { timeout: 20000 });
      await page.waitForTimeout(150);
      const { usedSize } = await cdp.send("Runtime.getHeapUsage");
      peak = Math.max(peak, usedSize);
    }
    await mounted(page, count);
    await cdp.send("HeapProfiler.collectGarbage");
    const { usedSize: afterGc } = await cdp.send("Runtime.getHeapUsage");
    const wasm = await page.evaluate(async () => {
      const f = window.cdcWidgets?.wasmMemoryBytes;
      if (typeof f !== "function") return null;
      const v = await f();
      return typeof v === "number" ? v : null;
    });
    return {
      widgets: count,
      js_heap_peak_bytes: peak,
      js_heap_after_gc_bytes: afterGc,
      wasm_memory_bytes: wasm,
      peak_total_bytes: wasm == null ? null : peak + wasm,
      ...(wasm == null ? { note: "the loader reports no wasm memory (cdcWidgets.wasmMemoryBytes)" } : {}),
    };
  } finally {
    await context.close();
  }
}

/**
 * Bytes each widget costs a page: a page (served from `pagesDir` at `/perf-pages/`) with only
 * that element, every response under /widgets/ counted raw and gzipped (level 9).
 */
export async function widgetBytes(browser, url, tags, pagesDir) {
  fs.mkdirSync(pagesDir, { recursive: true });
  const out = [];
  for (const tag of tags) {
    const file = `${tag}.html`;
    fs.writeFileSync(
      path.join(pagesDir, file),
      `<!doctype html>\n<html lang="ru"><head><meta charset="utf-8"><title>${tag}</title><link rel="icon" href="data:,">\n` +
        `<link rel="stylesheet" href="/widgets/widgets.css"><script type="module" src="/widgets/loader.js"></script></head>\n` +
        `<body><${tag} id="w1"></${tag}></body></html>\n`,
    );
    const context = await newContext(browser);
    const page = await context.newPage();
    const files = new Map();
    page.on("response", async (response) => {
      const u = new URL(response.url());
      if (!u.pathname.startsWith("/widgets/") || response.status() !== 200) return;
      try {
        const body = await response.body();
        files.set(u.pathname, { file: u.pathname, raw_bytes: body.length, gzip_bytes: zlib.gzipSync(body, { level: 9 }).length });
      } catch {
        /* a response without a body (redirect) */
      }
    });
    try {
      await page.goto(`${url}/perf-pages/${file}`);
      await mounted(page, 1);
      await page.waitForTimeout(500);
      const list = [...files.values()].sort((a, b) => a.file.localeCompare(b.file));
      out.push({
        tag,
        files: list,
        raw_bytes: list.reduce((s, f) => s + f.raw_bytes, 0),
        gzip_bytes: list.reduce((s, f) => s + f.gzip_bytes, 0),
      });
    } catch (error) {
      out.push({ tag, failure: String(error.message ?? error).split("\n")[0] });
    } finally {
      await context.close();
    }
  }
  return out;
}

/** Every file under `dir` (recursively), raw and gzipped (level 9), and the totals. */
export function bundleBytes(dir) {
  const files = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const body = fs.readFileSync(full);
        files.push({ file: path.relative(dir, full).split(path.sep).join("/"), raw_bytes: body.length, gzip_bytes: zlib.gzipSync(body, { level: 9 }).length });
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return {
    files,
    raw_bytes: files.reduce((s, f) => s + f.raw_bytes, 0),
    gzip_bytes: files.reduce((s, f) => s + f.gzip_bytes, 0),
  };
}
