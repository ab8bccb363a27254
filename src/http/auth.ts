import { createMiddleware } from "hono/factory";
import { UnauthorizedError } from "../errors.js";
import type { AppEnv } from "./app.js";

/** The scheme in OpenAPI's `components.securitySchemes`; write routes list it under `security`. */
export const BEARER_SCHEME = "bearer";

/**
 * Writes need `Authorization: Bearer <INGEST_TOKEN>`. Without a configured token every write is refused — a
 * deployment that forgot the secret must not be open to anyone — except in local development (`npm start` sets
 * ENVIRONMENT=development), where the contract lets a new user post articles before choosing a token.
 *
 * @example
 * createRoute({ method: "post", path: "/articles", middleware: [requireIngestToken] as const, ... })
 */
export const requireIngestToken = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.get("config").ingestToken;
  if (expected === undefined) {
    if (c.get("config").localDev) return next();
    throw new UnauthorizedError(
      "writes are refused: INGEST_TOKEN is not set on the server (set it, e.g. `wrangler secret put INGEST_TOKEN` " +
        "or in .dev.vars, then send `Authorization: Bearer <token>`)",
    );
  }
  const given = /^Bearer +(\S+) *$/i.exec(c.req.header("authorization") ?? "")?.[1];
  if (given === undefined) throw new UnauthorizedError('this route needs "Authorization: Bearer <INGEST_TOKEN>"');
  if (!(await sameSecret(given, expected))) throw new UnauthorizedError("the bearer token is not INGEST_TOKEN");
  await next();
});

/**
 * Compares two secrets in time that depends on neither: both are hashed to 32 bytes first, so neither the
 * length nor the first differing character shows in the timing.
 *
 * @example
 * await sameSecret("s3cret", "s3cret") // true
 */
export async function sameSecret(a: string, b: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const hash = async (s: string) => new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(s)));
  const [ha, hb] = await Promise.all([hash(a), hash(b)]);
  let diff = 0;
  ha.forEach((byte, i) => {
    diff |= byte ^ (hb[i] ?? 0);
  });
  return diff === 0;
}
