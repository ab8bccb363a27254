/**
 * Answers to identical summarize requests: a KV namespace when the worker has one bound as `CACHE`, an
 * in-memory LRU otherwise (per isolate, or per CLI process).
 */
export interface SummaryCache {
  readonly kind: "kv" | "memory";
  get(key: string): Promise<unknown | undefined>;
  put(key: string, value: unknown): Promise<void>;
}

/** The subset of a KV namespace binding the cache uses. */
export interface KvLike {
  get(key: string, type: "json"): Promise<unknown>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
}

export const CACHE_TTL_SECONDS = 24 * 60 * 60;

export function kvCache(kv: KvLike): SummaryCache {
  return {
    kind: "kv",
    async get(key) {
      return (await kv.get(key, "json")) ?? undefined;
    },
    async put(key, value) {
      await kv.put(key, JSON.stringify(value), { expirationTtl: CACHE_TTL_SECONDS });
    },
  };
}

/**
 * A small LRU: a Map keeps insertion order, so re-inserting on read makes the first key the least recent.
 *
 * @example
 * const cache = memoryCache(2); await cache.put("a", 1); await cache.get("a") // 1
 */
export function memoryCache(capacity = 100): SummaryCache {
  const entries = new Map<string, unknown>();
  return {
    kind: "memory",
    async get(key) {
      if (!entries.has(key)) return undefined;
      const value = entries.get(key);
      entries.delete(key);
      entries.set(key, value);
      return structuredClone(value);
    },
    async put(key, value) {
      entries.delete(key);
      entries.set(key, structuredClone(value));
      while (entries.size > capacity) entries.delete(entries.keys().next().value!);
    },
  };
}

/** SHA-256 of the canonical JSON of what determines an answer: articles, options and model. */
export async function cacheKey(parts: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(parts));
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return `summary:v1:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}
