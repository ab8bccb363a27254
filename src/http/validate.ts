import type { z } from "zod";
import { InvalidRequestError, type Issue } from "../errors.js";

const PARTS: Record<string, string> = { json: "request body", query: "query string", param: "path" };

/**
 * The `defaultHook` of every `OpenAPIHono` in the app: a failed validation (body, query or path) throws the
 * contract's 400 with every problem and its path, instead of answering with zod's own shape.
 *
 * @example
 * const app = new OpenAPIHono<AppEnv>({ defaultHook: throwInvalidRequest });
 */
export function throwInvalidRequest(
  result: { target: string } & ({ success: true } | { success: false; error: z.ZodError }),
): void {
  if (result.success) return;
  const part = PARTS[result.target] ?? result.target;
  const details: Issue[] = result.error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
    message: i.message,
  }));
  const first = details[0];
  const where = first && first.path.length > 0 ? `${first.path.join(".")}: ` : "";
  const more = details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? "s" : ""})` : "";
  const what = first?.message ?? "does not match the schema";
  throw new InvalidRequestError(`invalid ${part}: ${where}${what}${more}`, details);
}
