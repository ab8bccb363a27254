import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { loadConfig, type Config } from "../env.js";
import type { DigestService } from "../digest/types.js";
import {
  InvalidRequestError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  WirebriefError,
} from "../errors.js";
import { llmBackendFor } from "../backends/llm-factory.js";
import { admission } from "./admission.js";
import { kvCache, memoryCache, type KvLike, type SummaryCache } from "../store/cache.js";
import type { LlmBackend } from "../summarize.js";
import { articleRoutes } from "./articles.js";
import { digestRoutes } from "./digests.js";
import { registerDocs } from "./docs.js";
import { errorResponses, jsonResponse } from "./openapi.js";
import { HealthSchema, LIMITS } from "./schemas.js";
import { summarizeRoutes } from "./summarize.js";
import { throwInvalidRequest } from "./validate.js";
import { verifyRoutes } from "./verify.js";

/** What routes need besides the request: typed config, and the LLM backend when one is configured. */
export interface AppDeps {
  llmFor?: (config: Config) => LlmBackend | undefined;
  /** Used when the worker has no `CACHE` KV binding. */
  fallbackCache?: SummaryCache;
  /** The digest for this worker's bindings; undefined without a D1 `DB` binding (the routes answer 503). */
  digestsFor?: (env: Record<string, unknown>) => DigestService | undefined;
}

export type AppEnv = {
  Bindings: Record<string, unknown>;
  Variables: {
    config: Config;
    llm: LlmBackend | undefined;
    cache: SummaryCache;
    /** Built on first use: only the digest routes need it. */
    digestsFor: () => DigestService | undefined;
  };
};

/**
 * The Hono app: wiring only. Routes live beside this file; pipeline logic lives in `src/pipeline/`.
 *
 * @example
 * const app = createApp();
 * await app.request("/healthz", {}, env) // 200 { ok: true, backend: "extractive" }
 */
export function createApp(deps: AppDeps = {}) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: throwInvalidRequest });
  const llmFor = deps.llmFor ?? llmBackendFor;
  const fallbackCache = deps.fallbackCache ?? memoryCache();

  app.use("*", async (c, next) => {
    const env = c.env ?? {};
    const config = loadConfig(env);
    c.set("config", config);
    c.set("llm", llmFor(config));
    const kv = env.CACHE as KvLike | undefined;
    c.set("cache", kv && typeof kv.get === "function" ? kvCache(kv) : fallbackCache);
    let digests: DigestService | undefined | null = null;
    c.set("digestsFor", () => (digests === null ? (digests = deps.digestsFor?.(env)) : digests));
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

  // A POST without a body (POST /digests) needs no content type; the route's schema says whether it needs one.
  app.use("*", async (c, next) => {
    if (c.req.method === "POST" && !hasNoBody(c.req.raw)) {
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

  app.openapi(healthRoute, (c) => {
    const llm = c.get("llm");
    const backend = llm ? ("llm" as const) : ("extractive" as const);
    return c.json({ ok: true as const, backend, ...(llm ? { model: llm.model } : {}) }, 200);
  });
  app.route("/", summarizeRoutes);
  app.route("/", verifyRoutes);
  app.route("/", articleRoutes);
  app.route("/", digestRoutes);
  registerDocs(app);

  app.notFound((c) => {
    throw new NotFoundError(`no route for ${c.req.method} ${new URL(c.req.url).pathname}; see GET /docs`);
  });
  app.onError((err, c) => renderError(err, c));
  return app;
}

const healthRoute = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["health"],
  summary: "Liveness and the backend in use",
  responses: { 200: jsonResponse(HealthSchema, "Alive"), ...errorResponses(500) },
});

function hasNoBody(req: Request): boolean {
  return req.body === null || req.headers.get("content-length") === "0";
}

const HTTP_CODES: Partial<Record<number, string>> = {
  400: "invalid_request",
  401: "unauthorized",
  404: "not_found",
  413: "payload_too_large",
  429: "rate_limited",
};

/** The one place errors become responses: the contract's envelope, never a stack. */
export function renderError(err: unknown, c: Context): Response {
  if (err instanceof UnauthorizedError) c.header("WWW-Authenticate", 'Bearer realm="wirebrief"');
  if (err instanceof WirebriefError) return c.json(err.toJSON(), err.status);
  if (err instanceof HTTPException) {
    // 415 comes from a route's media-type check: for the contract it is a bad request like any other.
    const status = err.status === 415 ? 400 : err.status;
    const code = HTTP_CODES[status] ?? "internal";
    const message =
      err.status === 415
        ? 'request body must be JSON with "Content-Type: application/json"'
        : status === 400 && /json/i.test(err.message)
          ? "request body is not valid JSON"
          : err.message || code;
    return c.json({ error: { code, message } }, code === "internal" ? 500 : status);
  }
  console.error("unhandled error", err);
  return c.json({ error: { code: "internal", message: "internal error" } }, 500);
}
