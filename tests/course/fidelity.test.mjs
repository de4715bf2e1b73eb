// The fidelity page (/course/fidelity/, /course/en/fidelity/): its data
// (www/course/src/data/fidelity/wal-model.json, pg-check's measured agreement copied in by
// www/course/scripts/fidelity-data.mjs) has the shape the page needs and shows agreement; the
// BUILT pages (www/course/dist) show every scenario's name, description and numbers as the
// JSON has them (so a page with numbers typed in fails as soon as a measurement changes);
// the page describes as many simplifications as the model crates list; and the lessons, the
// index and the playground link to it.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { shapeProblems, summarize, statusesAgree, runs, runsText, bytes, measuredAt, pgVersion } from "../../www/course/src/lib/fidelity.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const site = path.join(repo, "www/course");
const dist = path.join(site, "dist");
const dataFile = path.join(site, "src/data/fidelity/wal-model.json");
const data = JSON.parse(fs.readFileSync(dataFile, "utf8"));
const PAGES = { ru: "fidelity/index.html", en: "en/fidelity/index.html" };

const decode = (s) =>
  s.replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (_, e) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'", nbsp: "\u00a0" })[e]);
/** The visible text of an HTML fragment: tags dropped, entities decoded, spaces collapsed. */
const text = (html) => decode(html.replace(/<[^>]*>/g, "")).replace(/[ \t\r\n]+/g, " ").trim();

function built(lang) {
  const file = path.join(dist, PAGES[lang]);
  assert.ok(fs.existsSync(file), `${path.relative(site, file)} is missing: run npm run build in www/course`);
  return fs.readFileSync(file, "utf8");
}

/** The inner HTML of the element carrying `attr` (the first match; the element's tag must not
 * nest inside itself). */
function element(html, tag, attr) {
  const m = html.match(new RegExp(`<${tag}\\b[^>]*${attr}[^>]*>([\\s\\S]*?)</${tag}>`));
  assert.ok(m, `no <${tag} ${attr}>`);
  return m[1];
}
const field = (html, name) => text(element(html, "(?:dd|code|span|p)", `data-field="${name}"`));

// ---- the data ----

test("the committed fidelity data has the shape the page needs", () => {
  assert.deepEqual(shapeProblems(data), []);
  assert.match(data.server_version, /^15\.\d+/, "measured on PostgreSQL 15");
  assert.ok(data.scenarios.length >= 5, `${data.scenarios.length} scenarios`);
  assert.ok(!("step_results" in data.scenarios[0]), "the site keeps the summary, not the per-step detail");
  const names = data.scenarios.map((s) => s.name);
  assert.equal(new Set(names).size, names.length, "scenario names are unique");
});

test("the committed data shows agreement: every scenario within the server test's bar", () => {
  const tolerance = data.tolerances.retained_bytes;
  for (const s of data.scenarios) {
    assert.ok(statusesAgree(s), `${s.name}: wal_status server ${runsText(s.statuses_server)}, model ${runsText(s.statuses_model)}`);
    assert.equal(s.invalidated_at_step_model, s.invalidated_at_step_server, `${s.name}: lost at the same step`);
    assert.ok(s.max_retained_diff_bytes < tolerance, `${s.name}: retained WAL within one segment`);
    assert.ok(Math.abs(s.max_pg_wal_diff_bytes) <= data.tolerances.pg_wal_bytes, `${s.name}: pg_wal within tolerance`);
  }
});

test("the committed data is the summary of target/fidelity/wal-model.json (the last run that changed the numbers)", (t) => {
  const dir = process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(repo, "target");
  const file = path.join(dir, "fidelity/wal-model.json");
  if (!fs.existsSync(file)) return t.skip("no target/fidelity/wal-model.json (pg-check has not run here)");
  const out = JSON.parse(fs.readFileSync(file, "utf8"));
  // fidelity-data.mjs keeps the committed file (and its measured_at) when a run measures the
  // same numbers, so compare everything but the date.
  const { measured_at: ranAt, ...measured } = summarize(out);
  const { measured_at: siteAt, ...shown } = data;
  if (ranAt !== siteAt && JSON.stringify(measured) !== JSON.stringify(shown))
    return t.skip(`target has the run of ${ranAt}, the site ${siteAt}: run node www/course/scripts/fidelity-data.mjs to copy it in`);
  assert.deepEqual(shown, measured);
});

