import { createRoute } from "@hono/zod-openapi";
import { verifySummary } from "../verify/summary.js";
import { errorResponses, jsonResponse, routes } from "./openapi.js";
import { VerifyRequestSchema, VerifyResponseSchema, withIds } from "./schemas.js";

const verifyRoute = createRoute({
  method: "post",
  path: "/verify",
  tags: ["summary"],
  summary: "Check any summary's sentences against the articles",
  description:
    "A `/summarize` response's `summary` is valid input. Each sentence comes back with `supported` and " +
    "readable `reasons`. A sentence sent without citations (or as a plain string) is aligned to the article " +
    "sentences that carry it; they come back as its citations, with `cited: false`.",
  request: { body: { required: true, content: { "application/json": { schema: VerifyRequestSchema } } } },
  responses: { 200: jsonResponse(VerifyResponseSchema, "One verdict per sentence"), ...errorResponses(400, 413, 500) },
});

export const verifyRoutes = routes().openapi(verifyRoute, (c) => {
  const body = c.req.valid("json");
  return c.json(verifySummary(withIds(body.articles), body.summary), 200);
});
