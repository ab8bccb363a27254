import pLimit, { type LimitFunction } from "p-limit";
import type { Config } from "../env.js";
import { createLlmBackend } from "./llm.js";
import type { LlmBackend } from "./types.js";

const limiters = new Map<number, LimitFunction>();
const backends = new WeakMap<Config, LlmBackend>();

/**
 * The one limiter for LLM calls in this isolate or process: every request and the digest share it, so
 * `LLM_CONCURRENCY` bounds calls in flight, whoever makes them.
 */
export function llmLimiter(concurrency: number): LimitFunction {
  let limit = limiters.get(concurrency);
  if (!limit) {
    limit = pLimit(concurrency);
    limiters.set(concurrency, limit);
  }
  return limit;
}

/**
 * The LLM backend for a config, or undefined when no LLM is configured (then "auto" means extractive).
 *
 * @example
 * // "gpt-4o-mini" unless OPENAI_MODEL is set
 * llmBackendFor(loadConfig({ OPENAI_BASE_URL: "http://127.0.0.1:11434/v1" }))?.model
 */
export function llmBackendFor(config: Config): LlmBackend | undefined {
  if (!config.llm) return undefined;
  let backend = backends.get(config);
  if (!backend) {
    backend = createLlmBackend({
      config: config.llm,
      limit: llmLimiter(config.llm.concurrency),
      ...(config.llm.promptChars ? { promptChars: config.llm.promptChars } : {}),
    });
    backends.set(config, backend);
  }
  return backend;
}
