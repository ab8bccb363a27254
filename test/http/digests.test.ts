import { beforeEach, describe, expect, it } from "vitest";
import type { Digest, DigestListItem, DigestService, IncomingArticle } from "../../src/digest/types.js";
import { createApp } from "../../src/http/app.js";

/**
 * The digest in memory: articles known by URL and by text, one digest per run over what arrived since the
 * last one. Enough of `DigestService`'s promises to drive the routes; D1 and grouping are tested elsewhere.
 */
function memoryDigests() {
  const articles: (IncomingArticle & { id: string; seenAt: number })[] = [];
  const digests: Digest[] = [];
  let clock = Date.parse("2026-03-03T10:00:00.000Z");
  const tick = () => new Date((clock += 60_000)).toISOString();
  const calls: string[] = [];
  const service: DigestService = {
    async ingest(list) {
      calls.push("ingest");
      const seenAt = Date.parse(tick());
      const result = { stored: [] as string[], duplicates: [] as string[] };
      for (const a of list) {
        const known = articles.find((k) => (a.url !== undefined && k.url === a.url) || k.text === a.text);
        if (known) result.duplicates.push(known.id);
        else {
          const id = a.id ?? `art-${articles.length + 1}`;
          articles.push({ ...a, id, seenAt });
          result.stored.push(id);
        }
      }
      return result;
    },
    async run() {
      calls.push("run");
      const last = digests.at(-1);
      const since = last ? Date.parse(last.window.to) : -Infinity;
      const fresh = articles.filter((a) => a.seenAt > since);
      if (fresh.length === 0) return { digest: last ?? null, created: false };
      const createdAt = tick();
      const digest: Digest = {
        id: `dg-${digests.length + 1}`,
        createdAt,
        window: { from: new Date(fresh[0]!.seenAt).toISOString(), to: createdAt },
        stories: [
          {
            id: `st-${digests.length + 1}`,
            title: fresh[0]!.title ?? "A story",
            articles: fresh.map((a) => ({ id: a.id, ...(a.url ? { url: a.url } : {}) })),
            summary: [],
            conflicts: [],
            dropped: [],
            backend: "extractive",
          },
        ],
      };
      digests.push(digest);
      return { digest, created: true };
    },
    async list({ limit, before }) {
      calls.push(`list ${limit} ${before ?? "-"}`);
      return [...digests]
        .reverse()
        .filter((d) => before === undefined || d.createdAt < before)
        .slice(0, limit)
        .map((d): DigestListItem => ({ ...pick(d), stories: d.stories.length }));
    },
    async latest() {
      calls.push("latest");
      return digests.at(-1) ?? null;
    },
    async get(id) {
      calls.push(`get ${id}`);
      return digests.find((d) => d.id === id) ?? null;
    },
  };
  return { service, articles, calls };
}

const pick = ({ id, createdAt, window }: Digest) => ({ id, createdAt, window });

const TOKEN = "s3cret-token";
const env = { ENVIRONMENT: "test", INGEST_TOKEN: TOKEN };
const ARTICLE = {
  url: "https://news.example/a",
  source: "AP",
  title: "Talks",
  publishedAt: "2026-03-03T09:00:00Z",
  text: "Talks begin.",
};

let memory: ReturnType<typeof memoryDigests>;
let app: ReturnType<typeof createApp>;
beforeEach(() => {
  memory = memoryDigests();
  app = createApp({ digestsFor: () => memory.service });
});

const auth = (token = TOKEN) => ({ authorization: `Bearer ${token}` });
function post(path: string, body?: unknown, headers: Record<string, string> = auth(), e: object = env) {
  if (body === undefined) return app.request(path, { method: "POST", headers }, e);
  const json = { "content-type": "application/json", ...headers };
  return app.request(path, { method: "POST", headers: json, body: JSON.stringify(body) }, e);
}
const get = (path: string, e: object = env) => app.request(path, {}, e);

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: string; message: string; details?: { path: unknown[] }[] } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}

