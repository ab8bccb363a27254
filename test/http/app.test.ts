import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.js";
import { SEEDS } from "../seeds.js";

const app = createApp();
const env = { ENVIRONMENT: "test" };
const post = (path: string, body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) =>
  app.request(path, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }, env);

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at /);
  return body;
}

describe("POST /summarize", () => {
  it("returns an extractive summary of the seeds whose every citation slices back to its quote", async () => {
    const res = await post("/summarize", { articles: SEEDS });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      backend: string;
      summary: { text: string; citations: { articleId: string; quote: string; start: number; end: number }[] }[];
      conflicts: { about: string; claims: unknown[] }[];
      stats: { sentences: number; uniqueSentences: number; inputChars: number };
      sources: { articleId: string }[];
    };
    expect(body.backend).toBe("extractive");
    expect(body.summary.length).toBe(6);
    for (const s of body.summary) {
      expect(s.citations.length).toBeGreaterThan(0);
      for (const c of s.citations)
        expect(SEEDS.find((a) => a.id === c.articleId)!.text.slice(c.start, c.end)).toBe(c.quote);
    }
    expect(body.stats.uniqueSentences).toBeLessThan(body.stats.sentences);
    expect(body.stats.inputChars).toBe(SEEDS.reduce((n, s) => n + s.text.length, 0));
    expect(body.sources.map((s) => s.articleId)).toEqual(SEEDS.map((s) => s.id));
    expect(body.conflicts.find((c) => /January 10/.test(c.about) && /January 9 and 10/.test(c.about))).toBeDefined();
  });

  it("gives articles without ids the ids a1, a2, … by position", async () => {
    const res = await post("/summarize", { articles: SEEDS.map((s) => ({ text: s.text })), maxSentences: 2 });
    const body = (await res.json()) as { sources: { articleId: string }[]; summary: unknown[] };
    expect(body.sources.map((s) => s.articleId)).toEqual(["a1", "a2", "a3", "a4", "a5"]);
    expect(body.summary).toHaveLength(2);
  });

  const bad: [string, unknown, number, string][] = [
    ["invalid JSON", "{ nope", 400, "invalid_request"],
    ["an empty object", {}, 400, "invalid_request"],
    ["an empty articles list", { articles: [] }, 400, "invalid_request"],
    ["an empty text", { articles: [{ text: "" }] }, 400, "invalid_request"],
    [
      "duplicate ids",
      {
        articles: [
          { id: "x", text: "One." },
          { id: "x", text: "Two." },
        ],
      },
      400,
      "invalid_request",
    ],
    ["maxSentences 0", { articles: [{ text: "One sentence." }], maxSentences: 0 }, 400, "invalid_request"],
    [
      "backend llm with no LLM configured",
      { articles: [{ text: "One sentence." }], backend: "llm" },
      400,
      "invalid_request",
    ],
    ["51 articles", { articles: Array.from({ length: 51 }, () => ({ text: "A sentence." })) }, 400, "invalid_request"],
    ["a 100,001-character text", { articles: [{ text: "a".repeat(100_001) }] }, 400, "invalid_request"],
    ["an id with a space", { articles: [{ id: "a b", text: "A sentence." }] }, 400, "invalid_request"],
    ["a non-http url", { articles: [{ url: "ftp://x.test/a", text: "A sentence." }] }, 400, "invalid_request"],
  ];
  for (const [what, body, status, code] of bad) {
    it(`answers ${what} with ${status} ${code}`, async () => {
      await expectError(await post("/summarize", body), status, code);
    });
  }

  it("lists each schema problem with its path", async () => {
    const body = await expectError(
      await post("/summarize", {
        articles: [
          { id: "x", text: "" },
          { id: "x", text: 5 },
        ],
      }),
      400,
      "invalid_request",
    );
    const paths = ((body.error as unknown as { details: { path: unknown[] }[] }).details ?? []).map((d) =>
      d.path.join("."),
    );
    expect(paths).toEqual(expect.arrayContaining(["articles.0.text", "articles.1.text"]));
  });

  it("refuses a 20 MB body with 413 before parsing it", async () => {
    await expectError(
      await post("/summarize", `{"articles":[{"text":"${"x".repeat(20 * 1024 * 1024)}"}]}`),
      413,
      "payload_too_large",
    );
  });

  it("asks for JSON when the content type is not JSON", async () => {
    const res = await post("/summarize", { articles: [{ text: "A." }] }, { "content-type": "text/plain" });
    const body = await expectError(res, 400, "invalid_request");
    expect(body.error.message).toMatch(/application\/json/);
  });

  it("never answers random or malformed bodies with a 500", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.anything().map((v) => {
            try {
              return JSON.stringify(v) ?? "null";
            } catch {
              return "null";
            }
          }),
          fc
            .record({
              articles: fc.array(fc.record({ id: fc.option(fc.string(), { nil: undefined }), text: fc.string() }), {
                maxLength: 4,
              }),
              maxSentences: fc.option(fc.integer(), { nil: undefined }),
            })
            .map((v) => JSON.stringify(v)),
        ),
        async (body) => {
          const res = await post("/summarize", body);
          expect(res.status === 200 || res.status === 400).toBe(true);
          if (res.status === 400)
            expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
        },
      ),
      { numRuns: 150 },
    );
  });

  it("summarizes arbitrary text without breaking the citation invariant", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.lorem({ mode: "sentences", maxCount: 12 }), { minLength: 1, maxLength: 4 }),
        async (texts) => {
          const articles = texts.map((text, i) => ({ id: `t${i}`, text }));
          const res = await post("/summarize", { articles });
          expect(res.status).toBe(200);
          const body = (await res.json()) as {
            summary: { citations: { articleId: string; quote: string; start: number; end: number }[] }[];
          };
          for (const s of body.summary) {
            expect(s.citations.length).toBeGreaterThan(0);
            for (const c of s.citations)
              expect(articles.find((a) => a.id === c.articleId)!.text.slice(c.start, c.end)).toBe(c.quote);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("POST /verify", () => {
  it("accepts a /summarize response's summary and finds every sentence supported", async () => {
    const summary = ((await (await post("/summarize", { articles: SEEDS })).json()) as { summary: unknown[] }).summary;
    const res = await post("/verify", { articles: SEEDS, summary });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { supportedCount: number; unsupportedCount: number };
    expect(body).toMatchObject({ supportedCount: summary.length, unsupportedCount: 0 });
  });

  it("reports a changed number with a readable reason", async () => {
    const res = await post("/verify", {
      articles: SEEDS,
      summary: [
        {
          text: "The call lasted 90 minutes.",
          citations: [{ articleId: SEEDS[4]!.id, quote: "During the 50-minute call" }],
        },
      ],
    });
    const body = (await res.json()) as {
      sentences: { supported: boolean; reasons: string[]; citations: { found: boolean }[] }[];
    };
    expect(body.sentences[0]!.supported).toBe(false);
    expect(body.sentences[0]!.citations[0]!.found).toBe(true);
    expect(body.sentences[0]!.reasons.join(" ")).toMatch(/90/);
  });

  it("finds the evidence for sentences sent without citations and returns it as citations with offsets", async () => {
    const res = await post("/verify", {
      articles: SEEDS,
      summary: [
        "The leaders had a serious exchange during the 50-minute call.",
        { text: "Talks in Geneva are scheduled for January 9 and 10." },
        { text: "Putin agreed to withdraw all troops from the border.", citations: [] },
      ],
    });
    expect(res.status).toBe(200);
    type Found = { articleId: string; quote: string; found: boolean; start: number; end: number };
    const body = (await res.json()) as {
      sentences: { supported: boolean; cited: boolean; reasons: string[]; citations: Found[] }[];
    };
    expect(body.sentences.map((s) => s.cited)).toEqual([false, false, false]);
    expect(body.sentences.map((s) => s.supported)).toEqual([true, true, false]);
    for (const s of body.sentences.slice(0, 2)) {
      expect(s.citations.length).toBeGreaterThan(0);
      for (const c of s.citations) {
        expect(c.found).toBe(true);
        expect(SEEDS.find((a) => a.id === c.articleId)!.text.slice(c.start, c.end)).toBe(c.quote);
      }
    }
    expect(body.sentences[2]!.reasons.length).toBeGreaterThan(0);
  });

  it("judges a summary pasted as one string sentence by sentence, with the evidence of each", async () => {
    const pasted =
      "The leaders had a serious exchange during the 50-minute call. " +
      "Talks in Geneva are scheduled for January 9 and 10.";
    const res = await post("/verify", { articles: SEEDS, summary: [pasted] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { sentences: { text: string; supported: boolean; citations: unknown[] }[] };
    expect(body.sentences).toHaveLength(1);
    expect(body.sentences[0]).toMatchObject({ text: pasted, supported: true });
    expect(body.sentences[0]!.citations.length).toBeGreaterThanOrEqual(2);
  });

  it("returns no evidence for a sentence nothing in the articles carries", async () => {
    const summary = ["The harvest in Brazil broke coffee export records."];
    const res = await post("/verify", { articles: SEEDS, summary });
    const body = (await res.json()) as { sentences: { supported: boolean; cited: boolean; citations: unknown[] }[] };
    expect(body.sentences[0]).toMatchObject({ supported: false, cited: false, citations: [] });
  });

  it("marks sentences sent with citations as cited", async () => {
    const res = await post("/verify", {
      articles: SEEDS,
      summary: [
        {
          text: "The call lasted 50 minutes.",
          citations: [{ articleId: SEEDS[4]!.id, quote: "During the 50-minute call" }],
        },
      ],
    });
    const body = (await res.json()) as { sentences: { supported: boolean; cited: boolean }[] };
    expect(body.sentences[0]).toMatchObject({ supported: true, cited: true });
  });

  it("answers a summary that is not an array with 400", async () => {
    await expectError(await post("/verify", { articles: SEEDS, summary: "nope" }), 400, "invalid_request");
  });
});

describe("other routes", () => {
  it("reports health and the backend in use", async () => {
    expect(await (await app.request("/healthz", {}, env)).json()).toEqual({ ok: true, backend: "extractive" });
  });

  it("serves an OpenAPI document generated from the request schemas", async () => {
    const doc = (await (await app.request("/openapi.json", {}, env)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/summarize", "/verify", "/healthz"]));
  });

  it("answers unknown routes and wrong methods with a JSON 404", async () => {
    await expectError(await app.request("/nope", {}, env), 404, "not_found");
    await expectError(await app.request("/summarize", {}, env), 404, "not_found");
  });
});
