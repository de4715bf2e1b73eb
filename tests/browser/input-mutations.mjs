// Which DOM nodes a slider input changes (not a test): a MutationObserver on the widget's
// shadow root over perf.mjs' own slider inputs (same page, preset, slider and values as
// trace-input.mjs), per input: how many mutation records, of which kind, on which elements,
// and how many rewrote a text or attribute with the value it already had.
//
//   node tests/browser/input-mutations.mjs [tag] [inputs]   (after trunk build --release)
import { serve } from "./serve.mjs";
import { launch } from "./browser.mjs";
import * as perf from "./perf.mjs";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const [tag = "cdc-wal-sim", inputs = "60"] = args;
const n = Number(inputs);

const server = await serve();
const browser = await launch();
const { page, index, selector: SLIDER } = await perf.openForInputs(browser, server.url, tag);

await page.evaluate((index) => {
  const root = widgetsOf(document)[index].shadowRoot;
  const describe = (node) => {
    const parts = [];
    for (let e = node.nodeType === 1 ? node : node.parentElement; e && parts.length < 3; e = e.parentElement) {
      const cls = e.classList?.length ? `.${[...e.classList].join(".")}` : "";
      parts.unshift(`${e.localName}${cls}`);
    }
    return parts.join(">");
  };
  window.__mut = { records: [] };
  new MutationObserver((list) => {
    for (const r of list) {
      let same = false;
      if (r.type === "characterData") same = r.oldValue === r.target.data;
      if (r.type === "attributes") same = r.oldValue === r.target.getAttribute(r.attributeName);
      window.__mut.records.push({
        at: performance.now(),
        type: r.type === "attributes" ? `attr:${r.attributeName}` : r.type,
        where: describe(r.target),
        same,
        added: r.addedNodes.length,
        removed: r.removedNodes.length,
      });
    }
  }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true, characterDataOldValue: true, attributeOldValue: true });
}, index);

const result = await page.evaluate(perf.runInputs, { index, selector: SLIDER, inputs: n, mark: true });
const records = await page.evaluate(() => window.__mut.records);
await browser.close();
await server.close();
if (result.note) {
  console.error(`input-mutations: ${tag}: ${result.note}`);
  process.exit(1);
}
const byWhere = new Map();
for (const r of records) {
  const key = `${r.type.padEnd(16)} ${r.where}`;
  const v = byWhere.get(key) ?? { count: 0, same: 0, added: 0, removed: 0 };
  v.count++;
  if (r.same) v.same++;
  v.added += r.added;
  v.removed += r.removed;
  byWhere.set(key, v);
}
console.log(`${tag}: ${records.length} mutation records over ${n} inputs (${(records.length / n).toFixed(1)} per input); per input, by kind and element (same = rewritten with the value it had):`);
for (const [k, v] of [...byWhere].sort((a, b) => b[1].count - a[1].count)) {
  console.log(`  ${(v.count / n).toFixed(2).padStart(6)}  same ${(v.same / n).toFixed(2).padStart(5)}  +${(v.added / n).toFixed(1)} −${(v.removed / n).toFixed(1)}  ${k}`);
}
