import { applyD1Migrations } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Digest } from "../../../src/digest/types.js";
import seed0 from "../../../seeds/000_8bd907fa7b7b92f9.txt?raw";
import seed1 from "../../../seeds/001_15217fb02ca2d11b.txt?raw";
import seed2 from "../../../seeds/002_9b250bf8fdcec7e7.txt?raw";
import seed3 from "../../../seeds/003_0141b00a5d6a9d76.txt?raw";
import seed4 from "../../../seeds/004_d606118ac6020601.txt?raw";
import coastal from "../../../evals/data/harbor-fire/coastal.txt?raw";
import gazette from "../../../evals/data/harbor-fire/gazette.txt?raw";
import northline from "../../../evals/data/harbor-fire/northline.txt?raw";
import portwatch from "../../../evals/data/harbor-fire/portwatch-copy.txt?raw";
import farmweek from "../../../evals/data/dairy-merger/farmweek.txt?raw";
import ledger from "../../../evals/data/dairy-merger/ledger.txt?raw";
import tribune from "../../../evals/data/dairy-merger/tribune.txt?raw";

beforeAll(async () => {
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

const BASE = "http://wirebrief.test";
const firstLine = (text: string) =>
  text
    .split("\n")
    .find((l) => l.trim())!
    .trim()
    .slice(0, 120);
const article = (id: string, source: string, text: string, hour: number) => ({
  id,
  source,
  url: `https://${source.toLowerCase().replace(/\W+/g, "")}.example/${id}`,
  title: firstLine(text),
  publishedAt: `2026-11-20T${String(hour).padStart(2, "0")}:00:00Z`,
  text,
});

/** Three stories as a scraper would push them: the seeds, the harbor fire (a verbatim wire pair), a merger. */
const ARTICLES = [
  article("geneva-1", "Wire Press", seed0, 6),
  article("geneva-2", "Daily Courier", seed1, 7),
  article("geneva-3", "Metro Times", seed2, 8),
  article("geneva-4", "Northern Star", seed3, 9),
  article("geneva-5", "Bay Tribune", seed4, 10),
  article("harbor-coastal", "Coastal Times", coastal, 9),
  article("harbor-gazette", "Harbor Gazette", gazette, 10),
  article("harbor-northline", "Northline", northline, 11),
  article("harbor-portwatch", "Portwatch", portwatch, 12),
  article("dairy-farmweek", "Farm Week", farmweek, 8),
  article("dairy-ledger", "The Ledger", ledger, 9),
  article("dairy-tribune", "Tribune", tribune, 10),
];

const post = (path: string, body: unknown, token?: string) =>
  exports.default.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

describe("articles pushed to /articles become a digest of their stories", () => {
  it("refuses writes without the ingest token and stores nothing", async () => {
    const anonymous = await post("/articles", { articles: ARTICLES.slice(0, 2) });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    const wrong = await post("/articles", { articles: ARTICLES.slice(0, 2) }, "not-the-token");
    expect(wrong.status).toBe(401);
    expect((await post("/digests", {})).status).toBe(401);
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM articles").first<{ n: number }>();
    expect(count?.n).toBe(0);
  });

  it("stores each article once, by id and by text", async () => {
    const first = await post("/articles", { articles: ARTICLES }, "test-token");
    expect(first.status).toBe(201);
    expect(((await first.json()) as { stored: string[] }).stored).toHaveLength(ARTICLES.length);
    const again = await post("/articles", { articles: ARTICLES.slice(0, 3) }, "test-token");
    expect(await again.json()).toEqual({ stored: [], duplicates: ["geneva-1", "geneva-2", "geneva-3"] });
  });

  it("builds exactly three stories with the right members, the wire pair marked and valid citations", async () => {
    const res = await post("/digests", {}, "test-token");
    expect(res.status).toBe(201);
    const digest = (await res.json()) as Digest;
    const members = digest.stories.map((s) => s.articles.map((a) => a.id).sort());
    expect(members.sort((a, b) => a[0]!.localeCompare(b[0]!))).toEqual([
      ["dairy-farmweek", "dairy-ledger", "dairy-tribune"],
      ["geneva-1", "geneva-2", "geneva-3", "geneva-4", "geneva-5"],
      ["harbor-coastal", "harbor-gazette", "harbor-northline", "harbor-portwatch"],
    ]);
    const harbor = digest.stories.find((s) => s.articles.some((a) => a.id === "harbor-portwatch"))!;
    const marked = harbor.articles.filter((a) => a.duplicateOf);
    expect(marked.map((a) => [a.id, a.duplicateOf])).toEqual([["harbor-portwatch", "harbor-northline"]]);

    const texts = new Map(ARTICLES.map((a) => [a.id, a.text]));
    for (const story of digest.stories) {
      expect(story.summary.length).toBeGreaterThan(0);
      for (const sentence of story.summary) {
        expect(sentence.citations.length).toBeGreaterThan(0);
        for (const c of sentence.citations) expect(texts.get(c.articleId)!.slice(c.start, c.end)).toBe(c.quote);
      }
    }
  });

  it("answers the same digest unchanged when nothing new arrived, and serves it as JSON and a page", async () => {
    const latest = (await (await exports.default.fetch(`${BASE}/digests/latest`)).json()) as Digest;
    const again = await post("/digests", {}, "test-token");
    expect(again.status).toBe(200);
    expect(((await again.json()) as Digest).id).toBe(latest.id);
    const list = (await (await exports.default.fetch(`${BASE}/digests`)).json()) as { digests: { id: string }[] };
    expect(list.digests.map((d) => d.id)).toEqual([latest.id]);

    const page = await exports.default.fetch(`${BASE}/digests/${latest.id}.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'none'|default-src 'none'/);
    const html = await page.text();
    expect(html).not.toMatch(/<script/i);
    // The longest run of letters and spaces in each title: the page escapes markup, never plain words.
    for (const story of latest.stories) {
      const words = (story.title.match(/[A-Za-z0-9 ]+/g) ?? []).sort((a, b) => b.length - a.length)[0]!;
      expect(html).toContain(words.trim());
    }
  });
});
