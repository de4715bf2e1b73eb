// The course's frontmatter schema (www/course/src/content.config.ts) rejects a bad lesson:
// a copy of the site whose only lesson is tests/course/fixtures/bad-frontmatter.mdx must fail
// `astro build` naming the file and each bad field, and the same lesson with those fields
// fixed must build. Needs `npm ci` in www/course (scripts/bootstrap does it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const site = path.resolve(here, "../../www/course");
const fixture = fs.readFileSync(path.join(here, "fixtures/bad-frontmatter.mdx"), "utf8");
let tmp;

/** A copy of the site (sources and config, the real node_modules linked) with one lesson. */
function siteWith(lesson) {
  const dir = fs.mkdtempSync(path.join(tmp, "site-"));
  for (const name of ["package.json", "astro.config.mjs", "tsconfig.json", "src"]) {
    if (fs.existsSync(path.join(site, name))) fs.cpSync(path.join(site, name), path.join(dir, name), { recursive: true });
  }
  fs.symlinkSync(path.join(site, "node_modules"), path.join(dir, "node_modules"), "dir");
  const content = path.join(dir, "src/content/course");
  fs.rmSync(content, { recursive: true, force: true });
  fs.mkdirSync(path.join(content, "03-module-3"), { recursive: true });
  fs.writeFileSync(path.join(content, "03-module-3/bad-frontmatter.mdx"), lesson);
  return dir;
}

function build(dir) {
  const run = spawnSync(process.execPath, [path.join(dir, "node_modules/astro/astro.js"), "build"], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: "1", NO_COLOR: "1", FORCE_COLOR: "0" },
    timeout: 180_000,
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cdc-course-"));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test("a lesson with a wrong difficulty and duration fails the build, naming the file and both fields", () => {
  const { status, output } = build(siteWith(fixture));
  assert.notEqual(status, 0, `the build should fail:\n${output}`);
  assert.match(output, /bad-frontmatter\.mdx/, "the file is named");
  assert.match(output, /difficulty\W[^\n]*'expert'/, "the difficulty field is named with its value");
  assert.match(output, /duration\W[^\n]*30min/, "the duration field is named with the expected shape");
  assert.doesNotMatch(output, /\btopics\W/, "the valid topics field is not blamed");
});

test("the same lesson with those two fields fixed builds", () => {
  const fixed = fixture.replace(/^difficulty: .*$/m, "difficulty: advanced").replace(/^duration: .*$/m, "duration: 30min");
  assert.notEqual(fixed, fixture);
  const dir = siteWith(fixed);
  const { status, output } = build(dir);
  assert.equal(status, 0, output);
  assert.ok(fs.existsSync(path.join(dir, "dist/03-module-3/bad-frontmatter/index.html")));
});

test("a missing field and a non-kebab-case topic are named too", () => {
  const broken = fixture
    .replace(/^difficulty: .*$/m, "difficulty: advanced")
    .replace(/^duration: .*$/m, "duration: 30min")
    .replace(/^order: .*\n/m, "")
    .replace(/^topics: .*$/m, "topics: [WAL management]");
  const { status, output } = build(siteWith(broken));
  assert.notEqual(status, 0, output);
  assert.match(output, /bad-frontmatter\.mdx/);
  assert.match(output, /order\W[^\n]*Required/);
  assert.match(output, /topics\.0\W[^\n]*kebab-case/);
});
