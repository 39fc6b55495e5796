// @ts-check

import mdx from "@astrojs/mdx";
import { defineConfig } from "astro/config";

// The site is static: the lab server serves dist/ and handles /api itself.
export default defineConfig({
  srcDir: "./site",
  // SWITCHYARD_SITE_DIR is also where the lab server serves the site from.
  outDir: process.env.SWITCHYARD_SITE_DIR ?? "./dist",
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
