import { zValidator } from "@hono/zod-validator";
import type { z } from "zod";
import { InvalidRequestError, type Issue } from "../errors.js";

/**
 * `zValidator` for JSON bodies that throws the contract's 400 with every problem and its path, instead of
 * answering with zod's own shape.
 *
 * @example
 * app.post("/verify", jsonBody(VerifyRequestSchema), (c) => c.json(run(c.req.valid("json"))));
 */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return zValidator("json", schema, (result) => {
    if (!result.success) {
      const details: Issue[] = result.error.issues.map((i) => ({
        path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
        message: i.message,
      }));
      const first = details[0];
      const where = first && first.path.length > 0 ? `${first.path.join(".")}: ` : "";
      const more = details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? "s" : ""})` : "";
      throw new InvalidRequestError(`invalid request body: ${where}${first?.message ?? "does not match the schema"}${more}`, details);
    }
  });
}
