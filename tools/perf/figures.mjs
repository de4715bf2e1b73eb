// The performance report's budgets, readers and table (pure: files in, rows out), used by
// tools/perf/report.mjs and tested by tools/perf/figures.test.mjs without a browser.
// KB = 1024 bytes, MB = 1024 KB, as in the rest of the project's figures.
import fs from "node:fs";
import path from "node:path";

export const KB = 1024;
export const MB = 1024 * 1024;

/** The issue's budgets: a figure passes when ≤ the limit (≥ for Lighthouse scores). */
export const BUDGET = {
  interaction_p95_ms: 8,
  widget_gzip_bytes: 150 * KB,
  total_gzip_bytes: 150 * KB,
  first_interactive_ms: 300,
  ten_widgets_bytes: 30 * MB,
  lighthouse_min: { performance: 95, accessibility: 95 },
};
/** Model medians with a budget (crates/wal-model/benches/engine.rs' doc, from the issue). */
export const MODEL_BUDGET_NS = { preset_b_7d_hb10s: 1e6, month_30d: 5e6 };
/** The Lighthouse pages besides the index: lessons 05, 06, 07 (found by their number). */
export const LIGHTHOUSE_LESSONS = ["05", "06", "07"];

/** [{ crate, bench }] for every `crates/<dir>/benches/<bench>.rs`, with the crate's package name. */
export function benchTargets(repo) {
  const out = [];
  for (const dir of fs.readdirSync(path.join(repo, "crates")).sort()) {
    const benches = path.join(repo, "crates", dir, "benches");
    if (!fs.existsSync(benches)) continue;
    const manifest = fs.readFileSync(path.join(repo, "crates", dir, "Cargo.toml"), "utf8");
    const name = /^\s*name\s*=\s*"([^"]+)"/m.exec(manifest)?.[1] ?? dir;
    for (const file of fs.readdirSync(benches).sort()) {
      if (file.endsWith(".rs")) out.push({ crate: name, bench: file.slice(0, -3) });
    }
  }
  return out;
}

/**
 * Every criterion result under `root` (target/criterion) whose `new/estimates.json` was
 * written at or after `sinceMs`: [{ id (benchmark.json's full_id, else the folder), median_ns }].
 */
export function criterionResults(root, sinceMs) {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (!entry.isDirectory()) continue;
      if (entry.name === "new") {
        const estimates = path.join(full, "estimates.json");
        if (fs.existsSync(estimates) && fs.statSync(estimates).mtimeMs >= sinceMs) {
          const median = JSON.parse(fs.readFileSync(estimates, "utf8")).median?.point_estimate;
          let id = path.relative(root, dir).split(path.sep).join("/");
          try {
            id = JSON.parse(fs.readFileSync(path.join(full, "benchmark.json"), "utf8")).full_id ?? id;
          } catch {
            /* no benchmark.json: the folder names it */
          }
          if (typeof median === "number") out.push({ id, median_ns: median });
        }
      } else walk(full);
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** The index and each lesson of LIGHTHOUSE_LESSONS in the built course ({ name, url | null }). */
export function lighthousePages(courseDist) {
  const pages = [{ name: "index", url: "/course/" }];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (!entry.isDirectory()) continue;
      const full = path.join(dir, entry.name);
      const number = LIGHTHOUSE_LESSONS.find((n) => entry.name.startsWith(`${n}-`));
      if (number && fs.existsSync(path.join(full, "index.html")) && !pages.some((p) => p.name === `lesson ${number}`)) {
        pages.push({ name: `lesson ${number}`, url: `/course/${path.relative(courseDist, full).split(path.sep).join("/")}/` });
      } else walk(full);
    }
  };
  if (fs.existsSync(courseDist)) walk(courseDist);
  for (const n of LIGHTHOUSE_LESSONS) {
    if (!pages.some((p) => p.name === `lesson ${n}`)) pages.push({ name: `lesson ${n}`, url: null });
  }
  return pages;
}

/**
 * A Lighthouse result (LHR JSON) in short: scores ×100, the main timings, and per category
 * the audits that cost points (score < 0.9; weighted ones, or any for performance), heaviest first.
 */
export function lighthouseSummary(lhr) {
  const scores = {};
  const losing = {};
  for (const [key, cat] of Object.entries(lhr.categories)) {
    scores[key] = cat.score == null ? null : Math.round(cat.score * 100);
    losing[key] = cat.auditRefs
      .map((ref) => ({ ref, audit: lhr.audits[ref.id] }))
      .filter(({ ref, audit }) => audit && audit.score != null && audit.score < 0.9 && (ref.weight > 0 || key === "performance"))
      .sort((a, b) => b.ref.weight - a.ref.weight)
      .map(({ audit }) => `${audit.id}${audit.displayValue ? ` (${audit.displayValue})` : ""}`);
  }
  const metric = (id) => {
    const v = lhr.audits[id]?.numericValue;
    return typeof v === "number" ? Math.round(v) : null;
  };
  return {
    scores,
    metrics_ms: { fcp: metric("first-contentful-paint"), lcp: metric("largest-contentful-paint"), tbt: metric("total-blocking-time"), speed_index: metric("speed-index") },
    cls: lhr.audits["cumulative-layout-shift"]?.numericValue ?? null,
    losing_points: losing,
  };
}

