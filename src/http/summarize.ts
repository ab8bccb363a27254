import { Hono } from "hono";
import { summarize } from "../summarize.js";
import type { AppEnv } from "./app.js";
import { SummarizeRequestSchema, withIds } from "./schemas.js";
import { jsonBody } from "./validate.js";

export const summarizeRoutes = new Hono<AppEnv>().post("/summarize", jsonBody(SummarizeRequestSchema), async (c) => {
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
  return c.json(result);
});
