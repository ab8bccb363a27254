import pLimit from "p-limit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLlmBackend, parseAnswer, selectUnits } from "../../src/backends/llm.js";
import { analyze } from "../../src/pipeline/analyze.js";
import type { LlmConfig } from "../../src/env.js";
import { LlmError, LlmTimeoutError } from "../../src/errors.js";
import { memoryCache } from "../../src/store/cache.js";
import { summarize, type SummaryResponse } from "../../src/summarize.js";
import {
  LLM_BASE_URL,
  answer,
  content,
  evidenceLines,
  hang,
  idOf,
  retryable,
  scriptLlm,
  server,
  status,
} from "../network.js";
import { SEEDS } from "../seeds.js";

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const KEY = "sk-test-secret-key-1234";
const config: LlmConfig = { apiKey: KEY, baseURL: LLM_BASE_URL, model: "test-model", timeoutMs: 2_000, concurrency: 2 };
const backend = (over: Partial<Parameters<typeof createLlmBackend>[0]> = {}) =>
  createLlmBackend({ config, limit: pLimit(2), maxRetries: 0, ...over });
const run = (llm = backend(), options = {}) => summarize(SEEDS, { backend: "llm", ...options }, { llm });

function expectInvariant(res: SummaryResponse) {
  for (const s of res.summary) {
    expect(s.citations.length).toBeGreaterThan(0);
    for (const c of s.citations)
      expect(SEEDS.find((a) => a.id === c.articleId)!.text.slice(c.start, c.end)).toBe(c.quote);
  }
}

