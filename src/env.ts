import { z } from "zod";
import { InternalError } from "./errors.js";

/** Wrangler vars may be set but empty: an empty string means "not set". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const EnvSchema = z.object({
  OPENAI_API_KEY: optional(z.string()),
  OPENAI_BASE_URL: optional(
    z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. http://127.0.0.1:11434/v1" }),
  ),
  OPENAI_MODEL: optional(z.string()),
  LLM_TIMEOUT_MS: optional(z.coerce.number({ error: "must be a number of milliseconds" }).int().min(100).max(600_000)),
  LLM_CONCURRENCY: optional(z.coerce.number({ error: "must be a whole number" }).int().min(1).max(64)),
  LLM_PROMPT_CHARS: optional(
    z.coerce.number({ error: "must be a number of characters" }).int().min(1_000).max(1_000_000),
  ),
  FEEDS: optional(z.string()),
  INGEST_TOKEN: optional(z.string()),
  ALLOW_PRIVATE_FEEDS: optional(z.enum(["0", "1"], { error: 'must be "0" or "1"' })),
  ENVIRONMENT: optional(z.string()),
});

export interface LlmConfig {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  concurrency: number;
  /** Evidence characters the prompt may carry before the best-scored units are chosen. */
  promptChars?: number;
}

export interface Config {
  /** Present when an LLM is configured (a key or a base URL). */
  llm?: LlmConfig;
  feeds: string[];
  ingestToken?: string;
  allowPrivateFeeds: boolean;
  /** `npm start` (ENVIRONMENT=development): the only place writes without a token are allowed. */
  localDev: boolean;
}

export const DEFAULT_MODEL = "gpt-4o-mini";
export const DEFAULT_LLM_TIMEOUT_MS = 30_000;
export const DEFAULT_LLM_CONCURRENCY = 4;

const cache = new WeakMap<object, Config>();

/**
 * Parses the worker's env (or `process.env`) once into typed config. A bad value fails loudly with the
 * variable's name; an LLM counts as configured when `OPENAI_API_KEY` or `OPENAI_BASE_URL` is set (local
 * servers such as Ollama or llama.cpp need no key).
 *
 * @example
 * loadConfig({ OPENAI_BASE_URL: "http://127.0.0.1:11434/v1", OPENAI_MODEL: "llama3.1" }).llm?.model // "llama3.1"
 */
export function loadConfig(env: Record<string, unknown>): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ");
    throw new InternalError(`configuration error: ${problems}`);
  }
  const e = parsed.data;
  const llmConfigured = e.OPENAI_API_KEY !== undefined || e.OPENAI_BASE_URL !== undefined;
  const config: Config = {
    ...(llmConfigured
      ? {
          llm: {
            // Local OpenAI-compatible servers accept any key; the SDK insists on one.
            apiKey: e.OPENAI_API_KEY ?? "not-needed",
            ...(e.OPENAI_BASE_URL ? { baseURL: e.OPENAI_BASE_URL } : {}),
            model: e.OPENAI_MODEL ?? DEFAULT_MODEL,
            timeoutMs: e.LLM_TIMEOUT_MS ?? DEFAULT_LLM_TIMEOUT_MS,
            concurrency: e.LLM_CONCURRENCY ?? DEFAULT_LLM_CONCURRENCY,
            ...(e.LLM_PROMPT_CHARS ? { promptChars: e.LLM_PROMPT_CHARS } : {}),
          },
        }
      : {}),
    feeds: (e.FEEDS ?? "")
      .split(",")
      .map((f) => f.trim())
      .filter(Boolean),
    ...(e.INGEST_TOKEN ? { ingestToken: e.INGEST_TOKEN } : {}),
    allowPrivateFeeds: e.ALLOW_PRIVATE_FEEDS === "1",
    localDev: e.ENVIRONMENT === "development",
  };
  cache.set(env, config);
  return config;
}
