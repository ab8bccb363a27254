import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import s0 from "../../seeds/000_8bd907fa7b7b92f9.txt?raw";
import s1 from "../../seeds/001_15217fb02ca2d11b.txt?raw";
import s2 from "../../seeds/002_9b250bf8fdcec7e7.txt?raw";
import s3 from "../../seeds/003_0141b00a5d6a9d76.txt?raw";
import s4 from "../../seeds/004_d606118ac6020601.txt?raw";

const seeds = [
  ["000_8bd907fa7b7b92f9", s0],
  ["001_15217fb02ca2d11b", s1],
  ["002_9b250bf8fdcec7e7", s2],
  ["003_0141b00a5d6a9d76", s3],
  ["004_d606118ac6020601", s4],
].map(([id, text]) => ({ id: id!, text: text! }));

const post = (path: string, body: unknown) =>
  SELF.fetch(`http://wirebrief.test${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("the worker in workerd", () => {
  it("summarizes the five seeds with citations that slice back to the text as sent", async () => {
    const res = await post("/summarize", { articles: seeds });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      backend: string;
      summary: { text: string; citations: { articleId: string; quote: string; start: number; end: number }[] }[];
      conflicts: { about: string }[];
      stats: { sentences: number; uniqueSentences: number };
    };
    expect(body.backend).toBe("extractive");
    expect(body.summary.length).toBeGreaterThan(0);
    for (const s of body.summary) {
      expect(s.citations.length).toBeGreaterThan(0);
      for (const c of s.citations) {
        const text = seeds.find((a) => a.id === c.articleId)!.text;
        expect(text.slice(c.start, c.end)).toBe(c.quote);
      }
    }
    expect(body.stats.uniqueSentences).toBeLessThan(body.stats.sentences);
    expect(body.conflicts.some((c) => /Geneva/.test(c.about))).toBe(true);
  });

  it("answers malformed JSON with the contract's 400 envelope", async () => {
    const res = await post("/summarize", "{ not json");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_request" } });
  });

  it("refuses a 20 MB body with 413", async () => {
    const res = await post("/summarize", JSON.stringify({ articles: [{ text: "x".repeat(20 * 1024 * 1024) }] }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: "payload_too_large" } });
  });

  it("reports the extractive backend on /healthz when no LLM is configured", async () => {
    const res = await SELF.fetch("http://wirebrief.test/healthz");
    expect(await res.json()).toEqual({ ok: true, backend: "extractive" });
  });

  it("answers unknown routes with a JSON 404", async () => {
    const res = await SELF.fetch("http://wirebrief.test/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
