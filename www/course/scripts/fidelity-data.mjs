// Copies the WAL model's measured agreement with a real PostgreSQL server into the site:
// target/fidelity/wal-model.json (written by crates/pg-check/tests/model_vs_server.rs) ->
// src/data/fidelity/wal-model.json (committed; read by the fidelity pages at build time),
// without the per-step detail. scripts/test runs it right after the pg-check tests, so every
// test run's site build — CI's included — shows that run's own measurement; a build without
// pg-check (scripts/run, a fresh clone) shows the committed one.
//   node www/course/scripts/fidelity-data.mjs [path/to/wal-model.json]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { shapeProblems, summarize } from "../src/lib/fidelity.mjs";

const site = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.resolve(site, "../../target");
const from = process.argv[2] ?? path.join(targetDir, "fidelity/wal-model.json");
const to = path.join(site, "src/data/fidelity/wal-model.json");

if (!fs.existsSync(from)) {
  console.error(`fidelity-data: ${from} is missing — run cargo test -p pg-check first`);
  process.exit(1);
}
const summary = summarize(JSON.parse(fs.readFileSync(from, "utf8")));
const problems = shapeProblems(summary);
if (problems.length) {
  console.error(`fidelity-data: ${from} lacks what the fidelity page needs:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
// A run that measured the same numbers leaves the committed file alone (its measured_at is when
// these numbers were first measured), so a test run does not dirty the working tree.
const numbers = ({ measured_at, ...rest }) => JSON.stringify(rest);
const committed = fs.existsSync(to) ? JSON.parse(fs.readFileSync(to, "utf8")) : null;
if (committed && numbers(committed) === numbers(summary)) {
  console.log(`fidelity-data: the run of ${summary.measured_at} measured the same numbers as ${committed.measured_at}; ${path.relative(process.cwd(), to)} unchanged`);
  process.exit(0);
}
fs.mkdirSync(path.dirname(to), { recursive: true });
fs.writeFileSync(to, JSON.stringify(summary, null, 2) + "\n");
console.log(`fidelity-data: ${summary.scenarios.length} scenarios measured ${summary.measured_at} on PostgreSQL ${summary.server_version} -> ${path.relative(process.cwd(), to)}`);
