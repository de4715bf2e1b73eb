// Self and inclusive time per function of a node/Chromium .cpuprofile (names kept: see
// scripts/wasm-model-bench --profile), the top N by self time:
//
//   node crates/wasm-bench/profile-top.mjs FILE.cpuprofile [N] [FILTER]
//
// FILTER keeps only samples whose stack contains a frame with that text (e.g. `simulate`).
import fs from "node:fs";
import { functionTimes } from "../../tests/browser/cpu-profile.mjs";

const [file, nArg, filter] = process.argv.slice(2);
if (!file) {
  console.error("usage: node profile-top.mjs FILE.cpuprofile [N] [FILTER]");
  process.exit(2);
}
const top = Number(nArg ?? 40);
const prof = JSON.parse(fs.readFileSync(file, "utf8"));
const { self, inclusive, totalUs } = functionTimes(prof, { filter });
const total = totalUs / 1000; // ms
for (const m of [self, inclusive]) for (const [f, us] of m) m.set(f, us / 1000);
console.log(`total ${total.toFixed(1)} ms${filter ? ` (stacks with "${filter}")` : ""}`);
console.log("  self ms  self %   incl %  function");
[...self.entries()]
  .sort((a, b) => b[1] - a[1])
  .slice(0, top)
  .forEach(([f, t]) => {
    const pct = (x) => ((100 * x) / total).toFixed(1).padStart(6);
    console.log(`${t.toFixed(1).padStart(9)} ${pct(t)}  ${pct(inclusive.get(f) ?? 0)}  ${f.slice(0, 110)}`);
  });
