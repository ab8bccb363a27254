import type { MiddlewareHandler } from "hono";
import { RateLimitedError } from "../errors.js";

export interface AdmissionOptions {
  /**
   * Request body bytes the isolate works on at once. A request holds its body, the parsed articles and their
   * analysis (about seven times the body, measured in Node) until it answers, across its LLM calls, and a
   * Worker isolate has 128 MB: 8 MiB of bodies keeps the requests in flight well inside it.
   */
  budgetBytes?: number;
  /** Requests that may wait for room; one more is answered 429 with Retry-After. */
  maxQueued?: number;
}

export const DEFAULT_ADMISSION = { budgetBytes: 8 * 1024 * 1024, maxQueued: 256 };

interface Waiter {
  bytes: number;
  admit: () => void;
}

/**
 * Bounds the POST bodies one isolate works on at once (by their Content-Length), so that many large requests
 * arriving together wait their turn instead of growing the isolate past its memory limit. Waiting requests are
 * admitted in arrival order; one larger than the whole budget runs alone. Bodies are weighed before they are
 * read, so a waiting request costs almost nothing. GET and friends pass straight through.
 *
 * @example
 * app.use("*", admission({ budgetBytes: 8 * 1024 * 1024 }));
 */
export function admission(options: AdmissionOptions = {}): MiddlewareHandler {
  const budget = options.budgetBytes ?? DEFAULT_ADMISSION.budgetBytes;
  const maxQueued = options.maxQueued ?? DEFAULT_ADMISSION.maxQueued;
  let inUse = 0;
  let running = 0;
  const queue: Waiter[] = [];

  const fits = (bytes: number) => running === 0 || inUse + bytes <= budget;
  const admitWaiting = () => {
    while (queue.length > 0 && fits(queue[0]!.bytes)) {
      const next = queue.shift()!;
      inUse += next.bytes;
      running++;
      next.admit();
    }
  };

  return async (c, next) => {
    if (c.req.method !== "POST") return next();
    const length = Number(c.req.header("content-length"));
    // Without a length the body could be as large as the body limit allows: it is weighed as the whole budget.
    const bytes = Number.isFinite(length) && length >= 0 ? Math.min(length, budget) : budget;
    if (queue.length === 0 && fits(bytes)) {
      inUse += bytes;
      running++;
    } else {
      if (queue.length >= maxQueued) {
        c.header("Retry-After", "1");
        throw new RateLimitedError(`the service is busy (${queue.length} requests waiting); retry in a second`);
      }
      await new Promise<void>((admit) => queue.push({ bytes, admit }));
    }
    try {
      await next();
    } finally {
      inUse -= bytes;
      running--;
      admitWaiting();
    }
  };
}
