// Self and inclusive time per function of a node/Chromium .cpuprofile (names kept: see
// scripts/wasm-model-bench --profile), the top N by self time:
//
//   node crates/wasm-bench/profile-top.mjs FILE.cpuprofile [N] [FILTER]
//
// FILTER keeps only samples whose stack contains a frame with that text (e.g. `simulate`).
import fs from "node:fs";

const [file, nArg, filter] = process.argv.slice(2);
if (!file) {
  console.error("usage: node profile-top.mjs FILE.cpuprofile [N] [FILTER]");
  process.exit(2);
}
const top = Number(nArg ?? 40);
const prof = JSON.parse(fs.readFileSync(file, "utf8"));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n) => n.callFrame.functionName || `(${n.callFrame.url || "anonymous"})`;

// Per sample: its leaf node and the time to the next sample.
const self = new Map();
const incl = new Map();
let total = 0;
prof.samples.forEach((id, i) => {
  const dt = (prof.timeDeltas[i + 1] ?? 0) / 1000; // ms
  const stack = [];
  for (let n = byId.get(id); n; n = byId.get(parent.get(n.id))) stack.push(name(n));
  if (filter && !stack.some((s) => s.includes(filter))) return;
  total += dt;
  self.set(stack[0], (self.get(stack[0]) ?? 0) + dt);
  for (const s of new Set(stack)) incl.set(s, (incl.get(s) ?? 0) + dt);
});
console.log(`total ${total.toFixed(1)} ms${filter ? ` (stacks with "${filter}")` : ""}`);
console.log("  self ms  self %   incl %  function");
[...self.entries()]
  .sort((a, b) => b[1] - a[1])
  .slice(0, top)
  .forEach(([f, t]) => {
    const pct = (x) => ((100 * x) / total).toFixed(1).padStart(6);
    console.log(`${t.toFixed(1).padStart(9)} ${pct(t)}  ${pct(incl.get(f) ?? 0)}  ${f.slice(0, 110)}`);
  });
