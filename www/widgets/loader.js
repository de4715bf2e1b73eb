// cdc-lab widget loader: registers every custom element of the bundle (<cdc-wal-sim>, ...).
//
// Include once per page:  <script type="module" src="/widgets/loader.js"></script>
// and place elements anywhere:  <cdc-wal-sim id="sim1" data-preset="idle-db-no-heartbeat"></cdc-wal-sim>
//
// This file is the only JavaScript of the bundle besides wasm-bindgen's generated glue. It
// owns what must survive a reset of a WebAssembly instance: the list of live elements, each
// element's last good state (the same text as its permalink), the shadow roots, and the
// browser observers (resize, visibility). The Rust side renders and simulates.
//
// One module per widget: <cdc-NAME> lives in NAME.js + NAME_bg.wasm (scripts/build-widgets
// builds the crate once per widget feature). A module is fetched only when an element of its
// tag is on the page, once, however many elements there are; a lesson with one simulator
// loads no calculator. A page that starts with both chart widgets loads the combined module
// charts.js + charts_bg.wasm for them instead (both in one instance: two single modules would
// carry yew, std and the shared code twice). Adding a widget: its name in TAGS (and its
// heights below).
//
// Panic recovery: a panic in Rust aborts the instance of that widget's module, which every
// widget of that module on the page shares. The panic hook reports the element it happened in;
// the loader then resets that module's instance (wasm-bindgen's
// --experimental-reset-state-function), remounts the other widgets of that module from their
// last good state, and shows a short message with a restart button in the one that failed.
// Widgets of other modules are not touched. No widget ever leaves the host page broken.
//
// The calculator's lag → WAL on the same page: it dispatches a cancelable `cdc-wal-sim-show`
// event ({ query, note }) on the <cdc-wal-sim>; the loader forwards it to the simulator's
// module and cancels the event to say it was shown.
//
// When widgets mount: each in a task of its own (a widget's first render — model, Yew, the
// DOM — then never joins another's in one long task). On pages with <body data-cdc-lazy> (the
// course's lessons) a widget mounts only when it comes within one viewport height of the view
// (LAZY_MARGIN); until then it is its reserved-height placeholder, and its module is fetched
// and compiled only after the page's first paint (nothing of the bundle competes with it).
// Elsewhere (the playground, embeds, the test pages) every widget mounts at load.

/** The tags this loader defines; <cdc-NAME>'s module is NAME.js + NAME_bg.wasm. */
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

/** element -> { id: number (Rust handle in its module), container: HTMLElement, module } */
const live = new Map();

/**
 * The combined module of the two chart widgets, for pages that start with both (lessons 05/06,
 * the playground): one instance instead of two copies of yew, std, plotters and widget-core.
 * The DR drill shares little with them and always comes as its own module.
 */
const COMBINED = "charts";
const COMBINED_TAGS = ["cdc-wal-sim", "cdc-scaling-calc"];
/** Decided once, from the tags present when the loader runs (see the top of this file). */
let combined = false;

/**
 * module name -> { name, wasm (the glue's exports), exports (the instance's), ready (promise of
 * the module, loaded), crashCount, recovering }: created on the first element that needs it,
 * so a module is fetched at most once.
 */
const modules = new Map();

/** The module that serves <tag> on this page. */
function moduleFor(tag) {
  const name = combined && COMBINED_TAGS.includes(tag) ? COMBINED : tag.replace(/^cdc-/, "");
  let module = modules.get(name);
  if (!module) {
    module = { name, wasm: null, crashCount: 0, recovering: false };
    module.ready = import(new URL(`${name}.js`, import.meta.url).href).then(async (wasm) => {
      module.exports = await wasm.default({ module_or_path: new URL(`${name}_bg.wasm`, import.meta.url) });
      module.wasm = wasm;
      return module;
    });
    modules.set(name, module);
  }
  return module;
}

// --- when to mount ---------------------------------------------------------------------------

