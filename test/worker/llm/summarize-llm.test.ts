import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import s3 from "../../../seeds/003_0141b00a5d6a9d76.txt?raw";
import s4 from "../../../seeds/004_d606118ac6020601.txt?raw";

const seeds = [
  { id: "003_0141b00a5d6a9d76", text: s3 },
  { id: "004_d606118ac6020601", text: s4 },
];

const summarize = (scenario: string, extra: Record<string, unknown> = {}) =>
  SELF.fetch("http://wirebrief.test/summarize", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      articles: [...seeds, { id: "marker", text: `This test asks the model server for stub:${scenario} behaviour.` }],
      maxSentences: 4,
      ...extra,
    }),
  });

type Body = {
  backend: string;
  model: string;
  cached?: string;
  summary: { text: string; citations: { articleId: string; quote: string; start: number; end: number }[] }[];
  dropped: { text: string; reason: string }[];
  error?: { code: string; message: string };
};

describe("the worker in workerd with an OpenAI-compatible server on 127.0.0.1", () => {
  it("reports the LLM backend on /healthz", async () => {
    expect(await (await SELF.fetch("http://wirebrief.test/healthz")).json()).toEqual({
      ok: true,
      backend: "llm",
      model: "stub-model",
    });
  });

  it("returns the grounded sentences with valid citations and drops the fabricated one", async () => {
    const res = await summarize("grounded");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Body;
    expect(body.backend).toBe("llm");
    expect(body.model).toBe("stub-model");
    expect(body.summary.length).toBeGreaterThan(0);
    for (const s of body.summary) {
      for (const c of s.citations)
        expect(seeds.find((a) => a.id === c.articleId)!.text.slice(c.start, c.end)).toBe(c.quote);
    }
    expect(body.dropped.length).toBeGreaterThan(0);
    expect(body.dropped[0]!.reason).toMatch(/is not in the cited evidence/);
  });

  it("answers the identical request from the KV cache", async () => {
    await summarize("grounded", { maxSentences: 2 });
    const body = (await (await summarize("grounded", { maxSentences: 2 })).json()) as Body;
    expect(body.cached).toBe("kv");
  });

  it("waits out a 429 with Retry-After and still answers 200", async () => {
    const res = await summarize("ratelimit");
    expect(res.status).toBe(200);
  });

  it("gives 502 llm_error for malformed output", async () => {
    const res = await summarize("malformed");
    expect(res.status).toBe(502);
    expect(((await res.json()) as Body).error?.code).toBe("llm_error");
  });

  it("gives 502 llm_error for persistent 500s", async () => {
    const res = await summarize("error500");
    expect(res.status).toBe(502);
    expect(((await res.json()) as Body).error).toMatchObject({
      code: "llm_error",
      message: expect.stringMatching(/HTTP 500/),
    });
  });

  it("gives 504 llm_timeout when the server never answers", async () => {
    const started = Date.now();
    const res = await summarize("hang");
    expect(res.status).toBe(504);
    expect(((await res.json()) as Body).error?.code).toBe("llm_timeout");
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
