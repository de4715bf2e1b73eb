// Copies the widget embed bundle built by scripts/build-widgets (../../dist/widgets) into
// public/widgets/ (gitignored), so the site serves it as /course/widgets/. Run by `npm run build`.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const site = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const from = path.resolve(site, "../../dist/widgets");
const to = path.join(site, "public/widgets");
const FILES = ["loader.js", "widgets.css", "cdc_widgets.js", "cdc_widgets_bg.wasm"];

const missing = FILES.filter((f) => !fs.existsSync(path.join(from, f)));
if (missing.length) {
  console.error(`copy-widgets: ${missing.join(", ")} missing in dist/widgets — run scripts/build-widgets first`);
  process.exit(1);
}
fs.rmSync(to, { recursive: true, force: true });
fs.mkdirSync(to, { recursive: true });
for (const f of FILES) fs.copyFileSync(path.join(from, f), path.join(to, f));
console.log(`copy-widgets: ${FILES.length} files -> public/widgets/`);
