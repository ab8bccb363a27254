import { applyD1Migrations, createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import s0 from "../../seeds/000_8bd907fa7b7b92f9.txt?raw";
import s1 from "../../seeds/001_15217fb02ca2d11b.txt?raw";
import worker from "../../src/index.js";
import type { Digest } from "../../src/digest/types.js";

beforeAll(async () => {
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

const TOKEN = "worker-test-token";
const articles = [
  { url: "https://wire.example/geneva-1", source: "Wire", title: "Talks set", text: s0 },
  { url: "https://daily.example/geneva-2", source: "Daily", title: "Talks to open", text: s1 },
];

/** The worker's own fetch with INGEST_TOKEN added to its bindings (the workers project binds none). */
async function call(path: string, init: RequestInit = {}, token: string | undefined = TOKEN): Promise<Response> {
  const ctx = createExecutionContext();
  const bindings = { ...env, ...(token === undefined ? {} : { INGEST_TOKEN: token }) } as Record<string, unknown>;
  const res = await worker.fetch(new Request(`http://wirebrief.test${path}`, init), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}
const post = (path: string, body?: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
  call(path, {
    method: "POST",
    headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function articleCount(): Promise<number> {
  return (await env.DB.prepare("SELECT COUNT(*) AS n FROM articles").first<{ n: number }>())?.n ?? 0;
}

describe("the digest over HTTP, in workerd on the local D1", () => {
  it("refuses writes without the token, or with no token configured, and stores nothing", async () => {
    const anonymous = await post("/articles", { articles }, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await anonymous.json()).toMatchObject({ error: { code: "unauthorized" } });
    const headers = { authorization: "Bearer x", "content-type": "application/json" };
    const unset = await call("/articles", { method: "POST", body: JSON.stringify({ articles }), headers }, "");
    expect(unset.status).toBe(401);
    expect(((await unset.json()) as { error: { message: string } }).error.message).toMatch(/INGEST_TOKEN is not set/);
    expect(await articleCount()).toBe(0);
  });

  it("has no digest before any article arrives", async () => {
    expect(await (await call("/digests")).json()).toEqual({ digests: [] });
    expect((await call("/digests/latest")).status).toBe(404);
    const run = await post("/digests");
    expect(run.status).toBe(404);
    expect(await run.json()).toMatchObject({ error: { message: "no articles yet: POST /articles or set FEEDS" } });
  });

  it("stores pushed articles once, builds a digest citing the stored text, and reads it back", async () => {
    const pushed = await post("/articles", { articles });
    expect(pushed.status).toBe(201);
    const { stored } = (await pushed.json()) as { stored: string[] };
    expect(stored).toHaveLength(2);
    expect(await (await post("/articles", { articles })).json()).toEqual({ stored: [], duplicates: stored });

    const created = await post("/digests");
    expect(created.status).toBe(201);
    const digest = (await created.json()) as Digest & { created: boolean };
    expect(digest.created).toBe(true);
    const members = digest.stories.flatMap((s) => s.articles.map((a) => a.id));
    expect(members.sort()).toEqual([...stored].sort());
    const rows = await env.DB.prepare("SELECT id, text FROM articles").all<{ id: string; text: string }>();
    const texts = new Map(rows.results.map((r) => [r.id, r.text]));
    for (const story of digest.stories) {
      for (const sentence of story.summary) {
        for (const c of sentence.citations) expect(texts.get(c.articleId)!.slice(c.start, c.end)).toBe(c.quote);
      }
    }

    const again = await post("/digests");
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ...digest, created: false });
    const { created: _created, ...storedDigest } = digest;
    expect(await (await call(`/digests/${digest.id}`)).json()).toEqual(storedDigest);
    expect(await (await call("/digests/latest")).json()).toEqual(storedDigest);
    const list = (await (await call("/digests?limit=5")).json()) as { digests: { id: string; stories: number }[] };
    expect(list.digests).toEqual([expect.objectContaining({ id: digest.id, stories: digest.stories.length })]);
  });

  it("serves the generated OpenAPI document and the docs page", async () => {
    const doc = (await (await call("/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/articles", "/digests", "/digests/{id}"]));
    const page = await call("/docs");
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  });
});