/** How far outside the viewport a lazy page's widget starts mounting: one viewport height. */
const LAZY_MARGIN = "100% 0px 100% 0px";
/** Elements waiting for their turn to mount, one per task (see the top of this file). */
const mountQueue = [];
let mountScheduled = false;

/** Mounts `el` in a task of its own, after those already waiting. */
function mountSoon(el) {
  if (!mountQueue.includes(el)) mountQueue.push(el);
  if (!mountScheduled) {
    mountScheduled = true;
    setTimeout(mountNext, 0);
  }
}

function mountNext() {
  mountScheduled = false;
  const el = mountQueue.shift();
  if (el) mountElement(el);
  if (mountQueue.length) mountSoon(mountQueue[0]);
}

/** Lazy pages' elements seen within LAZY_MARGIN of the viewport, waiting for their module. */
const near = new WeakSet();
/** Connected elements whose module is requested (each waits for it to mount). */
const loading = new WeakSet();

/** Requests `el`'s module (once per connection) and schedules its mount when it is loaded. */
function load(el) {
  if (loading.has(el)) return;
  loading.add(el);
  moduleFor(el.localName).ready.then(
    () => scheduleMount(el),
    (error) => showCrash(el, `WebAssembly: ${error}`),
  );
}

/**
 * Lazy pages: refines each waiting element's reserved height from its box, starts loading its
 * module (the first report comes after the page's first paint: the module's download and
 * compilation never compete with what the first paint needs), and mounts it once it comes
 * within LAZY_MARGIN of the viewport (when its module is loaded: else scheduleMount does when
 * it is).
 */
const nearObserver = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      const el = entry.target;
      if (!el.__cdcMounted) reserve(el, entry.boundingClientRect.width);
      if (el.isConnected) load(el);
      if (!entry.isIntersecting) continue;
      nearObserver.unobserve(el);
      near.add(el);
      if (moduleFor(el.localName).wasm) mountSoon(el);
    }
  },
  { rootMargin: LAZY_MARGIN },
);

function lazyPage() {
  return Boolean(document.body?.hasAttribute("data-cdc-lazy"));
}

/**
 * A connected element whose module is loaded: mount it in a task of its own (eager pages) or
 * when it comes near the viewport (lazy pages: the observer reports after a rendering update,
 * so not even a widget at the top of the page delays the first paint).
 */
function scheduleMount(el) {
  if (!el.isConnected || live.has(el)) return;
  if (!lazyPage() || near.has(el)) mountSoon(el);
  else nearObserver.observe(el);
}

/**
 * Reserves the height `el` will take at `width` (CSS px) while it is not mounted. Without a
 * width the element's own is measured, which costs a layout: the elements on the page at start
 * are measured together (reserveAll), and on lazy pages not at all at start (see there).
 */
function reserve(el, width) {
  if (el.__cdcMounted) return;
  el.__cdcReserved = true;
  el.style.display = "block";
  const estimate = RESERVED_HEIGHT_PX[el.localName];
  const w = width || el.getBoundingClientRect().width || document.documentElement.clientWidth;
  el.style.minHeight = `${estimate ? estimate(w) : 400}px`;
}

/**
 * The page's elements at start. Eager pages: every width read first, then every height
 * written (one layout, not one per element). Lazy pages: nothing that needs a layout while the
 * page has not painted yet — the window's width stands in for the element's (a little short
 * where the element is narrower: narrower is taller), and the near-viewport observer's first report, which comes
 * with the element's box, sets the exact height (on elements below the view: nothing seen moves).
 */