// ---- the page's helpers ----

test("runs, bytes and dates are written as the glossary says", () => {
  assert.deepEqual(runs(["reserved", "reserved", "extended", "lost"]), [
    { status: "reserved", count: 2 },
    { status: "extended", count: 1 },
    { status: "lost", count: 1 },
  ]);
  assert.equal(runsText(["reserved", "reserved", "extended"]), "reserved ×2 → extended ×1");
  assert.equal(bytes(232, "ru"), "232 Б");
  assert.equal(bytes(0, "ru", { signed: true }), "0 Б");
  assert.equal(bytes(6310576, "ru"), "6,0 МБ (6\u00a0310\u00a0576 Б)");
  assert.equal(bytes(16777216, "en", { signed: true }), "+16.0 MB (16,777,216 B)");
  assert.equal(bytes(-300, "en", { signed: true }), "−300 B");
  assert.equal(measuredAt("2026-11-26T04:13:05Z", "ru"), "26 ноября 2026, 04:13 UTC");
  assert.equal(measuredAt("2026-11-26T04:13:05Z", "en"), "26 November 2026, 04:13 UTC");
});

test("agreement is decided from the sequences, not from the flag alone", () => {
  const s = { statuses_agree: true, statuses_server: ["reserved", "extended"], statuses_model: ["reserved", "reserved"] };
  assert.equal(statusesAgree(s), false);
  assert.equal(statusesAgree({ ...s, statuses_model: ["reserved", "extended"] }), true);
  assert.equal(statusesAgree({ ...s, statuses_agree: false, statuses_model: ["reserved", "extended"] }), false);
  assert.match(shapeProblems({ ...data, scenarios: [{ ...data.scenarios[0], statuses_model: [] }] }).join("\n"), /statuses_model: 0 statuses/);
});

// ---- the built pages ----

