// Keyboard-only walkthrough of every widget the playground shows (issue 10; a widget added to
// the playground is walked too): from a button placed just before the widget, Tab visits every
// control, each with a visible focus indicator (computed outline or box-shadow); a folded
// panel's summary opens with Enter and its controls are then visited; every slider moves with
// the arrow keys; tabs are selected with Space, toggle buttons flip with Enter (and back);
// every button is a native <button> (operable with Enter and Space). Tab leaves the widget
// (to a button placed right after it: no trap) and Shift+Tab comes back into it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser } from "./harness.mjs";
import { openRecording, playgroundTags, settled } from "./audit.mjs";

const env = serverAndBrowser();
const tags = playgroundTags();
const MAX_TABS = 400;

/** What has the focus, seen from the page: inside `host`'s shadow root or not, a description,
 * whether its focus is visible, and what the walk needs to know to operate it. */
function focused(host) {
  const inner = document.activeElement === host ? host.shadowRoot.activeElement : null;
  const el = inner ?? document.activeElement;
  if (!el) return { inside: false, id: "(none)" };
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "none" && style.boxShadow !== "";
  // A number kept on the element: survives re-renders that insert elements before it (a DOM
  // index would not).
  window.__kbdNext ??= 0;
  el.__kbdId ??= ++window.__kbdNext;
  return {
    inside: Boolean(inner),
    index: el.__kbdId,
    id: `${el.localName}${el.type ? `[${el.type}]` : ""}${el.id ? `#${el.id}` : ""} "${(el.getAttribute("aria-label") || el.textContent || el.value || "").trim().slice(0, 40)}"`,
    tag: el.localName,
    type: el.type ?? null,
    role: el.getAttribute("role"),
    pressed: el.getAttribute("aria-pressed"),
    selected: el.getAttribute("aria-selected"),
    open: el.localName === "summary" ? el.parentElement.open : null,
    value: el.value ?? null,
    atMax: el.type === "range" ? el.value === el.max : null,
    presenter: el.classList.contains("presenter-toggle"),
    visibleFocus: outline || shadow,
    focusStyle: `outline ${style.outlineStyle} ${style.outlineWidth}, box-shadow ${style.boxShadow}`,
  };
}

/** Every control of the widget a keyboard user should reach: visible, enabled, in tab order. */
function controls(host) {
  return [...host.shadowRoot.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]")]
    .filter((el) => el.tabIndex >= 0 && !el.disabled && el.checkVisibility())
    .map((el) => ({ index: el.__kbdId, id: `${el.localName}${el.type ? `[${el.type}]` : ""} "${(el.getAttribute("aria-label") || el.textContent || "").trim().slice(0, 40)}"` }));
}

test("the playground shows widgets to walk", () => {
  assert.ok(tags.length >= 2, `widget tags on the playground: ${tags.join(", ") || "none (build the playground)"}`);
});

for (const tag of tags) {
  test(`keyboard only: <${tag}> — every control reached with visible focus and operable, no trap`, async () => {
    const page = await openRecording(env.browser, `${env.server.url}/`);
    await settled(page, { widgets: tags.length });
    const host = page.locator(tag).first();
    await host.evaluate((host) => {
      for (const [id, where] of [["kbd-before", "before"], ["kbd-after", "after"]]) {
        const b = document.createElement("button");
        b.id = id;
        b.textContent = id;
        host[where](b);
      }
      document.getElementById("kbd-before").focus();
    });
    const where = () => host.evaluate(focused);
    // Widgets draw (and fill their chart's data table) once the loader reports them visible:
    // walk only after the widget's controls have stopped changing.
    await host.scrollIntoViewIfNeeded();
    for (let i = 0, last = -1; i < 20; i++) {
      const n = (await host.evaluate(controls)).length;
      if (n === last) break;
      last = n;
      await page.waitForTimeout(150);
    }

    const reached = new Map();
    const failures = [];
    let state = null;
    let tabs = 0;
    for (;;) {
      await page.keyboard.press("Tab");
      tabs += 1;
      state = await where();
      if (!state.inside) break;
      assert.ok(tabs < MAX_TABS, `still inside <${tag}> after ${MAX_TABS} presses of Tab: a keyboard trap`);
      if (reached.has(state.index)) continue;
      reached.set(state.index, state.id);
      if (process.env.KBD_TRACE) console.log(tabs, state.id);
      if (!state.visibleFocus) failures.push(`${state.id}: focus not visible (${state.focusStyle})`);

      if (state.tag === "summary" && state.open === false) {
        await page.keyboard.press("Enter");
        if ((await where()).open !== true) failures.push(`${state.id}: Enter did not open its panel`);
        // A panel may render its content on the toggle event: let that render land before the
        // next Tab (under load the walk otherwise passes the panel before its controls exist).
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      } else if (state.type === "range") {
        await page.keyboard.press(state.atMax ? "ArrowLeft" : "ArrowRight");
        const after = await where();
        if (after.value === state.value) failures.push(`${state.id}: the arrow key did not move it (${state.value})`);
        if (!after.inside) failures.push(`${state.id}: moving it lost the focus`);
      } else if (state.role === "tab" && state.selected === "false") {
        await page.keyboard.press("Space");
        if ((await where()).selected !== "true") failures.push(`${state.id}: Space did not select the tab`);
      } else if (state.pressed !== null && !state.presenter) {
        // A toggle (pin A): Enter flips it, Enter again flips it back.
        await page.keyboard.press("Enter");
        const on = await where();
        if (on.pressed === state.pressed) failures.push(`${state.id}: Enter did not toggle it`);
        await page.keyboard.press("Enter");
        if ((await where()).pressed !== state.pressed) failures.push(`${state.id}: a second Enter did not toggle it back`);
      } else if (state.tag !== "button" && state.role === "button") {
        failures.push(`${state.id}: role=button on a <${state.tag}> (not natively operable)`);
      }
    }
    assert.match(state.id, /kbd-after/, `Tab left <${tag}> for ${state.id}, not the next control after it`);

    // Everything visible and focusable was reached (checked after the walk opened the panels).
    const missed = (await host.evaluate(controls)).filter((c) => !reached.has(c.index)).map((c) => c.id);
    assert.deepEqual(missed, [], `controls of <${tag}> that Tab never reached`);
    assert.ok(reached.size >= 10, `only ${reached.size} controls reached in <${tag}>`);
    assert.deepEqual(failures, []);

    // And back: Shift+Tab from the button after the widget returns into it.
    await page.keyboard.press("Shift+Tab");
    assert.ok((await where()).inside, `Shift+Tab from after <${tag}> did not come back into it`);
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}
