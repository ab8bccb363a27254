import { Hono } from "hono";
import { verifySummary } from "../pipeline/verify-summary.js";
import type { AppEnv } from "./app.js";
import { VerifyRequestSchema, withIds } from "./schemas.js";
import { jsonBody } from "./validate.js";

export const verifyRoutes = new Hono<AppEnv>().post("/verify", jsonBody(VerifyRequestSchema), (c) => {
  const body = c.req.valid("json");
  return c.json(verifySummary(withIds(body.articles), body.summary));
});