function reserveAll(elements) {
  if (lazyPage()) {
    for (const el of elements) reserve(el, window.innerWidth);
    return;
  }
  const widths = elements.map((el) => el.getBoundingClientRect().width);
  elements.forEach((el, i) => reserve(el, widths[i]));
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
  nearObserver.unobserve(el);
  const module = moduleFor(el.localName);
  const root = rootOf(el);
  const container = document.createElement("div");
  root.replaceChildren(container);
  try {
    const elementId = autoId(el);
    const id = module.wasm.mount(el.localName, el, root, container, elementId, el.__cdcState ?? null, (state) => {
      el.__cdcState = state;
      writeUrlLater(elementId, state);
    });
    live.set(el, { id, container, module });
    el.__cdcMounted = true;
    el.__cdcMountedAt = performance.now();
    el.style.minHeight = "";
    el.__cdcReserved = false;
    observe(el);
  } catch (error) {
    showCrash(el, String(error));
  }
}

function unmountElement(el) {
  nearObserver.unobserve(el);
  near.delete(el);
  loading.delete(el);
  const queued = mountQueue.indexOf(el);
  if (queued >= 0) mountQueue.splice(queued, 1);
  const entry = live.get(el);
  if (!entry) return;
  live.delete(el);
  unobserve(el);
  try {
    entry.module.wasm.unmount(entry.id);
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

// --- the address bar (pages with <body data-cdc-url-state>) --------------------------------------

/** Quiet time before the address bar is rewritten: replaceState is slow, a dragged slider fast. */
const URL_WRITE_DELAY_MS = 250;
/** element id -> its last state text (`id.key=value&…`), waiting to be written. */
const urlPending = new Map();
let urlTimer = 0;

function writeUrlLater(id, state) {
  if (!document.body?.hasAttribute("data-cdc-url-state")) return;
  urlPending.set(id, state);
  clearTimeout(urlTimer);
  urlTimer = setTimeout(writeUrl, URL_WRITE_DELAY_MS);
}

/**
 * Replaces each pending widget's `id.*` keys in the query where they stand (a widget seen for
 * the first time goes last), so the order of the keys does not depend on which widget changed
 * last; other keys and the #hash are kept.
 */
function writeUrl() {
  let pairs = Array.from(new URLSearchParams(location.search));
  for (const [id, state] of urlPending) {
    const mine = (key) => key.startsWith(`${id}.`);
    const at = pairs.findIndex(([key]) => mine(key));
    const rest = pairs.filter(([key]) => !mine(key));
    const fresh = Array.from(new URLSearchParams(state));
    const cut = at < 0 ? rest.length : pairs.slice(0, at).filter(([key]) => !mine(key)).length;
    pairs = [...rest.slice(0, cut), ...fresh, ...rest.slice(cut)];
  }
  urlPending.clear();
  const query = new URLSearchParams(pairs).toString();
  history.replaceState(history.state, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
}

// --- browser observers live here, not in Rust: they must survive an instance reset ----------

const resizeObserver = new ResizeObserver((entries) => {
  for (const entry of entries) {
    const item = live.get(entry.target);
    if (item) safely(item.module, (wasm) => wasm.resize(item.id));
  }
});
const visibilityObserver = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    const item = live.get(entry.target);
    if (item) safely(item.module, (wasm) => wasm.set_visible(item.id, entry.isIntersecting));
  }
});
const darkScheme = window.matchMedia("(prefers-color-scheme: dark)");
darkScheme.addEventListener("change", () => {
  for (const item of live.values()) safely(item.module, (wasm) => wasm.theme_changed(item.id));
});

function observe(el) {
  resizeObserver.observe(el);
  visibilityObserver.observe(el);
}
function unobserve(el) {
  resizeObserver.unobserve(el);
  visibilityObserver.unobserve(el);
}

function safely(module, call) {
  if (module.recovering) return;
  try {
    call(module.wasm);
  } catch (error) {
    // A trap after a panic: recovery is already scheduled by the panic event.
    console.warn("cdc-lab:", error);
  }
}

// --- panic recovery --------------------------------------------------------------------------