describe("POST /articles", () => {
  it("stores new articles with the token and reports the known ones as duplicates", async () => {
    const first = await post("/articles", { articles: [ARTICLE, { text: "Another story entirely." }] });
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ stored: ["art-1", "art-2"], duplicates: [] });
    const again = await post("/articles", { articles: [{ ...ARTICLE, text: "Talks begin, updated." }] });
    expect(await again.json()).toEqual({ stored: [], duplicates: ["art-1"] });
  });

  it("refuses a request without a token with 401 and a Bearer challenge, storing nothing", async () => {
    const res = await post("/articles", { articles: [ARTICLE] }, {});
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
    await expectError(res, 401, "unauthorized");
    expect(memory.articles).toHaveLength(0);
    expect(memory.calls).toEqual([]);
  });

  it("refuses a wrong token, a token with a prefix of the right one, and a non-Bearer scheme", async () => {
    const wrong = [auth("wrong"), auth(TOKEN.slice(0, -1)), auth(`${TOKEN}x`), { authorization: `Basic ${TOKEN}` }];
    for (const headers of wrong) {
      await expectError(await post("/articles", { articles: [ARTICLE] }, headers), 401, "unauthorized");
    }
    expect(memory.articles).toHaveLength(0);
  });

  it("lets local development write without a token, as the contract allows", async () => {
    const res = await post("/articles", { articles: [ARTICLE] }, {}, { ENVIRONMENT: "development" });
    expect(res.status).toBe(201);
  });

  it("refuses every write outside local development when INGEST_TOKEN is not set, and says so", async () => {
    for (const e of [{ ENVIRONMENT: "test" }, { ENVIRONMENT: "production", INGEST_TOKEN: "" }, {}]) {
      const res = await post("/articles", { articles: [ARTICLE] }, auth(), e);
      const error = await expectError(res, 401, "unauthorized");
      expect(error.message).toMatch(/INGEST_TOKEN is not set/);
      await expectError(await post("/digests", undefined, auth(), e), 401, "unauthorized");
    }
    expect(memory.calls).toEqual([]);
  });

  const bad: [string, unknown, string][] = [
    ["a non-http url", { articles: [{ ...ARTICLE, url: "ftp://news.example/a" }] }, "articles.0.url"],
    ["a javascript: url", { articles: [{ ...ARTICLE, url: "javascript:alert(1)" }] }, "articles.0.url"],
    ["51 articles", { articles: Array.from({ length: 51 }, (_, i) => ({ text: `Story ${i}.` })) }, "articles"],
    ["no articles", { articles: [] }, "articles"],
    ["an empty text", { articles: [{ ...ARTICLE, text: "" }] }, "articles.0.text"],
    ["a publishedAt that is no date", { articles: [{ ...ARTICLE, publishedAt: "today" }] }, "articles.0.publishedAt"],
    [
      "the same id twice",
      {
        articles: [
          { id: "x", text: "One." },
          { id: "x", text: "Two." },
        ],
      },
      "articles.1.id",
    ],
  ];
  for (const [what, body, path] of bad) {
    it(`answers ${what} with the 400 envelope naming ${path}, storing nothing`, async () => {
      const error = await expectError(await post("/articles", body), 400, "invalid_request");
      expect(error.details?.map((d) => d.path.join("."))).toContain(path);
      expect(memory.articles).toHaveLength(0);
    });
  }

  it("does not count ids it never assigned as clashes: an article without id next to one called a2", async () => {
    const res = await post("/articles", { articles: [{ id: "a2", text: "One." }, { text: "Two." }] });
    expect(res.status).toBe(201);
  });
});

describe("POST /digests", () => {
  it("answers 404 when there has never been a digest and nothing arrived", async () => {
    const error = await expectError(await post("/digests"), 404, "not_found");
    expect(error.message).toBe("no articles yet: POST /articles or set FEEDS");
  });

  it("builds a digest with 201, then answers 200 with the same digest while nothing new arrives", async () => {
    await post("/articles", { articles: [ARTICLE] });
    const created = await post("/digests");
    expect(created.status).toBe(201);
    const digest = (await created.json()) as Digest & { created: boolean };
    const members = [{ id: "art-1", url: ARTICLE.url }];
    expect(digest).toMatchObject({ id: "dg-1", created: true, stories: [{ articles: members }] });

    const unchanged = await post("/digests");
    expect(unchanged.status).toBe(200);
    expect(await unchanged.json()).toEqual({ ...digest, created: false });

    await post("/articles", { articles: [{ text: "Something new happened." }] });
    const next = await post("/digests", {});
    expect(next.status).toBe(201);
    expect(((await next.json()) as Digest).id).toBe("dg-2");
  });

  it("takes an empty body without a content type, but still refuses a body that is not JSON", async () => {
    await post("/articles", { articles: [ARTICLE] });
    const bare = await app.request("/digests", { method: "POST", headers: auth() }, env);
    expect(bare.status).toBe(201);
    const headers = { ...auth(), "content-type": "text/plain" };
    const res = await app.request("/digests", { method: "POST", headers, body: "go" }, env);
    await expectError(res, 400, "invalid_request");
  });

  it("refuses to run without the token", async () => {
    await post("/articles", { articles: [ARTICLE] });
    await expectError(await post("/digests", undefined, {}), 401, "unauthorized");
    expect(memory.calls).not.toContain("run");
  });
});

