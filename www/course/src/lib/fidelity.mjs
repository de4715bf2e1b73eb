// The fidelity page's data and wording, in plain JavaScript so both the Astro pages
// (src/pages/fidelity, src/pages/en/fidelity) and the node tests (tests/course/fidelity.test.mjs)
// use the same code. The data is src/data/fidelity/wal-model.json: a summary of
// target/fidelity/wal-model.json, the output of crates/pg-check/tests/model_vs_server.rs,
// copied in by scripts/fidelity-data.mjs after every pg-check run (scripts/test).

/** The fields every scenario of the summary must have, with their JSON types
 * ("number|null" = a number or null). */
export const SCENARIO_FIELDS = {
  name: "string",
  description: "string",
  description_ru: "string",
  max_slot_wal_keep_size_mb: "number",
  steps: "number",
  statuses_server: "array",
  statuses_model: "array",
  statuses_agree: "boolean",
  invalidated_at_step_server: "number|null",
  invalidated_at_step_model: "number|null",
  max_retained_diff_bytes: "number",
  max_pg_wal_diff_bytes: "number",
  safe_wal_size_mismatches: "number",
  final_retained_server: "number|null",
  final_retained_model: "number|null",
};

export const TOP_FIELDS = {
  what: "string",
  measured_at: "string",
  server_version: "string",
  settings: "object",
  tolerances: "object",
  scenarios: "array",
};

const typeOf = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** Everything wrong with a fidelity document's shape, as sentences (empty when it is fine). */
export function shapeProblems(doc) {
  const problems = [];
  const check = (obj, fields, where) => {
    for (const [key, want] of Object.entries(fields)) {
      const got = typeOf(obj?.[key]);
      if (!want.split("|").includes(got)) problems.push(`${where}.${key}: expected ${want}, got ${got}`);
    }
  };
  check(doc, TOP_FIELDS, "$");
  if (typeof doc?.measured_at === "string" && Number.isNaN(Date.parse(doc.measured_at))) problems.push(`$.measured_at: not a date: ${doc.measured_at}`);
  for (const [i, s] of (Array.isArray(doc?.scenarios) ? doc.scenarios : []).entries()) {
    check(s, SCENARIO_FIELDS, `$.scenarios[${i}]`);
    for (const side of ["statuses_server", "statuses_model"]) {
      if (Array.isArray(s?.[side]) && s[side].length !== s.steps) problems.push(`$.scenarios[${i}].${side}: ${s[side].length} statuses for ${s.steps} steps`);
    }
  }
  if (Array.isArray(doc?.scenarios) && doc.scenarios.length === 0) problems.push("$.scenarios: empty");
  return problems;
}

/** The summary the site keeps: the pg-check output without the per-step detail. */
export function summarize(doc) {
  const { scenarios, ...top } = doc;
  return { ...top, scenarios: scenarios.map(({ step_results, ...s }) => s) };
}

/** Do model and server show the same wal_status at every step? Decided from the sequences
 * themselves, not from the `statuses_agree` flag alone (both must say so). */
export function statusesAgree(s) {
  return s.statuses_agree && s.statuses_model.length === s.statuses_server.length && s.statuses_model.every((x, i) => x === s.statuses_server[i]);
}

/** ["reserved", "reserved", "lost"] -> [{ status: "reserved", count: 2 }, { status: "lost", count: 1 }]. */
export function runs(statuses) {
  const out = [];
  for (const st of statuses) {
    const last = out[out.length - 1];
    if (last && last.status === st) last.count++;
    else out.push({ status: st, count: 1 });
  }
  return out;
}

/** "reserved ×11 → extended ×6 → lost ×2" (a status absent on the server — no slot — is "—"). */
export function runsText(statuses) {
  return runs(statuses).map((r) => `${r.status || "—"} ×${r.count}`).join(" → ");
}

const UNITS = { ru: ["Б", "КБ", "МБ", "ГБ", "ТБ"], en: ["B", "kB", "MB", "GB", "TB"] };
const LOCALE = { ru: "ru-RU", en: "en-GB" };

/** Bytes as the glossary wants them: binary multiples, one decimal above 1 KB, the exact
 * count in brackets ("232 Б", "6,0 МБ (6 310 576 Б)"); signed when `signed` ("+16 МБ"). */
export function bytes(n, lang, { signed = false } = {}) {
  const nf = (digits) => new Intl.NumberFormat(LOCALE[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const sign = signed && n > 0 ? "+" : n < 0 ? "−" : "";
  const abs = Math.abs(n);
  const units = UNITS[lang];
  if (abs < 1024) return `${sign}${nf(0).format(abs)} ${units[0]}`;
  let i = 0;
  let v = abs;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${sign}${nf(1).format(v)} ${units[i]} (${nf(0).format(abs)} ${units[0]})`;
}

/** "26 ноября 2026, 04:13 UTC" / "26 November 2026, 04:13 UTC". */
export function measuredAt(iso, lang) {
  const d = new Date(iso);
  const date = new Intl.DateTimeFormat(LOCALE[lang], { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(d).replace(/\s*г\.$/, "");
  const time = new Intl.DateTimeFormat(LOCALE[lang], { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" }).format(d);
  return `${date}, ${time} UTC`;
}

/** The PostgreSQL version without the packager's suffix: "15.18 (Debian …)" -> "15.18". */
export function pgVersion(doc) {
  return doc.server_version.split(" ")[0];
}
