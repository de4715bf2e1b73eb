// The command line both runners take (bench.mjs in node, bench-chromium.mjs in Chromium):
//   DIR [DIR_B ...] -- PRESET:RUNS ... [--rounds N]
// DIRs are resolved against the working directory; RUNS defaults to 20, rounds to 9. A bad
// line prints the usage with the runner's name and exits with 2.
import path from "node:path";

export function benchArgs(runner, args = process.argv.slice(2)) {
  let rounds = 9;
  const dirs = [];
  const jobs = [];
  let afterDashes = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--rounds") rounds = Number(args[++i]);
    else if (args[i] === "--") afterDashes = true;
    else if (!afterDashes) dirs.push(path.resolve(args[i]));
    else {
      const [name, runs] = args[i].split(":");
      jobs.push({ name, runs: Math.max(1, Number(runs ?? 20) || 20) });
    }
  }
  if (dirs.length === 0 || jobs.length === 0 || !(rounds >= 1)) {
    console.error(`usage: node ${runner} DIR [DIR_B ...] -- PRESET:RUNS ... [--rounds N]`);
    process.exit(2);
  }
  return { dirs, jobs, rounds };
}

/** The median (the upper one of an even count) of `xs`. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
