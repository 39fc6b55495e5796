// @ts-check
import { defineConfig } from "astro/config";
import mdx from "@astrojs/mdx";

// The site is static: the lab server serves dist/ and handles /api itself.
export default defineConfig({
  srcDir: "./site",
  outDir: "./dist",
  publicDir: "./site/public",
  trailingSlash: "ignore",
  integrations: [mdx()],
  markdown: {
    shikiConfig: { theme: "github-dark-dimmed" },
  },
  vite: {
    server: { proxy: { "/api": { target: "http://127.0.0.1:8080", ws: true } } },
  },
});
