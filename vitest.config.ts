import { defineConfig } from "vitest/config";

// Four projects: `unit` needs nothing; `engine` needs a real Docker Engine and the lab images;
// `browser` also needs Debian's Chromium; `engine-restart` restarts the engine itself, so
// `npm test` runs it alone, after the other three.
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
          exclude: ["**/*.serial.test.ts", "**/node_modules/**"],
          globalSetup: ["test/helpers/engine-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file provisions real sandboxes; two at a time suits a 2-core machine.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: "engine-restart",
          include: ["test/lab-server/**/*.serial.test.ts"],
          globalSetup: ["test/helpers/engine-setup.ts"],
          testTimeout: 240_000,
          hookTimeout: 120_000,
          maxWorkers: 1,
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          // The page follows a real engine, which is slower while engine tests run beside it.
          expect: { poll: { timeout: 15_000 } },
          globalSetup: ["test/helpers/engine-setup.ts", "test/helpers/site-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          maxWorkers: 1,
        },
      },
    ],
  },
});
