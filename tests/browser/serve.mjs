// A tiny static server for the browser tests: the built playground at /, the test-build
// bundle at /widgets-test/, and the test pages at /test/. Correct MIME types (.wasm as
// application/wasm), no caching, optional Content-Security-Policy header.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** Mount points: URL prefix -> folder. Longest prefix wins. */
export const ROOTS = [
  ["/widgets-test/", path.join(repo, "dist/widgets-test")],
  ["/test/", path.join(here, "pages")],
  ["/", path.join(repo, "dist/playground")],
];

export function serve({ port = 0, csp = null } = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    const pathname = decodeURIComponent(url.pathname);
    const root = ROOTS.find(([prefix]) => pathname.startsWith(prefix));
    let file = path.join(root[1], pathname.slice(root[0].length));
    if (!file.startsWith(root[1])) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
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
      res.writeHead(200, headers).end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ server, url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await serve({ port: Number(process.env.PORT ?? 8081) });
  console.log(`serving ${url}`);
}
