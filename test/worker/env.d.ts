declare module "*.txt?raw" {
  const text: string;
  export default text;
}

declare module "*.html?raw" {
  const text: string;
  export default text;
}

declare namespace Cloudflare {
  interface Env {
    /** The project's migrations, read by vitest.config.ts and applied by the tests that use D1. */
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}
