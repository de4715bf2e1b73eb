// Input fuzzing against live widgets (issue 10): for every widget the playground shows, 500
// mutated attribute values (elements created with them and mounted) and 500 mutated
// permalink values (so ≥ 10³ of each over the two widgets, 2 × 10³ per widget once the DR
// drill is on the playground) (the page's query string set, then elements mounted that read it; plus real
// navigations of the playground with mutated query strings), including HTML/script injection
// strings, huge and exotic numbers, control and bidi characters, very long values. For every
// element: no panic (no crash message, no cdc-widget-panic event), no console error or warning,
// nothing from the input rendered as HTML (no [data-injected] element anywhere, in the
// document or any shadow root, and window.__xss never set), and every value that is certainly
// invalid (decided here by the parsing rules: not an integer for a slider, not one of a
// select's options, not a toggle word, an unknown attribute…) is named in the widget's
// problems banner as the widget shows values (first 40 characters, control characters as
// U+FFFD). Deterministic: a seeded generator, the seed printed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPage, widgetsMounted } from "./browser.mjs";
import { serverAndBrowser } from "./harness.mjs";
import { playgroundTags } from "./audit.mjs";

const env = serverAndBrowser();
const tags = playgroundTags();
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const PER_TAG = Number(process.env.FUZZ_VALUES ?? 500);

const PAYLOADS = [
  '<img data-injected src=x onerror="window.__xss=1">',
  '"><script data-injected>window.__xss=1</script>',
  "<svg data-injected onload=window.__xss=1>",
  "</style><b data-injected>bold</b>",
  "<style data-injected>*{display:none}</style>",
  "javascript:window.__xss=1",
  "{{7*7}}",
  "${7*7}",
  "%3Cimg%20data-injected%3E",
  "&lt;b data-injected&gt;",
  "' OR 1=1 --",
  "\u0000",
  "\u202e21",
  "😀",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e309",
  "0x10",
  "1_000",
  "١٢٣",
  "１２３",
  "9".repeat(25),
  "-" + "9".repeat(25),
  "",
  "   ",
  "\t\n",
  "12.5",
  "+",
  "-",
  "--1",
  "1-",
  "null",
  "undefined",
  "[]",
  "{}",
  "a".repeat(5000),
  "\ud800",
];
const CHARS = ["a", "Z", "0", "9", "-", "+", ".", ",", " ", "<", ">", '"', "'", "&", ";", "%", "/", "\\", "\u0007", "\n", "é", "я", "€", "😀", "\u200b", "\u202e"];

/** xorshift32: the same sequence for the same seed. */
function generator(seed) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  return { int: (n) => next() % n, pick: (list) => list[next() % list.length] };
}

/** A mutation of `base` (a valid value as text). */
function mutate(r, base) {
  const b = String(base);
  const at = r.int(b.length + 1);
  switch (r.int(11)) {
    case 0:
    case 1:
      return r.pick(PAYLOADS);
    case 2:
      return b + r.pick(PAYLOADS);
    case 3:
      return r.pick(PAYLOADS) + b;
    case 4:
      return b.slice(0, at) + r.pick(CHARS) + b.slice(at);
    case 5:
      return b.slice(0, at) + b.slice(at + 1);
    case 6:
      return b + b;
    case 7:
      return /^\d+$/.test(b) ? String(BigInt(b) * 10n ** BigInt(r.int(25))) : b.toUpperCase();
    case 8:
      return /^\d+$/.test(b) ? `-${b}` : ` ${b}\t`;
    case 9:
      return /^\d+$/.test(b) ? String(BigInt(b) + BigInt(r.int(7)) - 3n) : b.slice(0, -1);
    default:
      return b.slice(0, at) + r.pick(PAYLOADS) + b.slice(at);
  }
}

/** What the widgets call trim (Rust's str::trim: the White_Space property). */
const rustTrim = (v) => v.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, "");
const asciiLower = (v) => v.replace(/[A-Z]/g, (c) => c.toLowerCase());
const loneSurrogate = (v) => /\p{Surrogate}/u.test(v.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""));

