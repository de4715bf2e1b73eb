// Accessibility audit (issue 10): axe-core (pinned in package.json, injected into the page by
// the test) on the playground and every built course page, in the light and the dark theme
// (the system preference, which the pages and the widgets follow), with the widgets mounted
// (axe walks their open shadow roots) and the diagrams drawn: zero serious or critical
// violations. Also the playground with the page's own theme switch set against the system
// preference (the widgets' data-theme), so a widget's forced theme is audited on both grounds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import fs from "node:fs";
import { serverAndBrowser } from "./harness.mjs";
import { auditedPages, openRecording, settled } from "./audit.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const env = serverAndBrowser();
const pages = auditedPages();

/** Runs axe on the whole document (shadow roots included); returns the serious and critical
 * violations as readable lines: rule, impact, and each offending node's selector path. */
async function seriousViolations(page) {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary?.split("\n").slice(1).join(" ") ?? ""}`.trim()),
    }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}: ${v.help}) ${n}`));
}

test("axe sees a violation when there is one, also inside a widget's shadow root", async () => {
  const page = await openRecording(env.browser, `${env.server.url}/course/`);
  await page.evaluate(() => {
    const img = document.createElement("img");
    img.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
    document.querySelector("main").append(img);
  });
  assert.match((await seriousViolations(page)).join("\n"), /image-alt/);
  await page.context().close();

  const spec = pages.find((p) => p.path === "/");
  const playground = await openRecording(env.browser, `${env.server.url}/`);
  await settled(playground, spec);
  await playground.locator("cdc-wal-sim").evaluate((host) => {
    const button = document.createElement("button");
    button.className = "planted";
    host.shadowRoot.querySelector("div").append(button); // a button with no name
  });
  assert.match((await seriousViolations(playground)).join("\n"), /button-name.*planted/);
  await playground.context().close();
});

/** Opens every folded panel (<details>) of the page and of the widgets, so axe audits them too. */
async function unfoldAll(page) {
  await page.evaluate(() => {
    const roots = [document, ...[...document.querySelectorAll("*")].filter((el) => el.shadowRoot).map((el) => el.shadowRoot)];
    for (const root of roots) for (const d of root.querySelectorAll("details")) d.open = true;
  });
}

for (const spec of pages) {
  for (const colorScheme of ["light", "dark"]) {
    test(`axe: ${spec.path} (${colorScheme}): no serious or critical violation`, async () => {
      const page = await openRecording(env.browser, `${env.server.url}${spec.path}`, { colorScheme });
      await settled(page, spec);
      await unfoldAll(page);
      await page.waitForTimeout(200);
      assert.deepEqual(await seriousViolations(page), []);
      await page.context().close();
    });
  }
}

for (const [colorScheme, theme] of [["light", "dark"], ["dark", "light"]]) {
  test(`axe: the playground switched to the ${theme} theme on a ${colorScheme} system: no serious or critical violation`, async () => {
    const spec = pages.find((p) => p.path === "/");
    assert.ok(spec, "the playground is built");
    // The theme switch reloads the page with ?theme=…, which sets every widget's data-theme.
    const page = await openRecording(env.browser, `${env.server.url}/?theme=${theme}`, { colorScheme });
    await settled(page, spec);
    assert.equal(await page.locator("#theme").inputValue(), theme);
    assert.equal(await page.locator(`main [data-theme="${theme}"]`).count(), spec.widgets);
    await unfoldAll(page);
    await page.waitForTimeout(300);
    assert.deepEqual(await seriousViolations(page), []);
    await page.context().close();
  });
}

test("axe: a widget showing bad-input problems, and one in English with a forced dark theme (test page): no serious or critical violation", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const page = await openRecording(env.browser, `${env.server.url}/test/three.html`, { colorScheme });
    await settled(page, { widgets: 3 });
    await page.locator("#c .problems").waitFor();
    await unfoldAll(page);
    await page.waitForTimeout(300);
    assert.deepEqual(await seriousViolations(page), [], colorScheme);
    await page.context().close();
  }
});

test("axe: the playground's widgets with A pinned and a parameter changed (the comparison shown), and with the step player started: no serious or critical violation", async () => {
  const spec = pages.find((p) => p.path === "/");
  for (const colorScheme of ["light", "dark"]) {
    const page = await openRecording(env.browser, `${env.server.url}/`, { colorScheme });
    await settled(page, spec);
    for (const host of await page.locator("main :is(cdc-wal-sim, cdc-scaling-calc, cdc-dr-drill)").all()) {
      const pin = host.locator("button.pin-a");
      if (await pin.count()) {
        await pin.click();
        assert.equal(await pin.getAttribute("aria-pressed"), "true", "A is pinned");
        await host.locator("input[type=range]").first().evaluate((input) => {
          input.value = input.value === input.max ? input.min : input.max;
          input.dispatchEvent(new Event("input", { bubbles: true }));
        });
      }
    }
    await unfoldAll(page);
    await page.waitForTimeout(300);
    assert.deepEqual(await seriousViolations(page), [], `${colorScheme}, A pinned`);
    for (const host of await page.locator("main :is(cdc-wal-sim, cdc-scaling-calc, cdc-dr-drill)").all()) {
      const start = host.locator("button.start-script").first();
      if (await start.count()) await start.click();
    }
    await page.waitForTimeout(300);
    assert.deepEqual(await seriousViolations(page), [], `${colorScheme}, step player`);
    await page.context().close();
  }
});
