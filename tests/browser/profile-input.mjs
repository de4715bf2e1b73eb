// Where a slider input's script time goes, by function (not a test): a Chromium CPU profile
// (CDP `Profiler`, 50 µs sampling) over N slider inputs on one widget of the built playground,
// set up as perf.mjs's interactionLatency does (same viewport, preset, slider, values, inputs
// through perf.mjs's runInputs). Prints, in ms per input, the busiest functions by self time
// and by inclusive time (each function counted once per sample, however deep its recursion),
// plus the widget's own time and frame painted p50 / p95 of the profiled run (the profiler
// adds a little to both).
//
// Our functions are named only in a module built with names kept:
//   KEEP_NAMES=1 trunk build --release --config Trunk.toml
//   node tests/browser/profile-input.mjs [tag] [inputs] [--keep]
// (then `trunk build --release` again before measuring sizes or latency: names cost ~30 %).
// --keep writes target/perf-report/input-profile.cpuprofile (Chromium DevTools, speedscope).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";
import { launch } from "./browser.mjs";
import * as perf from "./perf.mjs";
import { functionTimes } from "./cpu-profile.mjs";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const keep = process.argv.includes("--keep");
const [tag = "cdc-wal-sim", inputs = "240"] = args;
const n = Number(inputs);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TOP = 40;

const server = await serve();
const browser = await launch();
const { context, page, index, selector: SLIDER } = await perf.openForInputs(browser, server.url, tag);

const cdp = await context.newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
await cdp.send("Profiler.start");
const result = await page.evaluate(perf.runInputs, { index, selector: SLIDER, inputs: n, mark: false });
const { profile } = await cdp.send("Profiler.stop");
await browser.close();
await server.close();
if (result.note) {
  console.error(`profile-input: ${tag}: ${result.note}`);
  process.exit(1);
}
if (keep) {
  const file = path.join(repo, "target/perf-report/input-profile.cpuprofile");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(profile));
  console.log(`profile: ${path.relative(repo, file)}`);
}

const own = result.own.filter((x) => x != null);
const f = (x) => (x == null ? "–" : x.toFixed(2));
console.log(
  `${tag}: ${n} inputs profiled; own p50 ${f(perf.pct(own, 50))} p95 ${f(perf.pct(own, 95))} ms, ` +
    `frame painted p50 ${f(perf.pct(result.painted, 50))} p95 ${f(perf.pct(result.painted, 95))} ms`,
);

const { self, inclusive, totalUs: busyUs } = functionTimes(profile, {
  skip: ["(idle)", "(program)", "(garbage collector)"],
});
const perInput = (us) => (us / 1000 / n).toFixed(3).padStart(7);
// Rust symbols: drop the hash suffix, keep the path.
const short = (s) => s.replace(/::h[0-9a-f]{16}$/, "").slice(0, 140);
console.log(`busy (not idle, not GC) per input: ${perInput(busyUs).trim()} ms`);
console.log(`\nself time, ms per input (top ${TOP})`);
for (const [fn, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${perInput(us)}  ${short(fn)}`);
console.log(`\ninclusive time, ms per input (top ${TOP}; (root) and the scheduler frames at the top)`);
for (const [fn, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${perInput(us)}  ${short(fn)}`);