const ok = (pass) => (pass ? "✓" : "✗");
const fmtMs = (x) => (x == null ? "—" : `${x.toFixed(2)} ms`);
const fmtKb = (b) => `${(b / KB).toFixed(1)} KB`;
const fmtMb = (b) => `${(b / MB).toFixed(1)} MB`;
export const fmtNs = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(3)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);

/**
 * The table: one row per figure, [section, item, figure, budget, verdict] with verdict "✓",
 * "✗" or "" (no budget). A failed measurement is a ✗ row saying so, never a missing row.
 */
export function tableRows(report) {
  const rows = [];
  for (const m of report.model ?? []) {
    if (m.failure) rows.push(["model (criterion median)", `${m.crate}/${m.bench}`, m.failure, "", "✗"]);
    else
      rows.push([
        "model (criterion median)",
        `${m.crate}: ${m.id}`,
        fmtNs(m.median_ns),
        m.budget_ns ? `≤ ${fmtNs(m.budget_ns)}` : "",
        m.budget_ns ? ok(m.median_ns <= m.budget_ns) : "",
      ]);
  }
  for (const i of report.interaction ?? []) {
    if (i.skipped) {
      rows.push(["slider → frame painted", `<${i.tag}>`, `skipped: ${i.skipped}`, "", i.skipped.startsWith("failed") ? "✗" : ""]);
      continue;
    }
    const own = i.widget_reported_p95_ms != null ? `; the widget's own input → redrawn p50 ${fmtMs(i.widget_reported_p50_ms)}, p95 ${fmtMs(i.widget_reported_p95_ms)}` : "";
    // Several rounds: the headline figures are the rounds' medians, each round's p95 listed.
    const rounds = i.rounds?.length > 1 ? i.rounds : null;
    const sample = rounds
      ? `median of ${rounds.length} rounds of ${i.inputs} inputs, p95 per round ${rounds.map((r) => fmtMs(r.p95_ms).replace(" ms", "")).join(" / ")} ms`
      : `${i.inputs} inputs`;
    rows.push([
      "slider → frame painted",
      `<${i.tag}> ${i.slider}${i.query ? ` (${i.query})` : ""}`,
      `p50 ${fmtMs(i.p50_ms)}, p95 ${fmtMs(i.p95_ms)}, max ${fmtMs(i.max_ms)} (${sample}${own})`,
      `p95 ≤ ${BUDGET.interaction_p95_ms} ms`,
      ok(i.p95_ms <= BUDGET.interaction_p95_ms),
    ]);
    // A second figure, no verdict: the same inputs again under a trace, each one's main-thread
    // CPU time (tests/browser/input-trace.mjs) — without the waits for a CPU that a machine
    // shared with other work adds to the wall-clock tail. The budget is judged on the row above.
    if (i.main_thread_cpu_p95_ms != null) {
      rows.push([
        "slider → main-thread CPU",
        `<${i.tag}> ${i.slider}${i.query ? ` (${i.query})` : ""}`,
        `p50 ${fmtMs(i.main_thread_cpu_p50_ms)}, p95 ${fmtMs(i.main_thread_cpu_p95_ms)}, max ${fmtMs(i.main_thread_cpu_max_ms)} (${i.traced_inputs} traced inputs)`,
        "",
        "",
      ]);
    }
  }
  for (const f of report.first_interactive ?? []) {
    if (!f.runs) {
      rows.push(["first widget interactive", f.page, `failed: ${f.failure}`, `≤ ${BUDGET.first_interactive_ms} ms`, "✗"]);
      continue;
    }
    rows.push([
      "first widget interactive",
      `${f.page} (${f.tags.join(", ")})`,
      `${fmtMs(f.from_navigation_start_ms)} from navigation start${f.after_scroll ? " (after scrolling to it)" : ""}, ` +
        "page opened at its first widget, " +
        `${fmtMs(f.after_dom_content_loaded_ms)} after DOMContentLoaded (median of ${f.runs})`,
      `≤ ${BUDGET.first_interactive_ms} ms`,
      ok(f.from_navigation_start_ms <= BUDGET.first_interactive_ms),
    ]);
  }
  if (report.memory) {
    const m = report.memory;
    const known = m.peak_total_bytes != null;
    rows.push([
      "memory",
      `${m.widgets} widgets (tests/browser/pages/ten.html)`,
      known
        ? `${fmtMb(m.peak_total_bytes)} = JS heap peak ${fmtMb(m.js_heap_peak_bytes)} (${fmtMb(m.js_heap_after_gc_bytes)} after GC) + wasm ${fmtMb(m.wasm_memory_bytes)}`
        : `JS heap peak ${fmtMb(m.js_heap_peak_bytes)}; ${m.note}`,
      `≤ ${BUDGET.ten_widgets_bytes / MB} MB`,
      known ? ok(m.peak_total_bytes <= BUDGET.ten_widgets_bytes) : "✗",
    ]);
  }
  if (report.bundle) {
    for (const f of report.bundle.files) rows.push(["bundle file (dist/widgets)", f.file, `${fmtKb(f.raw_bytes)}, ${fmtKb(f.gzip_bytes)} gzipped`, "", ""]);
    rows.push([
      "bundle total",
      `dist/widgets (${report.bundle.files.length} files)`,
      `${fmtKb(report.bundle.raw_bytes)}, ${fmtKb(report.bundle.gzip_bytes)} gzipped`,
      `≤ ${BUDGET.total_gzip_bytes / KB} KB gz`,
      ok(report.bundle.files.length > 0 && report.bundle.gzip_bytes <= BUDGET.total_gzip_bytes),
    ]);
  }
  for (const w of report.widget_bytes ?? []) {
    if (w.failure) {
      rows.push(["page with one widget downloads", `<${w.tag}>`, `failed: ${w.failure}`, `≤ ${BUDGET.widget_gzip_bytes / KB} KB gz`, "✗"]);
      continue;
    }
    rows.push([
      "page with one widget downloads",
      `<${w.tag}>: ${w.files.map((f) => f.file.replace(/^\/widgets\//, "")).join(" + ")}`,
      `${fmtKb(w.raw_bytes)}, ${fmtKb(w.gzip_bytes)} gzipped`,
      `≤ ${BUDGET.widget_gzip_bytes / KB} KB gz`,
      ok(w.gzip_bytes <= BUDGET.widget_gzip_bytes),
    ]);
  }
  const CATEGORIES = [["performance", "performance"], ["accessibility", "accessibility"], ["best-practices", "best practices"], ["seo", "SEO"]];
  for (const l of report.lighthouse ?? []) {
    if (l.failure) {
      rows.push(["Lighthouse", `${l.name} ${l.url ?? ""}`.trim(), `failed: ${l.failure}`, "", "✗"]);
      continue;
    }
    for (const [key, label] of CATEGORIES) {
      const score = l.scores[key] ?? null;
      const min = BUDGET.lighthouse_min[key];
      const losing = (l.losing_points[key] ?? []).slice(0, 4).join(", ");
      const timings = key === "performance" ? ` (TBT ${l.metrics_ms.tbt} ms, LCP ${l.metrics_ms.lcp} ms)` : "";
      rows.push([
        "Lighthouse",
        `${l.name} ${label}`,
        `${score ?? "—"}${timings}${losing ? `; losing points: ${losing}` : ""}`,
        min ? `≥ ${min}` : "",
        min ? ok(score != null && score >= min) : "",
      ]);
    }
  }
  return rows;
}

