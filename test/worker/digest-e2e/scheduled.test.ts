import {
  applyD1Migrations,
  createExecutionContext,
  createScheduledController,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../../src/index.js";
import type { Digest } from "../../../src/digest/types.js";

beforeAll(async () => {
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

const BASE = "http://wirebrief.test";
const feedBase = () => env.FEEDS.replace(/\/feed\.xml$/, "");

async function cron(): Promise<void> {
  const ctx = createExecutionContext();
  const bindings = env as unknown as Record<string, unknown>;
  await worker.scheduled(createScheduledController({ cron: "0 6 * * *", scheduledTime: Date.now() }), bindings, ctx);
  await waitOnExecutionContext(ctx);
}

/** Queue consumers summarize the stories a moment later: wait for the digest they store. */
async function digestAfter(count: number): Promise<Digest> {
  for (let i = 0; i < 100; i++) {
    const list = (await (await exports.default.fetch(`${BASE}/digests`)).json()) as { digests: { id: string }[] };
    if (list.digests.length >= count) {
      return (await (await exports.default.fetch(`${BASE}/digests/latest`)).json()) as Digest;
    }
    await new Promise((ok) => setTimeout(ok, 200));
  }
  throw new Error(`no digest number ${count} after 20 s`);
}

describe("the scheduled digest, end to end in workerd", () => {
  it("pulls the feed, stores clean articles and a digest of its three stories with valid citations", async () => {
    await cron();
    const digest = await digestAfter(1);

    const story = (url?: string) => /\/news\/(geneva|harbor|dairy)-/.exec(url ?? "")?.[1];
    const groups = digest.stories.map((s) => new Set(s.articles.map((a) => story(a.url))));
    expect(groups).toHaveLength(3);
    for (const g of groups) expect(g.size).toBe(1);
    const sizes = Object.fromEntries(digest.stories.map((s) => [story(s.articles[0]?.url), s.articles.length]));
    expect(sizes).toEqual({ geneva: 5, harbor: 4, dairy: 3 });

    const harbor = digest.stories.find((s) => story(s.articles[0]?.url) === "harbor")!;
    const copy = harbor.articles.find((a) => a.url?.includes("portwatch-copy"))!;
    expect(copy.duplicateOf).toBeDefined();
    expect(harbor.articles.find((a) => a.id === copy.duplicateOf)).toBeDefined();

    const rows = await env.DB.prepare("SELECT id, text FROM articles").all<{ id: string; text: string }>();
    expect(rows.results).toHaveLength(12);
    for (const r of rows.results) {
      expect(r.text).not.toMatch(
        /cookies|Subscribe to the newsletter|Most read|Post comment|ADVERTISEMENT|All rights reserved/,
      );
    }
    const texts = new Map(rows.results.map((r) => [r.id, r.text]));
    for (const s of digest.stories) {
      expect(s.summary.length).toBeGreaterThan(0);
      for (const sentence of s.summary) {
        expect(sentence.citations.length).toBeGreaterThan(0);
        for (const c of sentence.citations) expect(texts.get(c.articleId)!.slice(c.start, c.end)).toBe(c.quote);
      }
    }
  });

  it("runs again without fetching known pages or storing another digest", async () => {
    const before = ((await (await fetch(`${feedBase()}/__fetched`)).json()) as string[]).length;
    await cron();
    await new Promise((ok) => setTimeout(ok, 1_500));
    const after = (await (await fetch(`${feedBase()}/__fetched`)).json()) as string[];
    expect(after.slice(before)).toEqual(["/feed.xml"]);
    const list = (await (await exports.default.fetch(`${BASE}/digests`)).json()) as { digests: unknown[] };
    expect(list.digests).toHaveLength(1);
  });
});
