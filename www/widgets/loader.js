// cdc-lab widget loader: registers every custom element of the bundle (<cdc-wal-sim>, ...).
//
// Include once per page:  <script type="module" src="/widgets/loader.js"></script>
// and place elements anywhere:  <cdc-wal-sim id="sim1" data-preset="idle-db-no-heartbeat"></cdc-wal-sim>
//
// This file is the only JavaScript of the bundle besides wasm-bindgen's generated glue. It
// owns what must survive a reset of the WebAssembly instance: the list of live elements, each
// element's last good state (the same text as its permalink), the shadow roots, and the
// browser observers (resize, visibility). The Rust side renders and simulates.
//
// Panic recovery: a panic in Rust aborts the whole instance, which every widget on the page
// shares. The panic hook reports the element it happened in; the loader then resets the
// instance (wasm-bindgen's --experimental-reset-state-function), remounts every other widget
// from its last good state, and shows a short message with a restart button in the one that
// failed. No widget ever leaves the host page broken.

import init, * as wasm from "./cdc_widgets.js";

const TAGS = ["cdc-wal-sim", "cdc-scaling-calc", "cdc-dr-drill"];
/**
 * Height in CSS px a mounted widget takes at a given width of the element, reserved while the
 * wasm loads so nothing below it jumps: straight lines between heights measured with each
 * widget's default preset (tests/browser/pages/narrow.html; text wraps, so narrower is taller).
 * Two columns from an element 755 px wide (the widget's 720 px container query), one below.
 */
const RESERVED_HEIGHT_PX = {
  "cdc-wal-sim": (width) =>
    width >= 755
      ? between([[784, 2074], [1008, 2004], [1264, 1966]], width)
      : between([[344, 3156], [374, 3136], [484, 2904], [584, 2785], [684, 2692]], width),
  "cdc-scaling-calc": (width) =>
    width >= 755
      ? between([[784, 2446], [1008, 2183], [1264, 1966]], width)
      : between([[344, 4357], [374, 4185], [484, 3808], [584, 3605], [684, 3371], [724, 3330]], width),
  // Measured on tests/browser/pages/dr.html (the connector-deleted drill, nothing typed yet);
  // two columns from an element 935 px wide (the widget's 900 px container query).
  "cdc-dr-drill": (width) =>
    width >= 935
      ? between([[1008, 1412], [1264, 1298]], width)
      : between([[344, 2439], [374, 2380], [484, 1942], [584, 1729], [684, 1608], [784, 1589], [924, 1498]], width),
};

/** The height at `width` on the line through measured [width, height] points (flat outside). */
function between(points, width) {
  let [w0, h0] = points[0];
  if (width <= w0) return h0;
  for (const [w1, h1] of points.slice(1)) {
    if (width <= w1) return Math.round(h0 + ((h1 - h0) * (width - w0)) / (w1 - w0));
    [w0, h0] = [w1, h1];
  }
  return h0;
}

/** element -> { id: number (Rust handle), container: HTMLElement } */
const live = new Map();
let crashCount = 0;
let recovering = false;

function reserve(el) {
  if (!el.__cdcMounted) {
    el.style.display = "block";
    const estimate = RESERVED_HEIGHT_PX[el.localName];
    const width = el.getBoundingClientRect().width || document.documentElement.clientWidth;
    el.style.minHeight = `${estimate ? estimate(width) : 400}px`;
  }
}

function autoId(el) {
  if (el.id) return el.id;
  const peers = Array.from(document.querySelectorAll(`${el.localName}:not([id])`));
  return `${el.localName.replace(/^cdc-/, "")}-${peers.indexOf(el) + 1}`;
}

function rootOf(el) {
  return el.shadowRoot ?? el.attachShadow({ mode: "open" });
}

function mountElement(el) {
  if (!el.isConnected || live.has(el)) return;
  const root = rootOf(el);
  const container = document.createElement("div");
  root.replaceChildren(container);
  try {
    const id = wasm.mount(el.localName, el, root, container, autoId(el), el.__cdcState ?? null, (state) => {
      el.__cdcState = state;
    });
    live.set(el, { id, container });
    el.__cdcMounted = true;
    el.__cdcMountedAt = performance.now();
    el.style.minHeight = "";
    observe(el);
  } catch (error) {
    showCrash(el, String(error));
  }
}

