import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { loadConfig, type Config } from "../env.js";
import { InvalidRequestError, NotFoundError, PayloadTooLargeError, WirebriefError } from "../errors.js";
import { llmBackendFor } from "../backends/llm-factory.js";
import { admission } from "./admission.js";
import { kvCache, memoryCache, type KvLike, type SummaryCache } from "../store/cache.js";
import type { LlmBackend } from "../summarize.js";
import { docsRoutes } from "./docs.js";
import { LIMITS } from "./schemas.js";
import { summarizeRoutes } from "./summarize.js";
import { verifyRoutes } from "./verify.js";

/** What routes need besides the request: typed config, and the LLM backend when one is configured. */
export interface AppDeps {
  llmFor?: (config: Config) => LlmBackend | undefined;
  /** Used when the worker has no `CACHE` KV binding. */
  fallbackCache?: SummaryCache;
}

export type AppEnv = {
  Bindings: Record<string, unknown>;
  Variables: { config: Config; llm: LlmBackend | undefined; cache: SummaryCache };
};

/**
 * The Hono app: wiring only. Routes live beside this file; pipeline logic lives in `src/pipeline/`.
 *
 * @example
 * const app = createApp();
 * await app.request("/healthz", {}, env) // 200 { ok: true, backend: "extractive" }
 */
export function createApp(deps: AppDeps = {}) {
  const app = new Hono<AppEnv>();
  const llmFor = deps.llmFor ?? llmBackendFor;
  const fallbackCache = deps.fallbackCache ?? memoryCache();

  app.use("*", async (c, next) => {
    const env = c.env ?? {};
    const config = loadConfig(env);
    c.set("config", config);
    c.set("llm", llmFor(config));
    const kv = env.CACHE as KvLike | undefined;
    c.set("cache", kv && typeof kv.get === "function" ? kvCache(kv) : fallbackCache);
    await next();
  });

  app.use(
    "*",
    bodyLimit({
      maxSize: LIMITS.bodyBytes,
      onError: () => {
        throw new PayloadTooLargeError(`request body is larger than ${LIMITS.bodyBytes / 1024 / 1024} MiB`);
      },
    }),
  );

  app.use("*", async (c, next) => {
    if (c.req.method === "POST") {
      const type = c.req.header("content-type") ?? "";
      if (!/^application\/([\w.-]+\+)?json\b/i.test(type)) {
        throw new InvalidRequestError(
          `request body must be JSON with "Content-Type: application/json" (got ${type ? `"${type}"` : "none"})`,
        );
      }
    }
    await next();
  });
  app.use("*", admission());

  app.get("/healthz", (c) => {
    const llm = c.get("llm");
    return c.json({ ok: true, backend: llm ? "llm" : "extractive", ...(llm ? { model: llm.model } : {}) });
  });
  app.route("/", summarizeRoutes);
  app.route("/", verifyRoutes);
  app.route("/", docsRoutes);

  app.notFound((c) => {
    throw new NotFoundError(`no route for ${c.req.method} ${new URL(c.req.url).pathname}; see GET /docs`);
  });
  app.onError((err, c) => renderError(err, c));
  return app;
}

/** The one place errors become responses: the contract's envelope, never a stack. */
export function renderError(err: unknown, c: Context): Response {
  if (err instanceof WirebriefError) return c.json(err.toJSON(), err.status);
  if (err instanceof HTTPException) {
    const status = err.status;
    const code =
      status === 400 ? "invalid_request" : status === 401 ? "unauthorized" : status === 404 ? "not_found" : status === 413 ? "payload_too_large" : status === 429 ? "rate_limited" : "internal";
    const message = status === 400 && /json/i.test(err.message) ? "request body is not valid JSON" : err.message || code;
    return c.json({ error: { code, message } }, code === "internal" ? 500 : status);
  }
  console.error("unhandled error", err);
  return c.json({ error: { code: "internal", message: "internal error" } }, 500);
}
