import { zodResponseFormat } from "openai/helpers/zod";
import { z } from "zod";
import { openaiClient } from "../src/backends/llm.js";
import { fill } from "../src/backends/prompts.js";
import { PROMPTS } from "../src/backends/prompts.generated.js";
import type { LlmConfig } from "../src/env.js";
import type { SupportJudge } from "./metrics.js";

const Verdict = z.object({ supported: z.boolean(), reason: z.string() });

/** Renders the judge prompt (prompts/judge.md) for one sentence and its quotes. */
export function renderJudgePrompt(sentence: string, quotes: string[]): string {
  return fill(PROMPTS.judge, {
    sentence,
    passages: quotes.map((q, i) => `(${i + 1}) ${q.replace(/\s+/g, " ").trim()}`).join("\n"),
  }).trimEnd();
}

/**
 * An LLM judge of support, independent of the project's verifier, for when a key is set. Answers are cached
 * per sentence and quote set, so citation precision (which asks about subsets) costs few calls.
 *
 * @example
 * const judge = llmJudge(config.llm); await judge("Talks begin Monday.", citations) // true
 */
export function llmJudge(config: LlmConfig, options: { maxRetries?: number; fetch?: typeof fetch } = {}): SupportJudge {
  const client = openaiClient(config, options);
  const memo = new Map<string, Promise<boolean>>();
  return (sentence, citations) => {
    const quotes = [...new Set(citations.map((c) => c.quote))].sort();
    const key = JSON.stringify([sentence, quotes]);
    let answer = memo.get(key);
    if (!answer) {
      answer = (async () => {
        if (quotes.length === 0) return false;
        const completion = await client.chat.completions.create({
          model: config.model,
          temperature: 0,
          messages: [{ role: "user", content: renderJudgePrompt(sentence, quotes) }],
          response_format: zodResponseFormat(Verdict, "verdict"),
        });
        const content = completion.choices[0]?.message?.content ?? "";
        // An answer the judge cannot give clearly counts as "not supported": the eval errs towards strict.
        try {
          const parsed = Verdict.safeParse(
            JSON.parse(content.slice(content.indexOf("{"), content.lastIndexOf("}") + 1)),
          );
          return parsed.success && parsed.data.supported;
        } catch {
          return false;
        }
      })();
      memo.set(key, answer);
    }
    return answer;
  };
}
