// The static server of the browser tests (scripts/serve.mjs) with their mount points: the
// built playground at /, the built course site at /course/, the test-build bundle at
// /widgets-test/ and the test pages at /test/. Optional Content-Security-Policy header.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { staticServer, SITE_ROOTS, REPO } from "../../scripts/serve.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Mount points: URL prefix -> folder. Longest prefix wins. */
export const ROOTS = [
  ["/widgets-test/", path.join(REPO, "dist/widgets-test")],
  ["/test/", path.join(here, "pages")],
  ...SITE_ROOTS,
];

export function serve({ port = 0, csp = null } = {}) {
  return staticServer(ROOTS, { port, csp });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await serve({ port: Number(process.env.PORT ?? 8081) });
  console.log(`serving ${url}`);
}
