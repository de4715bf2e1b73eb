// The Chromium side of scripts/wasm-model-bench (--chromium): the same rounds as bench.mjs,
// in a page of the system Chromium (the engine that runs the widgets; its V8 inlines wasm and
// is newer than node's), through tests/browser's playwright-core. Wall-clock only (a page has
// no CPU clock; performance.now() is coarsened to 0.1 ms, ≈ 0.1 % of a round): A/B builds run
// in alternate rounds in one page, and each later build gets its paired ratio to the first.
//
//   node crates/wasm-bench/bench-chromium.mjs DIR [DIR_B ...] -- PRESET:RUNS ... [--rounds N]
//
// Each DIR holds wasm_bench.js + wasm_bench_bg.wasm from `wasm-bindgen --target web`. Lines:
//   <label> <preset> wall_ms=<x> report=<hex> [vs_a=<ratio>]
import fs from "node:fs";
import path from "node:path";
import { benchArgs, median } from "./args.mjs";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { launch } = await import(path.join(repo, "tests/browser/browser.mjs"));

const { dirs, jobs, rounds } = benchArgs("bench-chromium.mjs");

// Served from a made-up origin: /b<i>/<file> is dirs[i]/<file>, / is an empty page.
const ORIGIN = "http://wasm-bench.invalid";
const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm" };
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const m = url.pathname.match(/^\/b(\d+)\/([\w.-]+)$/);
    const dir = m ? dirs[Number(m[1])] : undefined;
    if (!m || !dir || !fs.existsSync(path.join(dir, m[2]))) {
      return route.fulfill({ status: url.pathname === "/" ? 200 : 404, contentType: "text/html", body: "" });
    }
    return route.fulfill({ status: 200, contentType: TYPES[path.extname(m[2])] ?? "application/octet-stream", body: fs.readFileSync(path.join(dir, m[2])) });
  });
  await page.goto(`${ORIGIN}/`);
  const out = await page.evaluate(
    async ({ n, jobs, rounds }) => {
      const builds = [];
      for (let i = 0; i < n; i++) {
        const mod = await import(`/b${i}/wasm_bench.js`);
        await mod.default({ module_or_path: `/b${i}/wasm_bench_bg.wasm` });
        builds.push(mod);
      }
      const results = [];
      for (const { name, runs } of jobs) {
        const per = builds.map((b) => ({ hash: b.report_hash(name), wall: [] }));
        builds.forEach((b) => b.simulate_preset(name, runs)); // warm-up: tier-up
        for (let r = 0; r < rounds; r++) builds.forEach((b, i) => per[i].wall.push(b.simulate_preset(name, runs)));
        results.push({ name, per });
      }
      return results;
    },
    { n: dirs.length, jobs, rounds },
  );
    for (const { name, per } of out) {
    per.forEach((p, i) => {
      let line = `${path.basename(dirs[i])} ${name} wall_ms=${median(p.wall).toFixed(4)} report=${p.hash}`;
      if (i > 0) line += ` vs_a=${median(p.wall.map((x, r) => x / per[0].wall[r])).toFixed(3)}`;
      console.log(line);
    });
  }
} finally {
  await browser.close();
}
