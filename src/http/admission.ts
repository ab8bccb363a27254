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
  /**
   * After this long an admitted request's bytes are given back even if it never finished: the runtime can
   * cancel a request whose client went away without running its `finally`, and a lost release must not wedge
   * the gate for good. Longer than any request may take (three LLM timeouts and the analysis).
   */
  maxHoldMs?: number;
  now?: () => number;
}

export const DEFAULT_ADMISSION = { budgetBytes: 8 * 1024 * 1024, maxQueued: 256, maxHoldMs: 180_000 };

interface Holder {
  bytes: number;
  since: number;
}

interface Waiter {
  bytes: number;
  admit: (holder: Holder) => void;
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
  const maxHoldMs = options.maxHoldMs ?? DEFAULT_ADMISSION.maxHoldMs;
  const now = options.now ?? (() => Date.now());
  const holders = new Set<Holder>();
  const queue: Waiter[] = [];

  const inUse = () => {
    let bytes = 0;
    for (const h of holders) {
      if (now() - h.since > maxHoldMs) holders.delete(h);
      else bytes += h.bytes;
    }
    return bytes;
  };
  const fits = (bytes: number) => {
    const used = inUse();
    return holders.size === 0 || used + bytes <= budget;
  };
  const hold = (bytes: number): Holder => {
    const holder = { bytes, since: now() };
    holders.add(holder);
    return holder;
  };
  const admitWaiting = () => {
    while (queue.length > 0 && fits(queue[0]!.bytes)) {
      const next = queue.shift()!;
      next.admit(hold(next.bytes));
    }
  };

  return async (c, next) => {
    if (c.req.method !== "POST") return next();
    const length = Number(c.req.header("content-length"));
    // Without a length the body could be as large as the body limit allows: it is weighed as the whole budget.
    const bytes = Number.isFinite(length) && length >= 0 ? Math.min(length, budget) : budget;
    let holder: Holder;
    // Room may have come back without a release (an expired hold): whoever waits goes first.
    admitWaiting();
    if (queue.length === 0 && fits(bytes)) {
      holder = hold(bytes);
    } else {
      if (queue.length >= maxQueued) {
        c.header("Retry-After", "1");
        throw new RateLimitedError(`the service is busy (${queue.length} requests waiting); retry in a second`);
      }
      const signal = c.req.raw.signal;
      holder = await new Promise<Holder>((admit, reject) => {
        const waiter: Waiter = { bytes, admit };
        queue.push(waiter);
        // A client that gives up while waiting leaves the line.
        signal?.addEventListener("abort", () => {
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          admitWaiting();
          // Nobody reads this answer; it only has to end the request without an "unhandled error" in the log.
          reject(new RateLimitedError("the client went away while waiting for room"));
        });
      });
    }
    try {
      await next();
    } finally {
      holders.delete(holder);
      admitWaiting();
    }
  };
}
