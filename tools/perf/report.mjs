// The performance report (run by scripts/perf-report, which builds everything first): every
// figure next to its budget, printed as one table and written to target/perf-report.json and
// target/perf-report.md.
//
//   node tools/perf/report.mjs [--quick] [--no-bench] [--no-lighthouse]
//
//  * model medians: `cargo bench` for every crates/*/benches/*.rs, medians read from
//    target/criterion/**/new/estimates.json written by this run (`--quick`: criterion --quick)
//  * browser figures (tests/browser/perf.mjs, headless /usr/bin/chromium): slider input →
//    frame painted per widget of the playground, first widget interactive per course page
//    with a widget, ten widgets' memory, what a page with one widget downloads
//  * bytes of every file of dist/widgets/, raw and gzipped (level 9)
//  * Lighthouse 12.2.3 (tools/perf/node_modules, mobile defaults) on the course's index and
//    lessons 05, 06, 07: performance, accessibility, best practices, SEO, and the audits
//    that cost points
// Budgets, readers and the table: ./figures.mjs.
import fs from "node:fs";
import path from "node:path";
import { spawnSync, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { staticServer } from "../../scripts/serve.mjs";
import { ROOTS } from "../../tests/browser/serve.mjs";
import { launch, CHROMIUM } from "../../tests/browser/browser.mjs";
import * as perf from "../../tests/browser/perf.mjs";
import * as figures from "./figures.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const OUT = path.join(REPO, "target/perf-report");
const args = new Set(process.argv.slice(2));
for (const a of args) {
  if (!["--quick", "--no-bench", "--no-lighthouse"].includes(a)) {
    console.error(`perf-report: unknown option ${JSON.stringify(a)} (known: --quick, --no-bench, --no-lighthouse)`);
    process.exit(2);
  }
}
const QUICK = args.has("--quick");
const log = (line) => process.stderr.write(`perf-report: ${line}\n`);
fs.mkdirSync(OUT, { recursive: true });

// --- model medians (criterion) ---------------------------------------------------------------

function runBenches() {
  const results = [];
  const benchLog = path.join(OUT, "bench.log");
  fs.writeFileSync(benchLog, "");
  const claimed = new Set();
  for (const { crate, bench } of figures.benchTargets(REPO)) {
    const since = Date.now();
    const flags = QUICK ? ["--quick"] : ["--warm-up-time", "1", "--measurement-time", "3"];
    log(`cargo bench -p ${crate} --bench ${bench} -- ${flags.join(" ")}   (output: ${path.relative(REPO, benchLog)})`);
    const run = spawnSync("cargo", ["bench", "--locked", "-p", crate, "--bench", bench, "--", ...flags], {
      cwd: REPO,
      encoding: "utf8",
      maxBuffer: 64 * figures.MB,
    });
    fs.appendFileSync(benchLog, `$ cargo bench -p ${crate} --bench ${bench} -- ${flags.join(" ")}\n${run.stdout}${run.stderr}\n`);
    if (run.status !== 0) {
      results.push({ crate, bench, failure: `cargo bench exited with ${run.status} (see ${path.relative(REPO, benchLog)})` });
      continue;
    }
    // Written by this bench run and not by the one before (mtimes are coarse on some systems).
    for (const r of figures.criterionResults(path.join(REPO, "target/criterion"), since)) {
      if (claimed.has(r.id)) continue;
      claimed.add(r.id);
      const budget = figures.MODEL_BUDGET_NS[r.id];
      results.push({ crate, bench, ...r, ...(budget ? { budget_ns: budget } : {}) });
    }
  }
  return results;
}

// --- Lighthouse --------------------------------------------------------------------------------

function runLighthouse(url, outFile) {
  const cli = path.join(REPO, "tools/perf/node_modules/lighthouse/cli/index.js");
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        cli,
        url,
        "--output=json",
        `--output-path=${outFile}`,
        "--only-categories=performance,accessibility,best-practices,seo",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--quiet",
      ],
      { cwd: REPO, env: { ...process.env, CHROME_PATH: CHROMIUM }, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

// --- the run ---------------------------------------------------------------------------------

const started = new Date();
const report = { started: started.toISOString(), quick: QUICK, machine: machine(), budgets: figures.BUDGET };

function machine() {
  const os = process.platform;
  let cpus = "";
  try {
    cpus = `${(fs.readFileSync("/proc/cpuinfo", "utf8").match(/^processor\s*:/gm) ?? []).length} CPUs`;
  } catch {
    cpus = "";
  }
  let load = "";
  try {
    load = fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    load = "";
  }
  return { os, cpus, load_average_at_start: load, node: process.version };
}

if (!args.has("--no-bench")) {
  report.model = runBenches();
}

report.bundle = perf.bundleBytes(path.join(REPO, "dist/widgets"));

const pagesDir = path.join(OUT, "pages");
const server = await staticServer([["/perf-pages/", pagesDir], ...ROOTS]);
try {
  const playground = path.join(REPO, "dist/playground/index.html");
  const courseDist = path.join(REPO, "www/course/dist");
  for (const [what, file] of [["the playground", playground], ["the course site", path.join(courseDist, "index.html")]]) {
    if (!fs.existsSync(file)) {
      console.error(`perf-report: ${path.relative(REPO, file)} is missing: build ${what} first (scripts/perf-report does)`);
      process.exit(1);
    }
  }
  const playgroundHtml = fs.readFileSync(playground, "utf8");
  const tags = [...new Set(perf.widgetElements(playgroundHtml).map((w) => w.tag))];
  const browser = await launch();
  try {
    log(`slider → frame painted per widget (${tags.join(", ")})`);
    report.interaction = await perf.interactionLatency(browser, server.url, playgroundHtml, { inputs: QUICK ? 60 : 240, rounds: QUICK ? 1 : 3 });
    const pages = perf.coursePagesWithWidgets(courseDist);
    log(`first widget interactive on ${pages.length} course pages`);
    report.first_interactive = await perf.firstInteractive(browser, server.url, pages, { runs: QUICK ? 2 : 5 });
    log("ten widgets' memory");
    report.memory = await perf.tenWidgetsMemory(browser, server.url);
    log("bytes per widget");
    report.widget_bytes = await perf.widgetBytes(browser, server.url, tags, pagesDir);
  } finally {
    await browser.close();
  }

  if (!args.has("--no-lighthouse")) {
    report.lighthouse = [];
    fs.mkdirSync(path.join(OUT, "lighthouse"), { recursive: true });
    for (const page of figures.lighthousePages(courseDist)) {
      if (!page.url) {
        report.lighthouse.push({ ...page, failure: "no such lesson in the built course" });
        continue;
      }
      const file = path.join(OUT, "lighthouse", `${page.name.replace(/\s+/g, "-")}.json`);
      log(`Lighthouse ${page.url}`);
      const t0 = Date.now();
      const { code, stderr } = await runLighthouse(`${server.url}${page.url}`, file);
      if (code !== 0 || !fs.existsSync(file)) {
        report.lighthouse.push({ ...page, failure: `lighthouse exited with ${code}: ${stderr.trim().split("\n").slice(-3).join(" / ")}` });
        continue;
      }
      const lhr = JSON.parse(fs.readFileSync(file, "utf8"));
      report.lighthouse.push({
        ...page,
        seconds: Math.round((Date.now() - t0) / 1000),
        report: path.relative(REPO, file),
        lighthouse: lhr.lighthouseVersion,
        form_factor: lhr.configSettings?.formFactor,
        ...(lhr.runtimeError ? { runtime_error: lhr.runtimeError.message } : {}),
        ...figures.lighthouseSummary(lhr),
      });
    }
  }
} finally {
  await server.close();
}
report.finished = new Date().toISOString();

// --- the table ---------------------------------------------------------------------------------

const rows = figures.tableRows(report);
report.table = rows.map(([section, item, figure, budget, verdict]) => ({ section, item, figure, budget, verdict }));
fs.writeFileSync(path.join(REPO, "target/perf-report.json"), `${JSON.stringify(report, null, 2)}\n`);
fs.writeFileSync(path.join(REPO, "target/perf-report.md"), figures.markdown(report, rows));
console.log(figures.plainText(rows));
console.log("written: target/perf-report.json, target/perf-report.md (Lighthouse reports: target/perf-report/lighthouse/)");
