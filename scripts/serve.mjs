// A small static server for everything cdc-lab builds: the playground (dist/playground) at /
// and the course site (www/course/dist) at /course/ on one port. Used by scripts/run and, with
// extra mount points, by the browser tests (tests/browser/serve.mjs). Correct MIME types
// (.wasm as application/wasm), no caching, folders redirect to their trailing-slash URL; text
// and wasm are sent compressed (brotli or gzip, as the browser accepts) like any real host does.
//   node scripts/serve.mjs            PORT=8080 by default
import http from "node:http";
import fs from "node:fs";
import zlib from "node:zlib";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml",
};

/** Types worth compressing (everything we serve but images). */
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".wasm", ".json", ".svg", ".txt", ".xml"]);
/** file -> { key, br, gzip }: each file is compressed once per version (mtime + size). */
const compressedCache = new Map();

/**
 * The body to send for `file` and its content-encoding, from the request's Accept-Encoding:
 * brotli (quality 5: fast enough on the fly, smaller than gzip), else gzip, else as is.
 */
function encode(req, file, body) {
  const accepted = String(req.headers["accept-encoding"] ?? "");
  const encoding = /\bbr\b/.test(accepted) ? "br" : /\bgzip\b/.test(accepted) ? "gzip" : null;
  if (!encoding || !COMPRESSIBLE.has(path.extname(file)) || body.length < 1024) return { body, encoding: null };
  let stat = null;
  try {
    stat = fs.statSync(file);
  } catch {
    return { body, encoding: null };
  }
  const key = `${stat.mtimeMs}:${stat.size}`;
  let entry = compressedCache.get(file);
  if (!entry || entry.key !== key) {
    entry = { key };
    compressedCache.set(file, entry);
  }
  entry[encoding] ??=
    encoding === "br"
      ? zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } })
      : zlib.gzipSync(body, { level: 6 });
  return { body: entry[encoding], encoding };
}

/** What `scripts/run` serves: URL prefix -> folder. */
export const SITE_ROOTS = [
  ["/course/", path.join(REPO, "www/course/dist")],
  ["/", path.join(REPO, "dist/playground")],
];

/**
 * Serves `roots` ([prefix, folder] pairs; the longest matching prefix wins) on 127.0.0.1.
 * Resolves to { server, url, close }.
 */
export function staticServer(roots, { port = 0, csp = null } = {}) {
  const sorted = [...roots].sort((a, b) => b[0].length - a[0].length);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    // "/course" -> "/course/": a mount point asked for without its slash.
    const bare = sorted.find(([prefix]) => prefix !== "/" && pathname === prefix.slice(0, -1));
    if (bare) {
      res.writeHead(301, { location: bare[0] + url.search }).end();
      return;
    }
    const root = sorted.find(([prefix]) => pathname.startsWith(prefix));
    if (!root) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    let file = path.join(root[1], pathname.slice(root[0].length));
    if (file !== root[1] && !file.startsWith(root[1] + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!pathname.endsWith("/")) {
        res.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
        return;
      }
      file = path.join(file, "index.html");
    }
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      const headers = {
        "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
      };
      if (csp) headers["content-security-policy"] = csp;
      const sent = encode(req, file, body);
      if (sent.encoding) headers["content-encoding"] = sent.encoding;
      if (COMPRESSIBLE.has(path.extname(file))) headers.vary = "accept-encoding";
      res.writeHead(200, headers).end(sent.body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ server, url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [prefix, folder] of SITE_ROOTS) {
    if (!fs.existsSync(path.join(folder, "index.html"))) {
      console.error(`serve: ${path.relative(REPO, folder)}/index.html is missing (build it first: scripts/run does)`);
      process.exit(1);
    }
  }
  const { url } = await staticServer(SITE_ROOTS, { port: Number(process.env.PORT ?? 8080) });
  console.log(`cdc-lab: playground  ${url}/`);
  console.log(`cdc-lab: course      ${url}/course/`);
  console.log("(Ctrl+C stops)");
}
