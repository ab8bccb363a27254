import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { handleStoryMessage, runDigest, type StoryQueue } from "../../../src/digest/job.js";
import type { Digest, GroupableArticle, StoryGroup, StoryMessage } from "../../../src/digest/types.js";
import { LlmTimeoutError } from "../../../src/errors.js";
import { d1DigestStore } from "../../../src/store/d1-digest-store.js";
import type { LlmBackend } from "../../../src/summarize.js";
import coastal from "../../../evals/data/harbor-fire/coastal.txt?raw";
import gazette from "../../../evals/data/harbor-fire/gazette.txt?raw";
import northline from "../../../evals/data/harbor-fire/northline.txt?raw";
import farmweek from "../../../evals/data/dairy-merger/farmweek.txt?raw";
import ledger from "../../../evals/data/dairy-merger/ledger.txt?raw";
import tribune from "../../../evals/data/dairy-merger/tribune.txt?raw";

beforeAll(async () => {
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

const harbor = [
  { id: "fire-coastal", source: "Coastal", url: "https://coastal.example/fire", text: coastal },
  { id: "fire-gazette", source: "Gazette", url: "https://gazette.example/fire", text: gazette },
  { id: "fire-northline", source: "Northline", url: "https://northline.example/fire", text: northline },
];
const dairy = [
  { id: "dairy-farmweek", source: "Farmweek", url: "https://farmweek.example/merger", text: farmweek },
  { id: "dairy-ledger", source: "Ledger", url: "https://ledger.example/merger", text: ledger },
  { id: "dairy-tribune", source: "Tribune", url: "https://tribune.example/merger", text: tribune },
];

/**
 * Grouping is tested on its own (test/digest/cluster.test.ts); here the job is, so stories are told by the
 * id's prefix.
 */
const byPrefix = (articles: GroupableArticle[]): StoryGroup[] => {
  const groups = new Map<string, string[]>();
  for (const a of articles) {
    const key = a.id.split("-")[0]!;
    groups.set(key, [...(groups.get(key) ?? []), a.id]);
  }
  return [...groups.entries()].map(([key, ids]) => ({ articleIds: ids, title: `The ${key} story`, duplicateOf: {} }));
};

/** An LLM that cites the first units it is shown, or fails as configured. */
const llm = (fail?: Error): LlmBackend => ({
  model: "fake-model",
  async summarize(analysis) {
    if (fail) throw fail;
    return {
      sentences: analysis.units.slice(0, 2).map((u) => ({ text: u.text, evidence: [u.id] })),
      model: "fake-model",
      promptChars: 100,
    };
  },
});

function expectCitationsValid(digest: Digest, texts: Map<string, string>) {
  let n = 0;
  for (const story of digest.stories) {
    expect(story.summary.length).toBeGreaterThan(0);
    for (const s of story.summary) {
      for (const c of s.citations) {
        expect(texts.get(c.articleId)!.slice(c.start, c.end)).toBe(c.quote);
        n++;
      }
    }
  }
  expect(n).toBeGreaterThan(0);
}

let clock = Date.parse("2026-03-03T12:00:00.000Z");
const now = () => new Date((clock += 60_000));

describe("the digest job on local D1", () => {
  it("stores the window's articles as stories, runs again without duplicates, and takes only what is new", async () => {
    const store = d1DigestStore(env.DB);
    await store.ingest(harbor, now().toISOString());
    const first = await runDigest({ store, group: byPrefix, now });
    expect(first.kind).toBe("created");
    const digest = (first as { digest: Digest }).digest;
    expect(digest.stories.map((s) => s.articles.map((a) => a.id).sort())).toEqual([harbor.map((a) => a.id).sort()]);
    expect(digest.stories[0]!.backend).toBe("extractive");
    expectCitationsValid(digest, new Map(harbor.map((a) => [a.id, a.text])));
    expect(await store.get(digest.id)).toEqual(digest);

    const again = await runDigest({ store, group: byPrefix, now });
    expect(again).toEqual({ kind: "unchanged", digest });
    expect(await store.list({ limit: 10 })).toHaveLength(1);

    await store.ingest([...harbor, ...dairy], now().toISOString());
    const next = await runDigest({ store, group: byPrefix, now });
    expect(next.kind).toBe("created");
    const second = (next as { digest: Digest }).digest;
    expect(second.window.from).toBe(digest.window.to);
    expect(second.stories.flatMap((s) => s.articles.map((a) => a.id)).sort()).toEqual(dairy.map((a) => a.id).sort());
  });

  it("falls back to extractive for a story whose LLM call fails, says so, and retries it next run", async () => {
    const store = d1DigestStore(env.DB);
    const extra = [{ id: "fallback-1", text: `${coastal}\n\nThe terminal reopened to trucks on Friday.` }];
    await store.ingest(extra, now().toISOString());
    const failed = await runDigest({
      store,
      group: byPrefix,
      now,
      llm: llm(new LlmTimeoutError("the LLM did not answer within 3000 ms")),
    });
    const story = (failed as { digest: Digest }).digest.stories[0]!;
    expect(story.backend).toBe("extractive");
    expect(story.error).toMatch(/did not answer/);
    expect(story.summary.length).toBeGreaterThan(0);

    // Nothing new: no run, so no digest repeating the failed story.
    expect((await runDigest({ store, group: byPrefix, now, llm: llm() })).kind).toBe("unchanged");
    await store.ingest([{ id: "later-1", text: `${tribune}\n\nShareholders vote next month.` }], now().toISOString());
    const retried = await runDigest({ store, group: byPrefix, now, llm: llm() });
    expect(retried.kind).toBe("created");
    const again = (retried as { digest: Digest }).digest.stories;
    const summary = again.map((s) => [s.articles.map((a) => a.id), s.backend, s.error]);
    expect(summary).toContainEqual([["fallback-1"], "llm", undefined]);
    expect(summary).toContainEqual([["later-1"], "llm", undefined]);
  });

  it("fans stories out as queue messages and stores the digest once the last story is done", async () => {
    const store = d1DigestStore(env.DB);
    const ids = ["q1-a", "q1-b", "q2-a"];
    await store.ingest(
      [
        { id: ids[0], text: `${gazette}\n\nQueue copy one.` },
        { id: ids[1], text: `${northline}\n\nQueue copy two.` },
        { id: ids[2], text: `${ledger}\n\nQueue copy three.` },
      ],
      now().toISOString(),
    );
    const sent: StoryMessage[] = [];
    const queue: StoryQueue = { sendBatch: async (batch) => void sent.push(...batch.map((m) => m.body)) };
    const run = await runDigest({ store, group: byPrefix, now, queue });
    expect(run.kind).toBe("queued");
    expect(sent).toHaveLength(2);
    expect(await store.latest()).not.toBeNull();
    const before = (await store.list({ limit: 50 })).length;

    expect(await handleStoryMessage(sent[0]!, { store, now })).toBeNull();
    const digest = await handleStoryMessage(sent[1]!, { store, now });
    expect(digest?.stories).toHaveLength(2);
    // A message delivered twice (queues are at-least-once) changes nothing.
    expect(await handleStoryMessage(sent[1]!, { store, now })).toBeNull();
    expect((await store.list({ limit: 50 })).length).toBe(before + 1);
    expect((await store.latest())?.id).toBe(digest!.id);
    // The next run does not take the queued window's articles again.
    expect((await runDigest({ store, group: byPrefix, now })).kind).toBe("unchanged");
  });
  it("takes every article a feed run stored, even when the clock has not moved since storing them", async () => {
    const store = d1DigestStore(env.DB);
    const at = now();
    const frozen = () => new Date(at);
    const feed = ["North", "South", "East"].map((side, i) => ({
      id: `flood-${i}`,
      url: `https://river.example/flood-${i}`,
      text: `The ${side} levee held overnight as the river crested at ${4 + i} metres, engineers said on Sunday.`,
    }));
    const run = await runDigest({ store, group: byPrefix, now: frozen, ingestFeeds: async () => feed });
    expect(run.kind).toBe("created");
    const ids = (run as { digest: Digest }).digest.stories.flatMap((s) => s.articles.map((a) => a.id));
    expect(ids.sort()).toEqual(feed.map((a) => a.id));
  });
});
