// Copies the widget embed bundle built by scripts/build-widgets (../../dist/widgets) into
// public/widgets/ (gitignored), so the site serves it as /course/widgets/. Run by `npm run build`.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const site = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const from = path.resolve(site, "../../dist/widgets");
const to = path.join(site, "public/widgets");
// The loader and the stylesheet, plus every widget module scripts/build-widgets made
// (<name>.js + <name>_bg.wasm, one per widget: the loader fetches only a page's own).
const REQUIRED = ["loader.js", "widgets.css"];
const modules = fs.existsSync(from) ? fs.readdirSync(from).filter((f) => f.endsWith("_bg.wasm")) : [];
const FILES = [...REQUIRED, ...modules.flatMap((f) => [f, f.replace(/_bg\.wasm$/, ".js")])];

const missing = FILES.filter((f) => !fs.existsSync(path.join(from, f)));
if (missing.length || modules.length === 0) {
  const what = missing.length ? missing.join(", ") : "the widget modules (*_bg.wasm)";
  console.error(`copy-widgets: ${what} missing in dist/widgets — run scripts/build-widgets first`);
  process.exit(1);
}
fs.rmSync(to, { recursive: true, force: true });
fs.mkdirSync(to, { recursive: true });
for (const f of FILES) fs.copyFileSync(path.join(from, f), path.join(to, f));
console.log(`copy-widgets: ${FILES.length} files -> public/widgets/`);
