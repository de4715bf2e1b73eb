// The course site: Astro + MDX, served under /course/ (the playground owns / on the same
// port, see scripts/serve.mjs). Code blocks are highlighted by Shiki at build time in a light
// and a dark theme; ```mermaid blocks are left alone and drawn in the browser
// (src/components/Mermaid.astro).
import { defineConfig } from "astro/config";
import mdx from "@astrojs/mdx";

/** Wraps every <table> in a focusable scroll box, so a wide table scrolls inside itself
 * (keeping the table's own semantics) instead of widening the page. */
function rehypeScrollableTables() {
  const wrap = (node) => {
    if (!node.children) return;
    node.children = node.children.map((child) => {
      if (child.type === "element" && child.tagName === "table") {
        return {
          type: "element",
          tagName: "div",
          properties: { className: ["table-scroll"], tabIndex: 0, role: "region", ariaLabel: "Таблица" },
          children: [child],
        };
      }
      wrap(child);
      return child;
    });
  };
  return wrap;
}

export default defineConfig({
  base: "/course",
  trailingSlash: "always",
  build: { format: "directory" },
  integrations: [mdx()],
  markdown: {
    rehypePlugins: [rehypeScrollableTables],
    syntaxHighlight: { type: "shiki", excludeLangs: ["mermaid"] },
    shikiConfig: {
      // github-dark-default, not github-dark: the latter's comments (#6a737d on #24292e, 3.0:1) fail
      // WCAG AA contrast (axe, tests/browser/a11y.test.mjs); this one's are #8b949e on #0d1117.
      themes: { light: "github-light", dark: "github-dark-default" },
      defaultColor: "light",
      wrap: false,
    },
  },
  // Mermaid's chunks are big but loaded only by pages with a diagram.
  vite: { build: { chunkSizeWarningLimit: 1500 } },
  devToolbar: { enabled: false },
  telemetry: false,
});
