import { createRoute } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import type { DigestService } from "../digest/types.js";
import { DIGEST_PAGE_CSP, renderDigestPage, renderEmptyPage } from "../digest/render-html.js";
import { NotFoundError, ServiceUnavailableError } from "../errors.js";
import type { AppEnv } from "./app.js";
import { BEARER_SCHEME, requireIngestToken } from "./auth.js";
import { errorResponses, jsonResponse, patternPath, routes } from "./openapi.js";
import {
  DigestIdParamsSchema,
  DigestListQuerySchema,
  DigestListSchema,
  DigestPageParamsSchema,
  DigestRunSchema,
  DigestSchema,
} from "./schemas.js";

/**
 * Puts the digest service in `c.var.digests`, or answers 503 when the worker has no D1 binding to build it on.
 *
 * @example
 * createRoute({ method: "get", path: "/digests", middleware: [requireDigests] as const, ... })
 */
export const requireDigests = createMiddleware<AppEnv & { Variables: { digests: DigestService } }>(async (c, next) => {
  const digests = c.get("digestsFor")();
  if (!digests) {
    throw new ServiceUnavailableError(
      'the digest needs the D1 binding "DB", which this worker does not have (see wrangler.toml and the README)',
    );
  }
  c.set("digests", digests);
  await next();
});

const TAGS = ["digest"];
const NO_DIGEST = "no articles yet: POST /articles or set FEEDS";

const runRoute = createRoute({
  method: "post",
  path: "/digests",
  tags: TAGS,
  summary: "Build a digest now from the articles that arrived since the last one",
  description:
    "Runs the cron's code path (pulls FEEDS when set) in this request. No body is needed. With nothing new " +
    "it answers 200 with the latest digest unchanged (`created: false`), never an empty or duplicate digest.",
  security: [{ [BEARER_SCHEME]: [] }],
  middleware: [requireIngestToken, requireDigests] as const,
  responses: {
    201: jsonResponse(DigestRunSchema, "A new digest was built and stored"),
    200: jsonResponse(DigestRunSchema, "Nothing new arrived: the latest digest, unchanged"),
    ...errorResponses(401, 404, 413, 500, 503),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/digests",
  tags: TAGS,
  summary: "List digests, newest first",
  middleware: [requireDigests] as const,
  request: { query: DigestListQuerySchema },
  responses: { 200: jsonResponse(DigestListSchema, "Digests, newest first"), ...errorResponses(400, 500, 503) },
});

const latestRoute = createRoute({
  method: "get",
  path: "/digests/latest",
  tags: TAGS,
  summary: "The latest digest",
  middleware: [requireDigests] as const,
  responses: { 200: jsonResponse(DigestSchema, "The latest digest"), ...errorResponses(404, 500, 503) },
});

// The regex keeps ids dot-free, so `/digests/:id.html` (the page) never reaches the JSON route.
const getRoute = createRoute({
  method: "get",
  path: patternPath("/digests", "id", "[A-Za-z0-9_-]+"),
  tags: TAGS,
  summary: "One digest by id",
  middleware: [requireDigests] as const,
  request: { params: DigestIdParamsSchema },
  responses: { 200: jsonResponse(DigestSchema, "The digest"), ...errorResponses(404, 500, 503) },
});

const PAGE = { "text/html": { schema: { type: "string" as const } } };

const latestPageRoute = createRoute({
  method: "get",
  path: "/digests/latest.html",
  tags: TAGS,
  summary: "The latest digest as a page for people (no scripts)",
  description: "Before the first digest, a page that says how to get one.",
  middleware: [requireDigests] as const,
  responses: { 200: { description: "An HTML page", content: PAGE }, ...errorResponses(500, 503) },
});

const pageRoute = createRoute({
  method: "get",
  path: patternPath("/digests", "id", "[A-Za-z0-9_-]+", ".html"),
  tags: TAGS,
  summary: "One digest as a page for people (no scripts)",
  middleware: [requireDigests] as const,
  request: { params: DigestPageParamsSchema },
  responses: { 200: { description: "An HTML page", content: PAGE }, ...errorResponses(404, 500, 503) },
});

/** A page's headers: HTML, and a policy under which the browser runs no script even if one slipped through. */
const pageHeaders = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy": `${DIGEST_PAGE_CSP}; frame-ancestors 'none'`,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/**
 * `/digests…` as JSON and as pages: thin over `DigestService`. `/digests/latest` is registered before
 * `/digests/:id`, and `/digests/latest.html` before `/digests/:id.html`.
 */
export const digestRoutes = routes()
  .openapi(runRoute, async (c) => {
    const { digest, created } = await c.var.digests.run();
    if (!digest) throw new NotFoundError(NO_DIGEST);
    return created ? c.json({ ...digest, created }, 201) : c.json({ ...digest, created }, 200);
  })
  .openapi(listRoute, async (c) => {
    const { limit, before } = c.req.valid("query");
    const digests = await c.var.digests.list({ limit, ...(before !== undefined ? { before } : {}) });
    return c.json({ digests }, 200);
  })
  .openapi(latestRoute, async (c) => {
    const digest = await c.var.digests.latest();
    if (!digest) throw new NotFoundError("no digest yet: POST /articles or set FEEDS, then POST /digests");
    return c.json(digest, 200);
  })
  .openapi(getRoute, async (c) => {
    const { id } = c.req.valid("param");
    const digest = await c.var.digests.get(id);
    if (!digest) throw new NotFoundError(`no digest with id "${id}"; GET /digests lists them`);
    return c.json(digest, 200);
  })
  .openapi(latestPageRoute, async (c) => {
    const digest = await c.var.digests.latest();
    return c.body(digest ? renderDigestPage(digest) : renderEmptyPage(), 200, pageHeaders);
  })
  .openapi(pageRoute, async (c) => {
    // The pattern's value keeps its literal suffix: "d-1a2b.html".
    const id = c.req.valid("param").id.replace(/\.html$/, "");
    const digest = await c.var.digests.get(id);
    if (!digest) throw new NotFoundError(`no digest with id "${id}"; GET /digests lists them`);
    return c.body(renderDigestPage(digest), 200, pageHeaders);
  });