/** Whether the parsing rules certainly refuse `value` for a key of kind `kind`. */
function certainlyBad(kind, value) {
  if (loneSurrogate(value)) return false; // becomes U+FFFD on its way into Rust: not compared
  const t = rustTrim(value);
  switch (kind.type) {
    case "number":
      return !/^[+-]?\d+$/.test(t);
    case "choice":
      return !kind.options.includes(t);
    case "toggle":
      return !["true", "false", "1", "0", "on", "off", "yes", "no"].includes(asciiLower(t));
    case "lang":
      return !["ru", "en"].includes(asciiLower(t.split(/[-_]/)[0]));
    case "theme":
      return !["light", "dark", "auto"].includes(asciiLower(t));
    case "unknown":
      return true;
    case "url": {
      // to_wal.rs playground_url: a path on this site or an http(s):// address, printable
      // ASCII without quotes, angle brackets, backslash or backtick (unknown to the other
      // widgets, so refused by them too).
      const path = t.startsWith("/") && !t.startsWith("//");
      const web = t.startsWith("https://") || t.startsWith("http://");
      return !((path || web) && t.length > 0 && /^[!-~]+$/.test(t) && !/["'<>\\`]/.test(t));
    }
    default:
      return false;
  }
}

/** Percent-encodes for a query string; a lone surrogate (no UTF-8 form) becomes the bytes of
 * an encoded surrogate, %ED%A0%80: invalid UTF-8, a mangled link the widget must survive. */
const enc = (v) => v.replace(/[\ud800-\udbff][\udc00-\udfff]|[\s\S]/g, (c) => (/\p{Surrogate}/u.test(c) && c.length === 1 ? "%ED%A0%80" : encodeURIComponent(c)));

/** How a widget quotes a value (widget-core problem.rs shown_value). */
function shown(value) {
  const chars = Array.from(value);
  const out = chars.slice(0, 40).map((c) => (/\p{Cc}/u.test(c) ? "\ufffd" : c)).join("");
  return chars.length > 40 ? `${out}…` : out;
}

/** The keys a live widget takes, with their kind and a valid value, read from its controls. */
function keysOf(host) {
  const keys = [];
  for (const row of host.shadowRoot.querySelectorAll("[data-param]")) {
    const key = row.getAttribute("data-param");
    const range = row.querySelector("input[type=range]");
    const select = row.querySelector("select");
    const box = row.querySelector("input[type=checkbox]");
    if (range) keys.push({ key, kind: { type: "number" }, valid: "1" });
    else if (select) {
      const options = [...select.options].map((o) => o.value);
      keys.push({ key, kind: { type: "choice", options }, valid: options[0] ?? "" });
    } else if (box) keys.push({ key, kind: { type: "toggle" }, valid: "true" });
  }
  return keys;
}

/** Mounts one element per case in the page and reports, per element, what a test checks. */
async function mountCases(page, tag, cases, { query = null } = {}) {
  return page.evaluate(
    async ({ tag, cases, query }) => {
      const tick = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      if (query !== null) history.replaceState(null, "", `?${query}`);
      const holder = document.createElement("div");
      document.body.prepend(holder);
      const els = cases.map((c) => {
        const el = document.createElement(tag);
        el.id = c.id;
        for (const [name, value] of c.attrs) el.setAttribute(name, value);
        holder.append(el);
        return el;
      });
      for (let i = 0; i < 50 && !els.every((el) => el.shadowRoot?.querySelector("[data-param], .problems, [role=alert]")); i++) await tick();
      await tick();
      const results = els.map((el) => {
        const root = el.shadowRoot;
        const text = root ? root.textContent : "";
        return {
          id: el.id,
          rendered: Boolean(root?.querySelector("[data-param], .problems")),
          banner: [...(root?.querySelectorAll(".problems") ?? [])].map((p) => p.textContent).join("\n"),
          crashed: /внутренняя ошибка|internal error/.test(text),
          injected: root ? root.querySelectorAll("[data-injected]").length : 0,
          // A link made from input must stay a web address (no javascript:, data:, …).
          badLinks: [...(root?.querySelectorAll("a[href]") ?? [])].filter((a) => !["http:", "https:"].includes(a.protocol)).map((a) => a.href),
        };
      });
      holder.remove();
      return results;
    },
    { tag, cases, query },
  );
}

function injectedAnywhere(page) {
  return page.evaluate(() => {
    const roots = [document, ...[...document.querySelectorAll("*")].filter((e) => e.shadowRoot).map((e) => e.shadowRoot)];
    return { elements: roots.reduce((n, r) => n + r.querySelectorAll("[data-injected]").length, 0), xss: window.__xss ?? null, panics: window.__panics };
  });
}

async function fuzzPage(url) {
  const page = await openPage(env.browser, url);
  await page.evaluate(() => {
    window.__panics = 0;
    window.addEventListener("cdc-widget-panic", () => (window.__panics += 1));
  });
  await widgetsMounted(page, tags.length);
  return page;
}

/** Checks one batch's results against its cases; returns failure lines. */
function judge(cases, results) {
  const failures = [];
  for (const [i, c] of cases.entries()) {
    const r = results[i];
    if (!r.rendered) failures.push(`${c.id}: did not render (${JSON.stringify(c.values)})`);
    if (r.crashed) failures.push(`${c.id}: crashed on ${JSON.stringify(c.values)}`);
    if (r.injected) failures.push(`${c.id}: ${r.injected} injected element(s) from ${JSON.stringify(c.values)}`);
    if (r.badLinks.length) failures.push(`${c.id}: links ${JSON.stringify(r.badLinks)} from ${JSON.stringify(c.values)}`);
    for (const v of c.values)
      if (certainlyBad(v.kind, v.value) && !r.banner.includes(shown(v.value)))
        failures.push(`${c.id}: ${v.key}=${JSON.stringify(v.value)} refused but not named (banner: ${JSON.stringify(r.banner.slice(0, 300))})`);
  }
  return failures;
}

test("the playground shows widgets to fuzz", () => {
  assert.ok(tags.length >= 2, `widget tags: ${tags.join(", ")}`);
  // The oracle itself: a few values it must call bad or not.
  assert.equal(certainlyBad({ type: "number" }, " 12 "), false);
  assert.equal(certainlyBad({ type: "number" }, "12a"), true);
  assert.equal(certainlyBad({ type: "number" }, "\u0085 12"), false, "NEL is White_Space for Rust's trim");
  assert.equal(shown("a\nb"), "a\ufffdb");
  assert.equal(shown("x".repeat(41)), `${"x".repeat(40)}…`);
  assert.equal(enc("a b\ud800😀"), "a%20b%ED%A0%80%F0%9F%98%80");
});

for (const tag of tags) {
  test(`<${tag}>: ${PER_TAG} mutated attribute values — no panic, no console error, nothing injected, bad values named`, async () => {
    const page = await fuzzPage(`${env.server.url}/`);
    const keys = await page.locator(tag).first().evaluate(keysOf);
    assert.ok(keys.length >= 5, `keys read from <${tag}>: ${keys.map((k) => k.key).join(", ")}`);
    const all = [
      ...keys,
      { key: "lang", kind: { type: "lang" }, valid: "en" },
      { key: "theme", kind: { type: "theme" }, valid: "dark" },
      { key: "preset", kind: { type: "preset" }, valid: "x" },
      { key: "fz-unknown", kind: { type: "unknown" }, valid: "1" },
      { key: "height", kind: { type: "number" }, valid: "400" },
      { key: "playground-url", kind: { type: "url" }, valid: "/" },
      { key: "cursor", kind: { type: "any" }, valid: "3600000" },
    ];
    const r = generator(SEED ^ tag.length);
    let values = 0;
    let named = 0;
    const failures = [];
    for (let batch = 0; values < PER_TAG; batch++) {
      const cases = [];
      for (let i = 0; i < 25 && values < PER_TAG; i++) {
        const picked = new Map();
        for (let k = 1 + r.int(3); k > 0; k--) {
          const spec = r.pick(all);
          picked.set(spec.key, { key: spec.key, kind: spec.kind, value: mutate(r, spec.valid) });
        }
        const vs = [...picked.values()];
        values += vs.length;
        named += vs.filter((v) => certainlyBad(v.kind, v.value)).length;
        cases.push({ id: `fz-${batch}-${i}`, values: vs, attrs: vs.map((v) => [`data-${v.key}`, v.value]) });
      }
      failures.push(...judge(cases, await mountCases(page, tag, cases)));
      if (failures.length > 20) break;
    }
    console.log(`FUZZ <${tag}> attributes: ${values} values (${named} certainly invalid), seed ${SEED}`);
    assert.deepEqual(failures, []);
    assert.ok(named >= PER_TAG / 3, `only ${named} certainly invalid values`);
    assert.deepEqual(await injectedAnywhere(page), { elements: 0, xss: null, panics: 0 });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test(`<${tag}>: ${PER_TAG} mutated permalink values — the same checks`, async () => {
    const page = await fuzzPage(`${env.server.url}/`);
    const keys = await page.locator(tag).first().evaluate(keysOf);
    const all = [...keys, { key: "preset", kind: { type: "preset" }, valid: "x" }, { key: "t", kind: { type: "any" }, valid: "3600000" }];
    const r = generator(SEED ^ (tag.length * 7919));
    let values = 0;
    let named = 0;
    const failures = [];
    for (let batch = 0; values < PER_TAG; batch++) {
      const cases = [];
      const pairs = [];
      for (let i = 0; i < 25 && values < PER_TAG; i++) {
        const id = `pl${batch}x${i}`;
        const picked = new Map();
        for (let k = 1 + r.int(3); k > 0; k--) {
          const spec = r.pick(all);
          picked.set(spec.key, { key: spec.key, kind: spec.kind, value: mutate(r, spec.valid) });
        }
        const vs = [...picked.values()];
        values += vs.length;
        named += vs.filter((v) => certainlyBad(v.kind, v.value)).length;
        for (const v of vs) pairs.push(`${enc(`${id}.${v.key}`)}=${enc(v.value)}`);
        cases.push({ id, values: vs, attrs: [] });
      }
      failures.push(...judge(cases, await mountCases(page, tag, cases, { query: pairs.join("&") })));
      if (failures.length > 20) break;
    }
    console.log(`FUZZ <${tag}> permalinks: ${values} values (${named} certainly invalid), seed ${SEED}`);
    assert.deepEqual(failures, []);
    assert.ok(named >= PER_TAG / 3, `only ${named} certainly invalid values`);
    assert.deepEqual(await injectedAnywhere(page), { elements: 0, xss: null, panics: 0 });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

test("real navigations of the playground with mutated query strings: the same checks", async () => {
  const probe = await fuzzPage(`${env.server.url}/`);
  const widgets = await probe.evaluate(() =>
    [...document.querySelectorAll("main *")].filter((e) => e.localName.startsWith("cdc-")).map((e) => e.id),
  );
  const keysById = {};
  for (const id of widgets) keysById[id] = await probe.locator(`#${id}`).evaluate(keysOf);
  await probe.context().close();
  const r = generator(SEED ^ 0x5eed);
  for (let n = 0; n < 20; n++) {
    const values = [];
    const pairs = [];
    for (const id of widgets) {
      const spec = r.pick(keysById[id]);
      const value = mutate(r, spec.valid);
      values.push({ id, key: spec.key, kind: spec.kind, value });
      pairs.push(`${enc(`${id}.${spec.key}`)}=${enc(value)}`);
    }
    const page = await fuzzPage(`${env.server.url}/?${pairs.join("&")}`);
    await page.waitForTimeout(100);
    for (const v of values) {
      const banner = await page.locator(`#${v.id}`).evaluate((el) => [...el.shadowRoot.querySelectorAll(".problems")].map((p) => p.textContent).join("\n"));
      if (certainlyBad(v.kind, v.value)) assert.ok(banner.includes(shown(v.value)), `${v.id}.${v.key}=${JSON.stringify(v.value)} not named: ${banner.slice(0, 300)}`);
    }
    assert.deepEqual(await injectedAnywhere(page), { elements: 0, xss: null, panics: 0 });
    assert.deepEqual(page.problems, [], page.url());
    await page.context().close();
  }
});