window.addEventListener("cdc-widget-panic", (event) => {
  const { element, message } = event.detail ?? {};
  // The module that panicked is the failing element's; without an element (a panic outside
  // any widget's code) every loaded module is reset, as the panic cannot be placed.
  const failedModules = element ? [live.get(element)?.module ?? moduleFor(element.localName)] : Array.from(modules.values());
  for (const module of failedModules) {
    if (!module || module.recovering) continue;
    module.recovering = true;
    setTimeout(() => recover(module, element, String(message ?? "panic")), 0);
  }
});

function recover(module, failed, message) {
  module.crashCount += 1;
  const elements = Array.from(live.entries())
    .filter(([, item]) => item.module === module)
    .map(([el]) => el);
  for (const el of elements) live.delete(el);
  try {
    module.wasm.__wbg_reset_state();
  } catch (error) {
    console.warn("cdc-lab: reset failed", error);
  }
  module.recovering = false;
  for (const el of elements) {
    unobserve(el);
    el.__cdcMounted = false;
    // A widget that keeps failing after remounts is left with its message (no loop).
    if (el === failed || module.crashCount > 20) showCrash(el, message);
    else mountElement(el);
  }
}

// --- lag → WAL between modules ---------------------------------------------------------------

/** A `cdc-wal-sim-show` event on a <cdc-wal-sim>: show its state there (cancel = "shown"). */
function onShowState(event) {
  const el = event.currentTarget;
  const { query, note } = event.detail ?? {};
  if (typeof query !== "string") return;
  const module = live.get(el)?.module ?? moduleFor(el.localName);
  event.preventDefault();
  const show = () => {
    // A lazy page's simulator far below the calculator is mounted now, to show the state.
    if (!live.has(el)) mountElement(el);
    const item = live.get(el);
    if (item) safely(module, (wasm) => wasm.show_wal_state(item.id, query, String(note ?? "")));
  };
  if (module.wasm && live.has(el)) show();
  else module.ready.then(() => setTimeout(show, 0));
}

// --- start -----------------------------------------------------------------------------------

reserveAll(TAGS.flatMap((tag) => Array.from(document.querySelectorAll(tag))));
combined = COMBINED_TAGS.filter((tag) => document.querySelector(tag)).length > 1;

for (const tag of TAGS) {
  if (customElements.get(tag)) continue;
  customElements.define(
    tag,
    class extends HTMLElement {
      constructor() {
        super();
        if (tag === "cdc-wal-sim") this.addEventListener("cdc-wal-sim-show", onShowState);
      }
      connectedCallback() {
        // Elements added later are measured one by one; those there at start already were.
        if (!this.__cdcReserved) reserve(this);
        // Lazy pages start loading the module at the observer's first report (after the
        // first paint), eager pages at once.
        if (lazyPage()) nearObserver.observe(this);
        else load(this);
      }
      disconnectedCallback() {
        unmountElement(this);
      }
    },
  );
}

/** Every module requested so far, loaded (the page's tags: what a page really fetches). */
const loaded = async () => {
  const list = Array.from(modules.values());
  await Promise.all(list.map((m) => m.ready));
  return list;
};

// For the browser tests and the playground.
window.cdcWidgets = {
  /** Resolves when the modules of every widget on the page (so far) are instantiated. */
  get ready() {
    return loaded();
  },
  count: () => live.size,
  mounted: () => Array.from(modules.values()).reduce((n, m) => n + (m.wasm ? m.wasm.mounted_count() : 0), 0),
  /** The modules fetched so far, by file name (wal-sim, scaling-calc, all). */
  modules: () => Array.from(modules.keys()),
  /** Bytes of WebAssembly linear memory, summed over the loaded modules (one per widget kind). */
  wasmMemoryBytes: async () => (await loaded()).reduce((n, m) => n + m.exports.memory.buffer.byteLength, 0),
  debugPanic: (el) => {
    const item = live.get(el);
    const ok = Boolean(item && typeof item.module.wasm.debug_panic === "function");
    if (ok) item.module.wasm.debug_panic(item.id);
    return ok;
  },
};
