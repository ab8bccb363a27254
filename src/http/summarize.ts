import { createRoute } from "@hono/zod-openapi";
import { summarize } from "../summarize.js";
import { errorResponses, jsonResponse, routes } from "./openapi.js";
import { SummarizeRequestSchema, SummaryResponseSchema, withIds } from "./schemas.js";

const summarizeRoute = createRoute({
  method: "post",
  path: "/summarize",
  tags: ["summary"],
  summary: "Summarize overlapping coverage of one story with verified citations",
  description:
    "Every summary sentence carries citations `{ articleId, quote, start, end }` with " +
    "`article.text.slice(start, end) === quote` in the text as sent. `backend`: `auto` (the LLM when one is " +
    "configured, else extractive), `llm` (400 without a configured LLM) or `extractive`.",
  request: { body: { required: true, content: { "application/json": { schema: SummarizeRequestSchema } } } },
  responses: {
    200: jsonResponse(SummaryResponseSchema, "The summary"),
    ...errorResponses(400, 413, 429, 500, 502, 504),
  },
});

export const summarizeRoutes = routes().openapi(summarizeRoute, async (c) => {
  const body = c.req.valid("json");
  const llm = c.get("llm");
  const result = await summarize(
    withIds(body.articles),
    {
      ...(body.maxSentences !== undefined ? { maxSentences: body.maxSentences } : {}),
      ...(body.backend !== undefined ? { backend: body.backend } : {}),
    },
    { ...(llm ? { llm } : {}), cache: c.get("cache"), signal: c.req.raw.signal },
  );
  return c.json(result, 200);
});