for (const lang of ["ru", "en"]) {
  test(`${lang}: the built page shows every scenario's name, description and numbers from the JSON`, () => {
    const html = built(lang);
    assert.match(html, new RegExp(`<html lang="${lang}"`));
    const all = text(html);
    assert.ok(all.includes(pgVersion(data)), `PostgreSQL ${pgVersion(data)}`);
    assert.equal(field(html, "server_version"), pgVersion(data));
    assert.equal(field(html, "measured_at"), measuredAt(data.measured_at, lang));
    assert.match(html, new RegExp(`<time datetime="${data.measured_at}"`));
    const agree = data.scenarios.filter(statusesAgree).length;
    assert.ok(field(html, "summary").includes(lang === "ru" ? `в ${agree} из ${data.scenarios.length}` : `in ${agree} of ${data.scenarios.length}`), field(html, "summary"));
    const cards = [...html.matchAll(/data-scenario="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(cards, data.scenarios.map((s) => s.name), "one card per scenario, in the JSON's order");
    for (const s of data.scenarios) {
      const card = element(html, "li", `data-scenario="${s.name}"`);
      const where = `${lang} ${s.name}`;
      assert.match(html, new RegExp(`data-scenario="${s.name}" data-agree="${statusesAgree(s) ? "yes" : "no"}"`), where);
      assert.ok(text(card).includes(s.name), `${where}: name`);
      assert.ok(text(card).includes(lang === "ru" ? s.description_ru : s.description), `${where}: description`);
      assert.equal(field(card, "steps"), String(s.steps), `${where}: steps`);
      assert.equal(field(card, "runs-server"), runsText(s.statuses_server), `${where}: server statuses`);
      assert.equal(field(card, "runs-model"), runsText(s.statuses_model), `${where}: model statuses`);
      const lost = field(card, "invalidated");
      for (const k of [s.invalidated_at_step_server, s.invalidated_at_step_model]) {
        if (k !== null) assert.match(lost, new RegExp(`\\b${k}\\b`), `${where}: lost at step ${k}`);
      }
      assert.ok(field(card, "retained-diff").startsWith(bytes(s.max_retained_diff_bytes, lang)), `${where}: retained diff ${field(card, "retained-diff")}`);
      assert.ok(field(card, "pg-wal-diff").startsWith(bytes(s.max_pg_wal_diff_bytes, lang, { signed: true })), `${where}: pg_wal diff`);
      const fin = field(card, "final");
      for (const b of [s.final_retained_server, s.final_retained_model]) if (b !== null) assert.ok(fin.includes(bytes(b, lang)), `${where}: final ${fin}`);
      const verdict = field(card, "statuses");
      assert.ok(statusesAgree(s) ? !/расход|differ/.test(verdict) : /расход|differ/.test(verdict), `${where}: verdict "${verdict}"`);
    }
  });
}

/** The numbered simplifications of a crate's module docs (`//! N. …` under "## Simplifications"). */
function simplifications(crate) {
  const docs = fs.readFileSync(path.join(repo, `crates/${crate}/src/lib.rs`), "utf8").split("\n").filter((l) => l.startsWith("//!")).map((l) => l.slice(3).trim());
  const start = docs.findIndex((l) => /^## Simplifications/.test(l));
  assert.ok(start >= 0, `${crate}: no "## Simplifications" section`);
  const end = docs.findIndex((l, i) => i > start && l.startsWith("## "));
  return docs.slice(start, end < 0 ? undefined : end).filter((l) => /^\d+\.\s/.test(l)).length;
}

test("both pages describe as many simplifications as the model crates list", () => {
  const want = { wal: simplifications("wal-model"), scaling: simplifications("scaling-model") };
  assert.ok(want.wal >= 10 && want.scaling >= 10, JSON.stringify(want));
  for (const lang of ["ru", "en"]) {
    const html = built(lang);
    for (const [prefix, n] of Object.entries(want)) {
      const ids = [...html.matchAll(new RegExp(`id="${prefix}-s(\\d+)"`, "g"))].map((m) => Number(m[1]));
      assert.deepEqual(ids, Array.from({ length: n }, (_, i) => i + 1), `${lang}: ${prefix} simplifications 1..${n}`);
    }
  }
});

// ---- links to it ----

test("the two pages link each other; the index, lessons 05 and 06 and the playground link the page", () => {
  assert.match(built("ru"), /href="\/course\/en\/fidelity\/"[^>]*hreflang="en"/);
  assert.match(built("en"), /href="\/course\/fidelity\/"[^>]*hreflang="ru"/);
  for (const lang of ["ru", "en"]) assert.match(built(lang), /<link rel="alternate" hreflang="en" href="\/course\/en\/fidelity\/"/);
  assert.match(fs.readFileSync(path.join(dist, "index.html"), "utf8"), /href="\/course\/fidelity\/"/, "the index links it");
  for (const lesson of ["05-wal-bloat-heartbeat", "06-connector-scaling-tasks"]) {
    const mdx = fs.readFileSync(path.join(site, `src/content/course/03-module-3/${lesson}.mdx`), "utf8");
    assert.match(mdx, /\]\(\.\.\/\.\.\/fidelity\/(#[a-z-]+)?\)/, `${lesson} links ../../fidelity/`);
    assert.match(fs.readFileSync(path.join(dist, `03-module-3/${lesson}/index.html`), "utf8"), /href="\.\.\/\.\.\/fidelity\/(#[a-z-]+)?"/, `built ${lesson}`);
  }
  const playground = fs.readFileSync(path.join(repo, "www/playground/index.html"), "utf8");
  assert.match(playground, /href="\/course\/fidelity\/"/, "the playground links it");
  assert.match(playground, /href="\/course\/en\/fidelity\/"/, "and its English version");
});
