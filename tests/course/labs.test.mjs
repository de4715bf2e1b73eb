// Checks the lab environment (labs/docker-compose.yml, labs/init/*.sql, labs/README.md) against
// what the lessons tell students to run. Docker cannot run here, so this is as far as the file
// can be validated on this machine: it parses, images are pinned, and every service name, port,
// database, user and Connect setting the lessons use exists in it. The init SQL itself runs
// against a real PostgreSQL in the server tests (crates/pg-check).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// `yaml` is a pinned devDependency of the course site (www/course/package.json).
const require = createRequire(path.join(repo, "www/course/package.json"));
const YAML = require("yaml");

const labs = path.join(repo, "labs");
const compose = YAML.parse(fs.readFileSync(path.join(labs, "docker-compose.yml"), "utf8"));
const lessonsDir = path.join(repo, "www/course/src/content/course");
const lessonFiles = fs
  .readdirSync(lessonsDir, { recursive: true })
  .filter((f) => f.endsWith(".mdx"))
  .map((f) => path.join(lessonsDir, f));
const texts = [...lessonFiles, path.join(labs, "README.md")].map((f) => ({
  name: path.relative(repo, f),
  text: fs.readFileSync(f, "utf8"),
}));
const initSql = fs
  .readdirSync(path.join(labs, "init"))
  .filter((f) => f.endsWith(".sql"))
  .map((f) => fs.readFileSync(path.join(labs, "init", f), "utf8"))
  .join("\n");

/** `environment` as an object whether the file uses the map or the list form. */
function env(service) {
  const e = compose.services[service].environment ?? {};
  if (!Array.isArray(e)) return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, String(v)]));
  return Object.fromEntries(e.map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
}

/** Host ports published by a service ("5432:5432" → 5432). */
function hostPorts(service) {
  return (compose.services[service].ports ?? []).map((p) => Number(String(p).split(":").at(-2)));
}

test("the three services exist with pinned images (no latest, no floating major)", () => {
  // PostgreSQL releases are major.minor (15.17); Kafka and Debezium major.minor.patch.
  assert.deepEqual(Object.keys(compose.services).sort(), ["connect", "kafka", "postgres"]);
  for (const [name, svc] of Object.entries(compose.services)) {
    const tag = svc.image.split(":").at(-1);
    assert.match(tag, /^\d+\.\d+(\.\d+)?(\.Final)?$/, `${name}: image ${svc.image} is not pinned to an exact version`);
  }
});

test("PostgreSQL 15+ with wal_level=logical, user postgres/postgres, database inventory on 5432", () => {
  const major = Number(compose.services.postgres.image.split(":").at(-1).split(".")[0]);
  assert.ok(major >= 15, `postgres image major ${major} < 15`);
  const command = [compose.services.postgres.command].flat().join(" ");
  assert.match(command, /wal_level=logical/);
  const e = env("postgres");
  assert.equal(e.POSTGRES_USER, "postgres");
  assert.equal(e.POSTGRES_PASSWORD, "postgres");
  assert.equal(e.POSTGRES_DB, "inventory");
  assert.deepEqual(hostPorts("postgres"), [5432]);
});

test("Kafka runs in KRaft mode (no ZooKeeper) and is ≥ 3.6, which the offsets PATCH/DELETE of lesson 07 needs", () => {
  const e = env("kafka");
  assert.match(e.KAFKA_PROCESS_ROLES ?? "", /controller/);
  assert.ok(!Object.keys(e).some((k) => k.includes("ZOOKEEPER")), "a ZooKeeper setting in a KRaft cluster");
  assert.match(e.KAFKA_ADVERTISED_LISTENERS, /kafka:9092/, "containers reach the broker at kafka:9092");
  assert.match(e.KAFKA_ADVERTISED_LISTENERS, /localhost:9092/, "the host reaches it at localhost:9092");
  assert.deepEqual(hostPorts("kafka"), [9092]);
  const [major, minor] = compose.services.kafka.image.split(":").at(-1).split(".").map(Number);
  assert.ok(major > 3 || (major === 3 && minor >= 6), `kafka ${major}.${minor} < 3.6`);
});

test("Kafka Connect: REST on 8083, offsets in connect-offsets, brokers at kafka:9092", () => {
  const e = env("connect");
  assert.equal(e.BOOTSTRAP_SERVERS, "kafka:9092");
  assert.equal(e.OFFSET_STORAGE_TOPIC, "connect-offsets");
  assert.deepEqual(hostPorts("connect"), [8083]);
  assert.match(compose.services.connect.image, /debezium\/connect:/);
});

test("every `docker compose exec` in the lessons names a service of the lab", () => {
  const services = new Set(Object.keys(compose.services));
  let seen = 0;
  for (const { name, text } of texts) {
    for (const m of text.matchAll(/docker compose exec((?:\s+-[A-Za-z]+)*)\s+([a-z][a-z0-9_-]*)/g)) {
      seen++;
      assert.ok(services.has(m[2]), `${name}: docker compose exec ${m[2]}: no such service`);
    }
  }
  assert.ok(seen >= 5, `only ${seen} docker compose exec commands found: the regex is probably wrong`);
});

test("every localhost port in the lessons is published by the lab", () => {
  const published = new Set(Object.keys(compose.services).flatMap(hostPorts));
  let seen = 0;
  for (const { name, text } of texts) {
    for (const m of text.matchAll(/localhost:(\d+)/g)) {
      seen++;
      assert.ok(published.has(Number(m[1])), `${name}: localhost:${m[1]} is not published by labs/docker-compose.yml`);
    }
  }
  assert.ok(seen >= 5, `only ${seen} localhost URLs found`);
});

test("every psql database in the lessons exists in the lab (POSTGRES_DB or created by labs/init)", () => {
  const databases = new Set(["postgres", env("postgres").POSTGRES_DB]);
  for (const m of initSql.matchAll(/CREATE DATABASE\s+"?([a-z_][a-z0-9_]*)/gi)) databases.add(m[1]);
  let seen = 0;
  for (const { name, text } of texts) {
    for (const m of text.matchAll(/psql\b[^\n]*?\s-d\s+([a-z_][a-z0-9_]*)/g)) {
      seen++;
      assert.ok(databases.has(m[1]), `${name}: psql -d ${m[1]}: the lab has no such database (${[...databases].join(", ")})`);
    }
  }
  assert.ok(seen >= 5, `only ${seen} psql -d commands found`);
});

test("the tables the lessons capture are created by labs/init", () => {
  for (const table of ["orders", "order_items", "customers", "products"]) {
    assert.match(initSql, new RegExp(`CREATE TABLE[^;]*\\b(public\\.)?${table}\\b`, "i"), `labs/init does not create ${table}`);
  }
});

test("labs/README.md lists the names the lessons use", () => {
  const readme = fs.readFileSync(path.join(labs, "README.md"), "utf8");
  for (const name of ["inventory-connector", "debezium_inventory", "dbz_publication", "pgoutput", "connect-offsets", "8083", "5432", "9092"]) {
    assert.ok(readme.includes(name), `labs/README.md does not mention ${name}`);
  }
});
