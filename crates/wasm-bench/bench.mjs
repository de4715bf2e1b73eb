// Runs WebAssembly builds of wasm-bench (scripts/wasm-model-bench builds them) in node: per
// preset, one warm-up round, then ROUNDS rounds of RUNS runs each of the widget's recompute
// (validate + simulate + drop the report) and of simulate alone; prints the medians of the
// rounds in ms per run, as CPU time of this process (process.cpuUsage: what a busy machine's
// waits for a CPU do not inflate) and as wall-clock time (performance.now inside the module),
// and a hash of the report's Debug text:
//
//   node crates/wasm-bench/bench.mjs DIR [DIR_B ...] -- PRESET:RUNS ... [--rounds N]
//
// Each DIR holds wasm_bench.js (wasm-bindgen --target nodejs). With several DIRs (A/B: the
// first is A) the rounds alternate A B A B ... and each later build gets the median of its
// per-round CPU ratio to A (pairing keeps the ratio meaningful when the machine's speed
// drifts). Line format, read by scripts/wasm-model-bench:
//   <label> <preset> cpu_ms=<x> sim_cpu_ms=<y> wall_ms=<z> report=<hex> [vs_a=<ratio>]
import { createRequire } from "node:module";
import path from "node:path";
import { benchArgs, median } from "./args.mjs";

const { dirs, jobs, rounds } = benchArgs("bench.mjs");
const require = createRequire(import.meta.url);
const builds = dirs.map((dir) => ({
  label: path.basename(dir),
  bench: require(path.join(dir, "wasm_bench.js")),
}));

// ms of CPU per run of f(runs), and the wall-clock ms per run f itself returns.
function timed(f, runs) {
  const before = process.cpuUsage();
  const wall = f(runs);
  const used = process.cpuUsage(before);
  return { cpu: (used.user + used.system) / 1000 / runs, wall };
}

for (const { name, runs } of jobs) {
  const per = builds.map((b) => ({
    hash: b.bench.report_hash(name),
    cpu: [],
    sim: [],
    wall: [],
  }));
  builds.forEach((b) => {
    // Warm-up: V8 tiers the hot functions up from its baseline compiler.
    b.bench.simulate_preset(name, runs);
    b.bench.simulate_only_preset(name, runs);
  });
  for (let r = 0; r < rounds; r++) {
    builds.forEach((b, i) => {
      const t = timed((n) => b.bench.simulate_preset(name, n), runs);
      per[i].cpu.push(t.cpu);
      per[i].wall.push(t.wall);
      per[i].sim.push(timed((n) => b.bench.simulate_only_preset(name, n), runs).cpu);
    });
  }
  builds.forEach((b, i) => {
    const p = per[i];
    let line =
      `${b.label} ${name} cpu_ms=${median(p.cpu).toFixed(4)} sim_cpu_ms=${median(p.sim).toFixed(4)} ` +
      `wall_ms=${median(p.wall).toFixed(4)} report=${p.hash}`;
    if (i > 0) {
      const ratios = p.cpu.map((x, r) => x / per[0].cpu[r]);
      line += ` vs_a=${median(ratios).toFixed(3)}`;
    }
    console.log(line);
  });
}
