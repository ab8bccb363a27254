import { OpenAPIHono } from "@hono/zod-openapi";
import type { z } from "zod";
import type { AppEnv } from "./app.js";
import { ErrorSchema, LIMITS } from "./schemas.js";
import { throwInvalidRequest } from "./validate.js";

/**
 * A router whose routes are described by `createRoute`, so `/openapi.json` is generated from the same
 * definitions that validate requests; a failed validation becomes the contract's 400.
 *
 * @example
 * export const verifyRoutes = routes().openapi(verifyRoute, (c) => c.json(run(c.req.valid("json")), 200));
 */
export function routes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: throwInvalidRequest });
}

/**
 * A JSON response (or request body) of `schema`.
 *
 * @example
 * responses: { 200: jsonResponse(HealthSchema, "Alive") }
 */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

const ERRORS = {
  400: "invalid_request: bad JSON or schema; `details` lists each problem with its path",
  401: "unauthorized: no bearer token, a wrong one, or INGEST_TOKEN is not set on the server",
  404: "not_found",
  413: `payload_too_large: body over ${LIMITS.bodyBytes / 1024 / 1024} MiB`,
  429: "rate_limited: too many requests; retry later",
  500: "internal: never a stack trace",
  502: "llm_error: the LLM failed or kept answering badly after retries",
  503: "unavailable: a binding the route needs (the D1 database DB) is not configured",
  504: "llm_timeout: the LLM did not answer in time",
} as const;

type ErrorStatus = keyof typeof ERRORS;

/**
 * The contract's error envelope for each status a route can answer with.
 *
 * @example
 * responses: { 200: jsonResponse(DigestSchema, "The digest"), ...errorResponses(404, 503) }
 */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  return Object.fromEntries(statuses.map((s) => [s, jsonResponse(ErrorSchema, ERRORS[s])])) as Record<
    S,
    ReturnType<typeof jsonResponse<typeof ErrorSchema>>
  >;
}

// A parameter with a Hono regex, whose regex may end in an escaped literal suffix such as `\.html`. Hono
// matches a segment only as a whole, so a page route's suffix has to live inside the regex.
const HONO_PARAM = /:([A-Za-z_]\w*)(?:\{[^/]*?((?:\\\.\w+)?)\})?(?=\/|$)/g;
const ROUTE_PARAM = /\{([A-Za-z_]\w*)\{[^/]*?((?:\\\.\w+)?)\}\}/g;
const unescapeSuffix = (suffix: string | undefined) => (suffix ?? "").replace(/^\\/, "");

/**
 * Hono's path of a route as OpenAPI writes it: `:id` and `:id{regex}` become `{id}`, and a literal suffix
 * at the end of the regex stays after it.
 *
 * @example
 * openApiPath("/digests/:id{[A-Za-z0-9_-]+}") // "/digests/{id}"
 * openApiPath("/digests/:id{[A-Za-z0-9_-]+\\.html}") // "/digests/{id}.html"
 */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(HONO_PARAM, (_, name: string, suffix?: string) => `{${name}}${unescapeSuffix(suffix)}`);
}

/**
 * A route path for `createRoute` whose parameter carries a Hono regex, so that a JSON route and a page route
 * (`/digests/:id` and `/digests/:id.html`) never match each other's paths; `normalizeDocumentPaths` writes
 * it the OpenAPI way again. With a suffix, the parameter's value includes it.
 *
 * @example
 * patternPath("/digests", "id", "[A-Za-z0-9_-]+") // "/digests/{id{[A-Za-z0-9_-]+}}" → "/digests/{id}"
 * patternPath("/digests", "id", "[A-Za-z0-9_-]+", ".html") // documented as "/digests/{id}.html"
 */
export function patternPath<P extends string, N extends string, R extends string, S extends `.${string}` | "" = "">(
  prefix: P,
  name: N,
  regex: R,
  suffix?: S,
) {
  const literal = suffix ? `\\${suffix}` : "";
  return `${prefix}/{${name}{${regex}${literal}}}` as `${P}/{${N}{${R}${S extends "" ? "" : `\\${S}`}}}`;
}

/**
 * The generated document with `{id{regex}}` path keys written as `{id}` (and `{id}.html` for a suffix), as
 * OpenAPI wants them.
 *
 * @example
 * normalizeDocumentPaths({ paths: { "/digests/{id{[a-z]+}}": {} } }).paths // { "/digests/{id}": {} }
 */
export function normalizeDocumentPaths<D extends { paths?: Record<string, unknown> }>(doc: D): D {
  if (!doc.paths) return doc;
  const key = (path: string) =>
    path.replace(ROUTE_PARAM, (_, name: string, suffix?: string) => `{${name}}${unescapeSuffix(suffix)}`);
  return { ...doc, paths: Object.fromEntries(Object.entries(doc.paths).map(([path, item]) => [key(path), item])) };
}
