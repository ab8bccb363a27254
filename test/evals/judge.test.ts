import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { llmJudge, renderJudgePrompt } from "../../evals/judge.js";
import { citationScores } from "../../evals/metrics.js";
import { content, LLM_BASE_URL, scriptLlm, server, type SentRequest } from "../network.js";

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const config = { apiKey: "k", baseURL: LLM_BASE_URL, model: "judge-model", timeoutMs: 2000, concurrency: 1 };
const cite = (quote: string) => ({ articleId: "a1", quote, start: 0, end: quote.length });

describe("the LLM judge", () => {
  it("renders its own prompt with the sentence and numbered passages", () => {
    const text = renderJudgePrompt("Talks begin Monday.", ["Talks begin on Monday.", "In  Oslo."]);
    expect(text).toContain(
      "Sentence:\nTalks begin Monday.\n\nCited passages:\n(1) Talks begin on Monday.\n(2) In Oslo.",
    );
  });

  it("scores citation recall from the judge's verdicts, asking once per sentence and quote set", async () => {
    const sent = scriptLlm((req: SentRequest) =>
      content(JSON.stringify({ supported: !req.messages[0]!.content.includes("Friday"), reason: "checked" }))(),
    );
    const judge = llmJudge(config, { maxRetries: 0 });
    const scores = await citationScores(
      [
        { text: "Talks begin Monday.", citations: [cite("Talks begin on Monday.")] },
        { text: "Talks begin Friday.", citations: [cite("Talks begin on Monday.")] },
      ],
      judge,
    );
    expect(scores.recall).toBe(0.5);
    expect(scores.unsupported).toEqual([{ text: "Talks begin Friday." }]);
    await judge("Talks begin Monday.", [cite("Talks begin on Monday.")]);
    expect(sent).toHaveLength(2);
  });

  it("counts an unreadable verdict as not supported", async () => {
    scriptLlm(content("maybe?"));
    expect(await llmJudge(config, { maxRetries: 0 })("A.", [cite("A.")])).toBe(false);
  });
});