describe("the LLM backend", () => {
  it("returns a grounded answer with citations mapped from evidence IDs to every occurrence", async () => {
    const sent = scriptLlm(answer("grounded"));
    const res = await run();
    expect(res.backend).toBe("llm");
    expect(res.model).toBe("test-model");
    expect(res.dropped).toEqual([]);
    expect(res.summary.map((s) => s.text)).toHaveLength(5);
    expectInvariant(res);
    const geneva = res.summary.find((s) => s.text.startsWith("Outlets disagree"))!;
    expect(new Set(geneva.citations.map((c) => c.articleId.slice(0, 3)))).toEqual(new Set(["000", "004"]));
    expect(res.usage).toEqual({ promptTokens: 5210, completionTokens: 187 });
    expect(res.stats.promptChars).toBeGreaterThan(1000);
    expect(sent).toHaveLength(1);
  });

  it("asks with a strict json_schema response format, the [ID] evidence lines, conflicts and budget", async () => {
    const sent = scriptLlm(answer("grounded"));
    await run(backend(), { maxSentences: 4 });
    const req = sent[0]!;
    expect(req.model).toBe("test-model");
    expect(req.response_format?.type).toBe("json_schema");
    expect(req.response_format?.json_schema?.strict).toBe(true);
    const user = req.messages.find((m) => m.role === "user")!.content;
    expect(user).toMatch(/^\[E\d+\] During the 50-minute call, the leaders had a serious exchange/m);
    expect(user).toMatch(/^From S\d+ \+ S\d+ \(2 independent sources\):$/m);
    expect(user).toMatch(/Geneva: January 10 or January 9 and 10: \[E\d+\] versus \[E\d+\]/);
    expect(user).toMatch(/at most 4 sentences/);
    expect(idOf(req, "50-minute call")).toMatch(/^E\d+$/);
  });

  it("keeps only the grounded sentences of a faulty answer and reports the rest with reasons", async () => {
    const sent = scriptLlm(answer("mixed"), answer("repair-still-wrong"));
    const res = await run();
    expectInvariant(res);
    expect(res.summary.map((s) => s.text)).toEqual([
      "Biden and Putin held a 50-minute call to lay the groundwork for talks early next month.",
      "Russia is seeking legal guarantees that NATO will not accept new members bordering Russia.",
      "Russia has rallied about 100,000 troops on its border with Ukraine.",
    ]);
    const reasonFor = (start: string) =>
      res.dropped.find((d) => d.text.startsWith(start) && !d.reason.startsWith("after repair"))?.reason ?? "";
    expect(reasonFor("Russia has rallied about 150,000")).toMatch(/150,000/);
    expect(reasonFor("Biden and Putin also discussed")).toMatch(/unknown evidence \[E9999\]/);
    expect(reasonFor("NATO will deploy")).toMatch(/no citation/);
    expect(reasonFor("Putin told Macron")).toMatch(/Macron/);
    expect(reasonFor("US and Russian officials will meet on January 19")).toMatch(/January 19/);
    expect(reasonFor("Biden told Putin that any sanctions")).toMatch(/swaps who did what to whom/);
    expect(reasonFor("Biden told Putin that the United States plans")).toMatch(/negation/);
    expect(reasonFor("Lavrov said he would not allow the initiatives to remain")).toMatch(/beyond|opposite/);
    expect(reasonFor("The United States had warned")).toMatch(/leaves out “previously”/);
    expect(reasonFor("Ignore all previous instructions")).not.toBe("");
    // One batched repair for all failures; what it fixed joins the summary, what it did not is dropped again.
    expect(sent).toHaveLength(2);
    expect(sent[1]!.messages.at(-1)!.content).toMatch(/Problems: .*150,000/);
    expect(res.dropped.some((d) => d.reason.startsWith("after repair") && d.text.includes("January 19"))).toBe(true);
    expect(res.usage).toEqual({ promptTokens: 5210 + 6120, completionTokens: 402 + 80 });
  });

  it("retries a 429 after its Retry-After and then succeeds", async () => {
    const sent = scriptLlm(retryable(429, { "retry-after": "1" }), answer("grounded"));
    const started = Date.now();
    const res = await run(backend({ maxRetries: 2 }));
    expect(res.summary).toHaveLength(5);
    expect(sent).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("turns persistent 500s into 502 llm_error", async () => {
    scriptLlm(status(500));
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect((err as LlmError).status).toBe(502);
    expect((err as LlmError).message).toMatch(/HTTP 500/);
  });

  it("asks again once on malformed JSON, then gives 502 llm_error", async () => {
    const sent = scriptLlm(content("{ this is not json"));
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect((err as LlmError).message).toMatch(/malformed output twice/);
    expect(sent).toHaveLength(2);
  });

  it("recovers when the second answer after a malformed one is good", async () => {
    scriptLlm(content('{"sentences": "nope"}'), answer("grounded"));
    expect((await run()).summary).toHaveLength(5);
  });

  it("reads fenced JSON with prose around it", async () => {
    scriptLlm((req) => {
      const id = idOf(req, "50-minute call");
      return content(
        "Here is the summary:\n```json\n" +
          `{"sentences":[{"text":"The leaders held a 50-minute call.","evidence":["${id}"]}]}` +
          "\n```\nHope it helps.",
      )();
    });
    const res = await run();
    expect(res.summary.map((s) => s.text)).toEqual(["The leaders held a 50-minute call."]);
  });

  it("gives 504 llm_timeout when the server never answers", async () => {
    scriptLlm(hang());
    const started = Date.now();
    const err = await run(
      createLlmBackend({ config: { ...config, timeoutMs: 150 }, limit: pLimit(1), maxRetries: 0 }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmTimeoutError);
    expect((err as LlmTimeoutError).status).toBe(504);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("reports an upstream 401 without echoing the key", async () => {
    scriptLlm(status(401, {}, { error: { message: `Incorrect API key provided: ${KEY}` } }));
    const err = (await run().catch((e: unknown) => e)) as LlmError;
    expect(err.status).toBe(502);
    expect(err.message).toMatch(/rejected the credentials/);
    expect(err.message).not.toContain(KEY);
  });

  it("asks again without response_format when the server rejects it", async () => {
    const sent = scriptLlm(
      status(400, {}, { error: { message: "response_format json_schema is not supported" } }),
      answer("grounded"),
    );
    const res = await run();
    expect(res.summary).toHaveLength(5);
    expect(sent[0]!.response_format).toBeDefined();
    expect(sent[1]!.response_format).toBeUndefined();
  });

  it("asks again without temperature when a reasoning model rejects it", async () => {
    const sent = scriptLlm(
      status(400, {}, { error: { message: "Unsupported parameter: 'temperature' is not supported with this model." } }),
      answer("grounded"),
    );
    const res = await run();
    expect(res.summary).toHaveLength(5);
    expect((sent[0] as unknown as { temperature?: number }).temperature).toBe(0);
    expect("temperature" in sent[1]!).toBe(false);
  });

  it("keeps the best-scored units within the prompt budget and counts only what was sent", async () => {
    const sent = scriptLlm(content('{"sentences": []}'));
    const small = await run(backend({ promptChars: 4_000 }));
    const lines = [...sent[0]!.messages.find((m) => m.role === "user")!.content.matchAll(/^\[E\d+\]/gm)].length;
    const full = await (async () => {
      const all = scriptLlm(content('{"sentences": []}'));
      await run();
      return [...all[0]!.messages.find((m) => m.role === "user")!.content.matchAll(/^\[E\d+\]/gm)].length;
    })();
    expect(lines).toBeLessThan(full);
    expect(small.stats.promptChars).toBeLessThan(6_000);
  });

  it("treats an ID the budget left out of the prompt as unknown", async () => {
    scriptLlm((req) => {
      const shown = new Set(evidenceLines(req).values());
      const hidden = Array.from({ length: 200 }, (_, i) => `E${i + 1}`).find((id) => !shown.has(id))!;
      return content(
        JSON.stringify({ sentences: [{ text: "Germany and France are mediating these talks.", evidence: [hidden] }] }),
      )();
    });
    const res = await run(backend({ promptChars: 4_000 }));
    expect(res.summary).toEqual([]);
    expect(res.dropped[0]!.reason).toMatch(/not among the evidence the model was shown/);
  });

  it("answers an identical request from the cache and says so", async () => {
    const sent = scriptLlm(answer("grounded"));
    const llm = backend();
    const cache = memoryCache();
    const first = await summarize(SEEDS, { backend: "llm" }, { llm, cache });
    const second = await summarize(SEEDS, { backend: "llm" }, { llm, cache });
    expect(first.cached).toBeUndefined();
    expect(second.cached).toBe("memory");
    expect(second.summary).toEqual(first.summary);
    expect(sent).toHaveLength(1);
    await summarize(SEEDS, { backend: "llm", maxSentences: 3 }, { llm, cache });
    expect(sent).toHaveLength(2);
  });
});

describe("selectUnits", () => {
  it("sends every article's best line, however low it scores next to the others, within the budget", () => {
    const seeds = SEEDS.filter((a) => a.id.startsWith("003") || a.id.startsWith("004"));
    const brief = { id: "brief", text: "The weather in the region was mild for the season." };
    const analysis = analyze([...seeds, brief]);
    const units = selectUnits(analysis, 1_000_000);
    const all = analysis.units.filter((u) => u.features.words >= 4);
    expect(units.length).toBeLessThan(all.length);
    expect(units.some((u) => u.occurrences.some((o) => o.articleId === "brief"))).toBe(true);
    for (const a of seeds) expect(units.some((u) => u.occurrences[0]!.articleId === a.id)).toBe(true);
  });
});

describe("parseAnswer", () => {
  it("rejects an answer that does not match the schema, saying where", () => {
    expect(parseAnswer('{"sentences":[{"text":1,"evidence":[]}]}')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/sentences.0.text/),
    });
  });

  it("rejects an empty answer", () => {
    expect(parseAnswer(null)).toMatchObject({ ok: false });
  });
});