/** The rows as a Markdown document. */
export function markdown(report, rows) {
  const header = ["what", "figure", "value", "budget", "✓/✗"];
  const cell = (c) => String(c).replace(/\|/g, "\\|");
  return [
    `# Performance report (${report.started})`,
    "",
    `Machine: ${report.machine.cpus}, load average at start ${report.machine.load_average_at_start}; ` +
      `${report.quick ? "quick run (fewer samples)" : "full run"}. KB = 1024 bytes.` +
      (report.lighthouse?.length ? " Lighthouse: its default mobile profile (simulated slow 4G and 4× CPU slowdown)." : ""),
    "",
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map(([section, item, figure, budget, verdict]) => `| ${[section, item, figure, budget, verdict].map(cell).join(" | ")} |`),
    "",
  ].join("\n");
}

/** The rows as plain text, grouped by section, verdict first. */
export function plainText(rows) {
  const itemWidth = Math.max(0, ...rows.map((r) => r[1].length));
  const budgetWidth = Math.max(0, ...rows.map((r) => r[3].length));
  const out = [];
  let section = null;
  for (const [sec, item, figure, budget, verdict] of rows) {
    if (sec !== section) {
      out.push("", sec);
      section = sec;
    }
    out.push(`  ${verdict || " "} ${item.padEnd(itemWidth)}  ${budget.padEnd(budgetWidth)}  ${figure}`);
  }
  const misses = rows.filter((r) => r[4] === "✗").length;
  out.push("", misses ? `${misses} figure(s) over budget or failed` : "every budgeted figure within budget");
  return out.join("\n");
}
