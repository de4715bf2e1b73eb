// Checks the course content: the three module-3 lessons (length, Mermaid diagrams, required
// frontmatter values, key terms, widgets, the 06 -> 07 link) and every internal link and
// #anchor of the BUILT site (www/course/dist, from `npm run build`) against its file tree.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const site = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../www/course");
const content = path.join(site, "src/content/course");
const dist = path.join(site, "dist");
const BASE = "/course/";

const LESSONS = {
  "03-module-3/05-wal-bloat-heartbeat": {
    minLines: 200,
    frontmatter: { order: 5, difficulty: "intermediate", duration: "30min", topics: ["wal-management", "heartbeat", "replication-slots", "production"] },
    terms: ["heartbeat.action.query", "pg_logical_emit_message", "heartbeat.interval.ms", "max_slot_wal_keep_size", "wal_status", "pg_replication_slots", "<cdc-wal-sim"],
  },
  "03-module-3/06-connector-scaling-tasks": {
    minLines: 180,
    frontmatter: { order: 6, difficulty: "advanced", duration: "25min", topics: ["scaling", "tasks", "performance", "architecture"] },
    terms: ["tasks.max", "table.include.list", "max.queue.size", "max.batch.size", "poll.interval.ms", "<cdc-scaling-calc"],
  },
  "03-module-3/07-disaster-recovery-procedures": {
    minLines: 200,
    frontmatter: { order: 7, difficulty: "advanced", duration: "40min", topics: ["disaster-recovery", "offsets", "backup", "runbooks"] },
    terms: ["/offsets", "connect-offsets", "pg_drop_replication_slot", "kafka-console-consumer", "STOPPED", "<cdc-dr-drill"],
  },
};

function source(id) {
  const file = path.join(content, `${id}.mdx`);
  assert.ok(fs.existsSync(file), `${path.relative(site, file)} is missing`);
  return fs.readFileSync(file, "utf8");
}

/** The YAML frontmatter subset lessons use: `key: scalar`, `key: [a, b]` and `- item` lists. */
function frontmatter(text) {
  const m = text.match(/^---\r?\n([\s\S]*?)\r?\n---\r?\n/);
  assert.ok(m, "the file starts with a --- frontmatter block");
  const scalar = (v) => {
    v = v.trim();
    if (/^".*"$|^'.*'$/.test(v)) return v.slice(1, -1);
    if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
    return v;
  };
  const data = {};
  let list = null;
  for (const line of m[1].split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(line)) continue;
    const item = line.match(/^\s+-\s+(.*)$/);
    if (item && list) { list.push(scalar(item[1])); continue; }
    const kv = line.match(/^([A-Za-z_][\w-]*):\s*(.*)$/);
    if (!kv) continue;
    const [, key, value] = kv;
    if (value === "") data[key] = list = [];
    else if (/^\[.*\]$/.test(value.trim())) { data[key] = value.trim().slice(1, -1).split(",").map(scalar).filter((x) => x !== ""); list = null; }
    else { data[key] = scalar(value); list = null; }
  }
  return data;
}

const mermaidBlocks = (text) => (text.match(/^\s*```mermaid\b/gm) ?? []).length;

for (const [id, want] of Object.entries(LESSONS)) {
  test(`${id}: length, frontmatter and key terms`, () => {
    const text = source(id);
    const lines = text.split("\n").length;
    assert.ok(lines >= want.minLines, `${id} has ${lines} lines, needs at least ${want.minLines}`);
    const data = frontmatter(text);
    for (const [key, value] of Object.entries(want.frontmatter)) assert.deepEqual(data[key], value, `frontmatter ${key}`);
    const missing = want.terms.filter((term) => !text.includes(term));
    assert.deepEqual(missing, [], `key terms missing from ${id}`);
  });
}

test("the three lessons together: at least 580 lines and 4 Mermaid diagrams", () => {
  const texts = Object.keys(LESSONS).map(source);
  const lines = texts.reduce((n, t) => n + t.split("\n").length, 0);
  const diagrams = texts.reduce((n, t) => n + mermaidBlocks(t), 0);
  assert.ok(lines >= 580, `${lines} lines in total`);
  assert.ok(diagrams >= 4, `${diagrams} Mermaid blocks in total`);
});

test("lesson 06 links to lesson 07", () => {
  assert.match(source("03-module-3/06-connector-scaling-tasks"), /\]\((\.\.\/)+(03-module-3\/)?07-disaster-recovery-procedures\/?(#[^)]*)?\)/);
});

// ---- the built site ----

function htmlFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? htmlFiles(p) : e.name.endsWith(".html") ? [p] : [];
  });
}

const decodeEntities = (s) =>
  s.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'" })[e]);

/** The page URL of a built file: dist/a/b/index.html -> /course/a/b/ */
const urlOf = (file) => BASE + path.relative(dist, file).split(path.sep).join("/").replace(/(^|\/)index\.html$/, "$1");

const idsCache = new Map();
function idsOf(file) {
  if (!idsCache.has(file)) {
    const html = fs.readFileSync(file, "utf8");
    idsCache.set(file, new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => decodeEntities(m[1]))));
  }
  return idsCache.get(file);
}

test("the built site has an index and a page per lesson", () => {
  assert.ok(fs.existsSync(path.join(dist, "index.html")), "www/course/dist/index.html is missing: run npm run build in www/course");
  for (const id of Object.keys(LESSONS)) assert.ok(fs.existsSync(path.join(dist, id, "index.html")), `no page for ${id}`);
});

test("every internal link, script, stylesheet and #anchor of the built site resolves", () => {
  const broken = [];
  let checked = 0;
  for (const file of htmlFiles(dist)) {
    const page = new URL(urlOf(file), "http://site.invalid");
    const html = fs.readFileSync(file, "utf8");
    for (const m of html.matchAll(/<(a|link|script|img|source|iframe)\b[^>]*?\s(href|src)="([^"]*)"/g)) {
      const raw = decodeEntities(m[3]);
      if (/^(data|mailto|tel|javascript):/i.test(raw)) continue;
      const target = new URL(raw, page);
      if (target.origin !== page.origin) continue; // external
      checked++;
      const where = `${path.relative(site, file)}: ${m[1]} ${m[2]}="${raw}"`;
      if (!target.pathname.startsWith(BASE)) { broken.push(`${where} (outside ${BASE})`); continue; }
      let rel;
      try { rel = decodeURIComponent(target.pathname.slice(BASE.length)); } catch { broken.push(`${where} (bad escape)`); continue; }
      let dest = path.join(dist, rel);
      if (target.pathname.endsWith("/")) dest = path.join(dest, "index.html");
      else if (fs.existsSync(dest) && fs.statSync(dest).isDirectory()) { broken.push(`${where} (a folder without its trailing slash)`); continue; }
      if (!fs.existsSync(dest)) { broken.push(`${where} (no ${path.relative(site, dest)})`); continue; }
      if (target.hash && target.hash !== "#" && dest.endsWith(".html")) {
        const id = decodeURIComponent(target.hash.slice(1));
        if (!idsOf(dest).has(id)) broken.push(`${where} (no id="${id}" in ${path.relative(site, dest)})`);
      }
    }
  }
  assert.ok(checked > 20, `only ${checked} internal references found`);
  assert.deepEqual(broken, []);
});
