import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Tests apply the real migrations to the local D1 of the workerd they run in.
const migrations = await readD1Migrations("./migrations");

/** The worker as wrangler.toml describes it, with test bindings; `port` reads a port a global setup provided. */
const worker = (bindings: (port: (name: "feedPort" | "stubPort") => number) => Record<string, unknown> = () => ({})) =>
  cloudflareTest(({ inject }) => ({
    main: "./src/index.ts",
    wrangler: { configPath: "./wrangler.toml" },
    miniflare: { bindings: { ENVIRONMENT: "test", TEST_MIGRATIONS: migrations, ...bindings((name) => inject(name)) } },
  }));

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          environment: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/worker/**"],
        },
      },
      {
        plugins: [worker()],
        test: {
          name: "workers",
          include: ["test/worker/**/*.test.ts"],
          exclude: ["test/worker/llm/**", "test/worker/digest-e2e/**", "test/worker/digest-api/**"],
        },
      },
      {
        // The cron end to end: feeds and pages served by a loopback news site, local D1, the local queue.
        plugins: [
          worker((port) => ({
            FEEDS: `http://127.0.0.1:${port("feedPort")}/feed.xml`,
            ALLOW_PRIVATE_FEEDS: "1",
            INGEST_TOKEN: "test-token",
          })),
        ],
        test: {
          name: "workers-digest",
          include: ["test/worker/digest-e2e/**/*.test.ts"],
          globalSetup: ["./test/stub/feed-setup.ts"],
          testTimeout: 60_000,
        },
      },
      {
        // A new user's path: articles pushed to /articles with the ingest token, then POST /digests; no feeds.
        plugins: [worker(() => ({ INGEST_TOKEN: "test-token" }))],
        test: { name: "workers-api", include: ["test/worker/digest-api/**/*.test.ts"], testTimeout: 60_000 },
      },
      {
        // The same worker with an LLM configured: an OpenAI-compatible stub on 127.0.0.1.
        plugins: [
          worker((port) => ({
            OPENAI_BASE_URL: `http://127.0.0.1:${port("stubPort")}/v1`,
            OPENAI_API_KEY: "stub-key",
            OPENAI_MODEL: "stub-model",
            LLM_TIMEOUT_MS: "1500",
          })),
        ],
        test: {
          name: "workers-llm",
          include: ["test/worker/llm/**/*.test.ts"],
          globalSetup: ["./test/stub/global-setup.ts"],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
