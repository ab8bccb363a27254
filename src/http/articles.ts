import { createRoute } from "@hono/zod-openapi";
import { BEARER_SCHEME, requireIngestToken } from "./auth.js";
import { requireDigests } from "./digests.js";
import { errorResponses, jsonResponse, routes } from "./openapi.js";
import { IngestRequestSchema, IngestResponseSchema } from "./schemas.js";

const ingestRoute = createRoute({
  method: "post",
  path: "/articles",
  tags: ["digest"],
  summary: "Push articles for the next digest",
  description:
    "For a scraper the operator already has. An article is known by its URL and by the hash of its text: " +
    "one already stored is reported in `duplicates` (under the stored id) and not stored again.",
  security: [{ [BEARER_SCHEME]: [] }],
  middleware: [requireIngestToken, requireDigests] as const,
  request: { body: { required: true, content: { "application/json": { schema: IngestRequestSchema } } } },
  responses: {
    201: jsonResponse(IngestResponseSchema, "Which articles were stored and which were already known"),
    ...errorResponses(400, 401, 413, 500, 503),
  },
});

/** `POST /articles`: thin over `DigestService.ingest`. */
export const articleRoutes = routes().openapi(ingestRoute, async (c) => {
  const { articles } = c.req.valid("json");
  return c.json(await c.var.digests.ingest(articles), 201);
});
