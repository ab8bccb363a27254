/**
 * Prompt economy: the messages the LLM backend sends for a suite, in o200k tokens, against the suite's cleaned
 * articles concatenated; and whether every key fact of the suite is still carried by an evidence line sent.
 * The prompt is captured from a real request of the backend (its fetch answered locally), not rebuilt here.
 */
import pLimit from "p-limit";
import { createLlmBackend } from "../src/backends/llm.js";
import { analyze } from "../src/pipeline/analyze.js";
import { loadStorySuite } from "../evals/suite.js";

export interface PromptEconomy {
  suite: string;
  articleChars: number;
  articleTokens: number;
  promptChars: number;
  promptTokens: number;
  /** promptTokens / articleTokens. */
  ratio: number;
  evidenceLines: number;
  keyFacts: number;
  /** Key facts no single evidence line sent carries (by the suite's own patterns). */
  missingKeyFacts: string[];
}

/** The chat messages the backend sends for these articles. */
export async function capturePrompt(articles: Parameters<typeof analyze>[0], maxSentences: number) {
  let messages: { role: string; content: string }[] = [];
  const fetch = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    messages = (JSON.parse(String(init?.body)) as { messages: typeof messages }).messages;
    const content = JSON.stringify({ sentences: [] });
    return new Response(
      JSON.stringify({
        id: "x",
        object: "chat.completion",
        created: 0,
        model: "bench",
        choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop", logprobs: null }],
        usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
      }),
      { status: 200, headers: { "content-type": "application/json" } },
    );
  };
  const llm = createLlmBackend({
    config: { apiKey: "bench", baseURL: "http://127.0.0.1:9/v1", model: "bench", timeoutMs: 10_000, concurrency: 1 },
    limit: pLimit(1),
    maxRetries: 0,
    fetch: fetch as typeof globalThis.fetch,
  });
  await llm.summarize(analyze(articles), maxSentences);
  return messages;
}

/**
 * Measures one suite.
 *
 * @example
 * (await promptEconomy("seeds")).ratio // 0.5
 */
export async function promptEconomy(name: string): Promise<PromptEconomy> {
  // Loaded here, not at the top: its tables make the heap large, which would slow every timing before it.
  const { encode } = await import("gpt-tokenizer/encoding/o200k_base");
  const { suite, articles } = loadStorySuite(name);
  const cleaned = articles
    .map((a) => {
      const regions = analyze([a]).cleaned.get(a.id)!.regions;
      return regions.map((r) => a.text.slice(r.start, r.end)).join("\n");
    })
    .join("\n\n");
  const messages = await capturePrompt(articles, suite.maxSentences);
  const prompt = messages.map((m) => m.content).join("\n");
  const lines = messages
    .filter((m) => m.role === "user")
    .flatMap((m) => [...m.content.matchAll(/^\[([A-Za-z0-9_-]{1,16})\] (.+)$/gm)].map((x) => x[2]!));
  const missing = suite.keyFacts
    .filter((f) => !lines.some((line) => f.all.every((p) => new RegExp(p, "i").test(line))))
    .map((f) => f.id);
  const articleTokens = encode(cleaned).length;
  const promptTokens = messages.reduce((n, m) => n + encode(m.content).length, 0);
  return {
    suite: name,
    articleChars: cleaned.length,
    articleTokens,
    promptChars: prompt.length,
    promptTokens,
    ratio: Number((promptTokens / articleTokens).toFixed(3)),
    evidenceLines: lines.length,
    keyFacts: suite.keyFacts.length,
    missingKeyFacts: missing,
  };
}