describe("reading digests", () => {
  async function threeDigests(): Promise<Digest[]> {
    const made: Digest[] = [];
    for (const text of ["First story.", "Second story.", "Third story."]) {
      await post("/articles", { articles: [{ text }] });
      const { created: _created, ...digest } = (await (await post("/digests")).json()) as Digest & { created: boolean };
      made.push(digest);
    }
    return made;
  }

  it("lists digests newest first with their story counts, 20 at most by default", async () => {
    const made = await threeDigests();
    const res = await get("/digests");
    expect(res.status).toBe(200);
    const { digests } = (await res.json()) as { digests: DigestListItem[] };
    expect(digests.map((d) => d.id)).toEqual(made.map((d) => d.id).reverse());
    expect(digests[0]).toEqual({ ...pick(made[2]!), stories: 1 });
    expect(memory.calls).toContain("list 20 -");
  });

  it("pages with limit and before", async () => {
    const made = await threeDigests();
    const res = await get(`/digests?limit=1&before=${made[2]!.createdAt}`);
    const page = (await res.json()) as { digests: { id: string }[] };
    expect(page.digests.map((d) => d.id)).toEqual([made[1]!.id]);
  });

  for (const query of ["limit=0", "limit=101", "limit=ten", "limit=2.5", "before=yesterday"]) {
    it(`answers ?${query} with the 400 envelope`, async () => {
      const error = await expectError(await get(`/digests?${query}`), 400, "invalid_request");
      expect(error.details?.[0]?.path).toEqual([query.split("=")[0]]);
    });
  }

  it("serves the latest digest and any digest by id, and 404 for what does not exist", async () => {
    await expectError(await get("/digests/latest"), 404, "not_found");
    const made = await threeDigests();
    expect(await (await get("/digests/latest")).json()).toEqual(made[2]);
    expect(await (await get(`/digests/${made[0]!.id}`)).json()).toEqual(made[0]);
    await expectError(await get("/digests/dg-404"), 404, "not_found");
    expect(memory.calls).toContain("get dg-404");
  });

  it("serves each digest as a script-free page under a policy that forbids scripts", async () => {
    const made = await threeDigests();
    for (const path of [`/digests/${made[0]!.id}.html`, "/digests/latest.html"]) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
      const html = await res.text();
      expect(html).toMatch(/^<!doctype html>/i);
      expect(html).not.toMatch(/<script/i);
    }
    expect(await (await get(`/digests/${made[0]!.id}.html`)).text()).toContain(made[0]!.id);
    expect(await (await get("/digests/latest.html")).text()).toContain(made[2]!.id);
  });

  it("shows a page that says how to get a digest before the first one, and 404 for an unknown page", async () => {
    const empty = await get("/digests/latest.html");
    expect(empty.status).toBe(200);
    expect(await empty.text()).toMatch(/POST \/articles|FEEDS/);
    await expectError(await get("/digests/dg-404.html"), 404, "not_found");
    expect(memory.calls).toContain("get dg-404");
  });
});

describe("without a D1 binding", () => {
  it("answers every digest route with 503 unavailable naming the DB binding", async () => {
    const jsonAuth = { ...auth(), "content-type": "application/json" };
    for (const bare of [createApp(), createApp({ digestsFor: () => undefined })]) {
      const requests = [
        bare.request("/articles", { method: "POST", headers: jsonAuth, body: JSON.stringify({ articles: [] }) }, env),
        bare.request("/digests", { method: "POST", headers: auth() }, env),
        bare.request("/digests", {}, env),
        bare.request("/digests/latest", {}, env),
        bare.request("/digests/dg-1", {}, env),
      ];
      for (const res of await Promise.all(requests)) {
        const error = await expectError(res, 503, "unavailable");
        expect(error.message).toMatch(/D1 binding "DB"/);
      }
    }
  });

  it("still asks for the token first, so an anonymous caller learns nothing about the setup", async () => {
    await expectError(await createApp().request("/digests", { method: "POST" }, env), 401, "unauthorized");
  });

  it("builds the service only for the routes that need it", async () => {
    let built = 0;
    const counting = createApp({
      digestsFor: () => {
        built++;
        return memory.service;
      },
    });
    await counting.request("/healthz", {}, env);
    expect(built).toBe(0);
    await counting.request("/digests", {}, env);
    expect(built).toBe(1);
  });
});
