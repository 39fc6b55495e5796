import { defineConfig } from "vitest/config";

// Three projects: `unit` needs nothing; `engine` needs a real Docker Engine and the lab images;
// `browser` also needs Debian's Chromium. `npm test` runs all three.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "engine",
          include: ["test/lab-server/**/*.test.ts"],
          globalSetup: ["test/helpers/engine-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file provisions real sandboxes; two at a time suits a 2-core machine.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          globalSetup: ["test/helpers/engine-setup.ts", "test/helpers/site-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          maxWorkers: 1,
        },
      },
    ],
  },
});
