import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { InvalidRequestError } from "../../../src/errors.js";
import { articlesSeenBetween, knownUrls, storeArticles } from "../../../src/store/articles.js";
import { listDigests, saveDigest, getDigest, latestDigest } from "../../../src/store/digests.js";
import type { Digest } from "../../../src/digest/types.js";

beforeAll(async () => {
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

const T1 = "2026-03-03T10:00:00.000Z";
const T2 = "2026-03-03T11:00:00.000Z";

describe("the article store on local D1", () => {
  it("stores an article once, knowing it again by its URL and by its text", async () => {
    const first = await storeArticles(
      env.DB,
      [{ url: "https://a.example/1", source: "A", text: "The harbor fire burned for six hours." }],
      T1,
    );
    expect(first.stored).toHaveLength(1);
    expect(first.stored[0]).toMatch(/^art-[0-9a-f]{16}$/);
    const again = await storeArticles(
      env.DB,
      [
        { url: "https://a.example/1", text: "A different text under the same URL." },
        { url: "https://b.example/copy", text: "The harbor  fire burned\nfor six hours." },
      ],
      T2,
    );
    expect(again).toEqual({ stored: [], duplicates: [first.stored[0], first.stored[0]] });
  });

  it("knows a redirected page by the URL its feed listed as well as by where it landed", async () => {
    const text = "The county opened a second cooling centre on Tuesday as the heat wave entered its fifth day.";
    await storeArticles(
      env.DB,
      [{ url: "https://news.example/heat", listedUrl: "https://feeds.example/r/123", text }],
      "2026-03-01T10:00:00.000Z",
    );
    const asked = ["https://feeds.example/r/123", "https://news.example/heat", "https://news.example/other"];
    expect([...(await knownUrls(env.DB, asked))].sort()).toEqual(asked.slice(0, 2).sort());
  });

  it("reports a repeat within one call as a duplicate of the first", async () => {
    const r = await storeArticles(
      env.DB,
      [
        { id: "x1", text: "A dairy cooperative agreed to merge." },
        { id: "x2", text: "A dairy cooperative agreed to merge." },
      ],
      T1,
    );
    expect(r).toEqual({ stored: ["x1"], duplicates: ["x1"] });
  });

  it("refuses an id taken by a different article and stores nothing of that call", async () => {
    await storeArticles(env.DB, [{ id: "taken", text: "First text." }], T1);
    const call = storeArticles(
      env.DB,
      [
        { id: "fresh", text: "Would be new." },
        { id: "taken", text: "Second, different text." },
      ],
      T1,
    );
    await expect(call).rejects.toBeInstanceOf(InvalidRequestError);
    const seen = await articlesSeenBetween(env.DB, "1970-01-01T00:00:00.000Z", "2100-01-01T00:00:00.000Z", 100);
    expect(seen.map((a) => a.id)).not.toContain("fresh");
  });

  it("lists the window's articles by the time they were first seen", async () => {
    await storeArticles(env.DB, [{ id: "early", text: "Early story text." }], "2026-01-01T00:00:00.000Z");
    await storeArticles(env.DB, [{ id: "late", text: "Late story text." }], "2026-01-02T00:00:00.000Z");
    const window = await articlesSeenBetween(env.DB, "2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z", 10);
    expect(window.map((a) => a.id)).toEqual(["late"]);
  });
});

const digest = (id: string, createdAt: string, stories: number): Digest => ({
  id,
  createdAt,
  window: { from: "1970-01-01T00:00:00.000Z", to: createdAt },
  stories: Array.from({ length: stories }, (_, i) => ({
    id: `s${i}`,
    title: `Story ${i}`,
    articles: [{ id: `a${i}` }],
    summary: [{ text: "A sentence.", citations: [{ articleId: `a${i}`, quote: "A sentence.", start: 0, end: 11 }] }],
    conflicts: [],
    dropped: [],
    backend: "extractive" as const,
  })),
});

describe("the digest store on local D1", () => {
  it("writes a digest with its stories once and reads it back whole", async () => {
    const d = digest("d-one", "2026-03-04T06:00:00.000Z", 3);
    expect(await saveDigest(env.DB, d)).toBe(true);
    expect(await saveDigest(env.DB, d)).toBe(false);
    expect(await getDigest(env.DB, "d-one")).toEqual(d);
  });

  it("lists digests newest first and pages back with before", async () => {
    await saveDigest(env.DB, digest("d-a", "2026-03-05T06:00:00.000Z", 1));
    await saveDigest(env.DB, digest("d-b", "2026-03-06T06:00:00.000Z", 2));
    const all = await listDigests(env.DB, { limit: 10 });
    expect(all.slice(0, 2).map((d) => [d.id, d.stories])).toEqual([
      ["d-b", 2],
      ["d-a", 1],
    ]);
    const older = await listDigests(env.DB, { limit: 10, before: "2026-03-06T06:00:00.000Z" });
    expect(older[0]?.id).toBe("d-a");
    expect((await latestDigest(env.DB))?.id).toBe("d-b");
  });
});
