// What every end-to-end test file starts with: one test server (serve.mjs) and one Chromium
// (browser.mjs) for the whole file, started before its first test and closed after its last.
//   const env = serverAndBrowser();  …  openPage(env.browser, `${env.server.url}/…`)
// `serverAndBrowser({ csp })` serves every response with that Content-Security-Policy header.
import { before, after } from "node:test";
import { serve } from "./serve.mjs";
import { launch } from "./browser.mjs";

export function serverAndBrowser({ csp = null } = {}) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await serve({ csp });
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