function unmountElement(el) {
  const entry = live.get(el);
  if (!entry) return;
  live.delete(el);
  unobserve(el);
  try {
    wasm.unmount(entry.id);
  } catch (error) {
    console.warn("cdc-lab: unmount failed", error);
  }
  entry.container.remove();
  el.__cdcMounted = false;
}

function showCrash(el, message) {
  const root = rootOf(el);
  const lang = el.getAttribute("data-lang") === "en" ? "en" : "ru";
  const box = document.createElement("div");
  box.setAttribute("role", "alert");
  box.style.cssText =
    "font:inherit;padding:1rem;border:2px solid #b3261e;border-radius:8px;background:#fff4f2;color:#3b0a07";
  const text = document.createElement("p");
  text.textContent =
    lang === "en"
      ? "The widget hit an internal error and stopped. Other widgets on the page keep working."
      : "В виджете произошла внутренняя ошибка, он остановлен. Остальные виджеты на странице работают.";
  const detail = document.createElement("pre");
  detail.style.cssText = "white-space:pre-wrap;font-size:0.8em;opacity:0.8";
  detail.textContent = message.slice(0, 400);
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = lang === "en" ? "Restart" : "Перезапустить";
  button.addEventListener("click", () => {
    live.delete(el);
    mountElement(el);
  });
  box.append(text, detail, button);
  root.replaceChildren(box);
  el.__cdcMounted = true;
  el.style.minHeight = "";
}

// --- browser observers live here, not in Rust: they must survive an instance reset ----------

const resizeObserver = new ResizeObserver((entries) => {
  for (const entry of entries) {
    const item = live.get(entry.target);
    if (item) safely(() => wasm.resize(item.id));
  }
});
const visibilityObserver = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    const item = live.get(entry.target);
    if (item) safely(() => wasm.set_visible(item.id, entry.isIntersecting));
  }
});
const darkScheme = window.matchMedia("(prefers-color-scheme: dark)");
darkScheme.addEventListener("change", () => {
  for (const item of live.values()) safely(() => wasm.theme_changed(item.id));
});

function observe(el) {
  resizeObserver.observe(el);
  visibilityObserver.observe(el);
}
function unobserve(el) {
  resizeObserver.unobserve(el);
  visibilityObserver.unobserve(el);
}

function safely(call) {
  if (recovering) return;
  try {
    call();
  } catch (error) {
    // A trap after a panic: recovery is already scheduled by the panic event.
    console.warn("cdc-lab:", error);
  }
}

// --- panic recovery --------------------------------------------------------------------------

window.addEventListener("cdc-widget-panic", (event) => {
  const { element, message } = event.detail ?? {};
  if (recovering) return;
  recovering = true;
  setTimeout(() => recover(element, String(message ?? "panic")), 0);
});

function recover(failed, message) {
  crashCount += 1;
  const elements = Array.from(live.keys());
  live.clear();
  try {
    wasm.__wbg_reset_state();
  } catch (error) {
    console.warn("cdc-lab: reset failed", error);
  }
  recovering = false;
  for (const el of elements) {
    unobserve(el);
    el.__cdcMounted = false;
    // A widget that keeps failing after remounts is left with its message (no loop).
    if (el === failed || crashCount > 20) showCrash(el, message);
    else mountElement(el);
  }
}

// --- start -----------------------------------------------------------------------------------

for (const tag of TAGS) {
  for (const el of document.querySelectorAll(tag)) reserve(el);
}

const ready = init({ module_or_path: new URL("cdc_widgets_bg.wasm", import.meta.url) });

for (const tag of TAGS) {
  if (customElements.get(tag)) continue;
  customElements.define(
    tag,
    class extends HTMLElement {
      connectedCallback() {
        reserve(this);
        ready.then(
          () => mountElement(this),
          (error) => showCrash(this, `WebAssembly: ${error}`),
        );
      }
      disconnectedCallback() {
        unmountElement(this);
      }
    },
  );
}

// For the browser tests and the playground.
window.cdcWidgets = {
  ready,
  count: () => live.size,
  mounted: () => wasm.mounted_count(),
  /** Bytes of WebAssembly linear memory (shared by all widgets of the bundle). */
  wasmMemoryBytes: async () => (await ready).memory.buffer.byteLength,
  debugPanic: (el) => {
    const item = live.get(el);
    if (item && typeof wasm.debug_panic === "function") wasm.debug_panic(item.id);
    return Boolean(item && typeof wasm.debug_panic === "function");
  },
};
