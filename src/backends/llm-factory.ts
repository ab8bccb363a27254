import type { Config } from "../env.js";
import type { LlmBackend } from "../summarize.js";

/**
 * The LLM backend for a config, or undefined when none is configured.
 * The OpenAI-compatible backend is not built yet (issue 3): until it is, every request runs extractive.
 */
export function llmBackendFor(_config: Config): LlmBackend | undefined {
  return undefined;
}
