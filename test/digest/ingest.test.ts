import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasSentence, ingestFeeds } from "../../src/digest/ingest.js";
import { FEED_ARTICLES, startFeedServer, type FeedServer } from "../stub/feed-server.js";

const cluttered = readFileSync(new URL("../fixtures/pages/cluttered-article.html", import.meta.url), "utf8");
const LONG = "The harbor authority said on Tuesday that the terminal would reopen within a week after the fire. ";

const rss = (title: string | null, items: { link: string; title?: string; description?: string; source?: string }[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel>${title === null ? "" : `<title>${title}</title>`}
${items
  .map(
    (i) => `<item>${i.title ? `<title>${i.title}</title>` : ""}<link>${i.link}</link>
<pubDate>Tue, 03 Mar 2026 08:00:00 GMT</pubDate>${i.description ? `<description>${i.description}</description>` : ""}
${i.source ? `<source url="https://wire.example/">${i.source}</source>` : ""}</item>`,
  )
  .join("\n")}</channel></rss>`;

type Route = () => Response | Promise<Response>;
const xml =
  (body: string): Route =>
  () =>
    new Response(body, { headers: { "content-type": "application/rss+xml" } });
const page =
  (body: string): Route =>
  () =>
    new Response(body, { headers: { "content-type": "text/html" } });
const moved =
  (location: string, status = 302): Route =>
  () =>
    new Response(null, { status, headers: { location } });
const CLUTTER = /cookies|Subscribe to the newsletter|Most read|Post comment|ADVERTISEMENT|All rights reserved/;

function site(routes: Record<string, Route>) {
  const requested: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fn = (async (input: string | URL | Request) => {
    const url = String(input);
    requested.push(url);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await new Promise((ok) => setTimeout(ok, 5));
      const route = routes[url];
      return route ? await route() : new Response("not found", { status: 404 });
    } finally {
      inFlight--;
    }
  }) as typeof fetch;
  return { fn, requested, maxInFlight: () => maxInFlight };
}

describe("ingestFeeds", () => {
  it("turns new feed items into articles: page text, final URL, outlet, title and time", async () => {
    const { fn } = site({
      "https://coastal.example/feed.xml": xml(
        rss("The Coastal Times", [
          { link: "/news/fire", title: "Kestrel Bay terminal fire" },
          { link: "https://coastal.example/wire/fire", title: "Wire: terminal fire", source: "Wire Press" },
        ]),
      ),
      "https://coastal.example/news/fire": moved("/news/2026/fire", 301),
      "https://coastal.example/news/2026/fire": page(cluttered),
      "https://coastal.example/wire/fire": page(cluttered),
    });
    const r = await ingestFeeds(["https://coastal.example/feed.xml"], { allowPrivate: false, fetch: fn });
    expect(r.problems).toEqual([]);
    expect(r.articles.map(({ text, ...rest }) => rest)).toEqual([
      {
        url: "https://coastal.example/news/2026/fire",
        listedUrl: "https://coastal.example/news/fire",
        source: "The Coastal Times",
        title: "Kestrel Bay terminal fire",
        publishedAt: "2026-03-03T08:00:00.000Z",
      },
      {
        url: "https://coastal.example/wire/fire",
        source: "Wire Press",
        title: "Wire: terminal fire",
        publishedAt: "2026-03-03T08:00:00.000Z",
      },
    ]);
    expect(r.articles[0]!.text).toMatch(/^A fire that started in a storage warehouse/);
    expect(r.articles[0]!.text).not.toMatch(/cookies|Most read|Post comment/);
    expect(r.articles[0]).not.toHaveProperty("id");
  });

  it("does not fetch the pages of items the store already knows", async () => {
    const { fn, requested } = site({
      "https://a.example/feed.xml": xml(rss("A", [{ link: "https://a.example/1" }, { link: "https://a.example/2" }])),
      "https://a.example/1": page(cluttered),
      "https://a.example/2": page(cluttered),
    });
    const asked: string[][] = [];
    const isKnown = async (urls: string[]) => {
      asked.push(urls);
      return new Set(["https://a.example/1"]);
    };
    const r = await ingestFeeds(["https://a.example/feed.xml"], { allowPrivate: false, fetch: fn, isKnown });
    expect(asked).toEqual([["https://a.example/1", "https://a.example/2"]]);
    expect(requested).toEqual(["https://a.example/feed.xml", "https://a.example/2"]);
    expect(r.articles.map((a) => a.url)).toEqual(["https://a.example/2"]);
  });

  it("falls back to the feed's own text when the page fails or is too thin, and says so in the log", async () => {
    const { fn } = site({
      "https://a.example/feed.xml": xml(
        rss("A", [
          { link: "https://a.example/missing", description: LONG },
          { link: "https://a.example/report.pdf", description: LONG },
          { link: "https://a.example/thin", description: LONG },
          { link: "https://a.example/to-lan", description: LONG },
        ]),
      ),
      "https://a.example/report.pdf": () => new Response("%PDF", { headers: { "content-type": "application/pdf" } }),
      "https://a.example/thin": page("<html><body><article><p>Short teaser.</p></article></body></html>"),
      "https://a.example/to-lan": moved("http://192.168.1.1/"),
    });
    const log: string[] = [];
    const options = { allowPrivate: false, fetch: fn, log: (m: string) => void log.push(m) };
    const r = await ingestFeeds(["https://a.example/feed.xml"], options);
    expect(r.problems).toEqual([]);
    expect(r.articles.map((a) => [a.url, a.text])).toEqual([
      ["https://a.example/missing", LONG.trim()],
      ["https://a.example/report.pdf", LONG.trim()],
      ["https://a.example/thin", LONG.trim()],
      ["https://a.example/to-lan", LONG.trim()],
    ]);
    expect(log).toEqual(
      expect.arrayContaining([
        "page https://a.example/missing: HTTP 404; using the feed's text",
        "page https://a.example/report.pdf: not HTML (application/pdf); using the feed's text",
        expect.stringMatching(/^page https:\/\/a\.example\/thin: page text too short \(\d+ characters\); using/),
        "page https://a.example/to-lan: redirect to a private address refused; using the feed's text",
      ]),
    );
  });

  it("reports an item as a problem when neither the page nor the feed has usable text", async () => {
    const { fn } = site({
      "https://a.example/feed.xml": xml(
        rss("A", [{ link: "https://a.example/none" }, { link: "https://a.example/teaser", description: "Read more" }]),
      ),
    });
    const r = await ingestFeeds(["https://a.example/feed.xml"], { allowPrivate: false, fetch: fn });
    expect(r.articles).toEqual([]);
    expect(r.problems).toEqual(
      expect.arrayContaining([
        { url: "https://a.example/none", reason: "HTTP 404, and the feed has no usable text" },
        { url: "https://a.example/teaser", reason: "HTTP 404, and the feed has no usable text" },
      ]),
    );
  });

  it("skips failing feeds with a reason each and still ingests the good one", async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<rss><channel><title>&b;</title></channel></rss>`;
    const { fn } = site({
      "https://good.example/feed.xml": xml(rss("Good", [{ link: "https://good.example/1" }])),
      "https://good.example/1": page(cluttered),
      "https://bomb.example/feed.xml": xml(bomb),
      "https://broken.example/feed.xml": xml("<rss><channel><item><title>oops</channel></rss>"),
      "https://html.example/feed.xml": page("<html><body>Moved</body></html>"),
      "https://down.example/feed.xml": () => new Response("busy", { status: 503 }),
      "https://hang.example/feed.xml": () => new Promise<Response>(() => {}),
    });
    const feeds = [
      "https://bomb.example/feed.xml",
      "https://broken.example/feed.xml",
      "https://good.example/feed.xml",
      "https://html.example/feed.xml",
      "https://down.example/feed.xml",
      "http://127.0.0.1:8080/feed.xml",
      "https://hang.example/feed.xml",
      "ftp://old.example/feed.xml",
    ];
    const r = await ingestFeeds(feeds, { allowPrivate: false, fetch: fn, timeoutMs: 200 });
    expect(r.articles.map((a) => a.url)).toEqual(["https://good.example/1"]);
    const reasons = Object.fromEntries(r.problems.map((p) => [p.url, p.reason]));
    expect(reasons).toEqual({
      "https://bomb.example/feed.xml": expect.stringMatching(/^feed: DOCTYPE with an internal subset refused/),
      "https://broken.example/feed.xml": expect.stringMatching(/^feed: malformed XML/),
      "https://html.example/feed.xml": "feed: not a feed (text/html)",
      "https://down.example/feed.xml": "feed: HTTP 503",
      "http://127.0.0.1:8080/feed.xml": "feed: loopback address refused (127.0.0.1)",
      "https://hang.example/feed.xml": "feed: timed out after 200 ms",
      "ftp://old.example/feed.xml": "feed: only http and https URLs are fetched (got ftp:)",
    });
  });

  it("fetches at most `concurrency` pages at once", async () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ link: `https://a.example/${i}` }));
    const routes: Record<string, Route> = { "https://a.example/feed.xml": xml(rss("A", items)) };
    for (const i of items) routes[i.link] = page(cluttered);
    const { fn, maxInFlight } = site(routes);
    const r = await ingestFeeds(["https://a.example/feed.xml"], { allowPrivate: false, fetch: fn, concurrency: 3 });
    expect(r.articles).toHaveLength(12);
    expect(maxInFlight()).toBe(3);
  });

  it("names the outlet by the feed's host when the feed has no title; a URL in two feeds is fetched once", async () => {
    const { fn, requested } = site({
      "https://news.example/a.xml": xml(rss(null, [{ link: "https://news.example/story" }])),
      "https://news.example/b.xml": xml(rss("B", [{ link: "https://news.example/story" }])),
      "https://news.example/story": page(cluttered),
    });
    const feeds = ["https://news.example/a.xml", "https://news.example/b.xml"];
    const r = await ingestFeeds(feeds, { allowPrivate: false, fetch: fn });
    expect(r.articles.map((a) => a.source)).toEqual(["news.example"]);
    expect(requested.filter((u) => u.endsWith("/story"))).toHaveLength(1);
  });

  it("fetches at most maxPages pages in one run, leaving the rest for the next", async () => {
    const items = Array.from({ length: 5 }, (_, i) => ({ link: `https://a.example/${i}` }));
    const routes: Record<string, Route> = { "https://a.example/feed.xml": xml(rss("A", items)) };
    for (const i of items) routes[i.link] = page(cluttered);
    const { fn } = site(routes);
    const r = await ingestFeeds(["https://a.example/feed.xml"], { allowPrivate: false, fetch: fn, maxPages: 2 });
    expect(r.articles.map((a) => a.url)).toEqual(["https://a.example/0", "https://a.example/1"]);
  });
});

describe("ingestFeeds against the loopback news site (real sockets, ALLOW_PRIVATE_FEEDS)", () => {
  let server: FeedServer;
  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(() => server.close());

  it("stores each page's article text without the site's clutter", async () => {
    const r = await ingestFeeds([server.url], { allowPrivate: true });
    expect(r.problems).toEqual([]);
    expect(r.articles).toHaveLength(FEED_ARTICLES.length);
    // The site's own copyright footers and "Comments are closed" lines are furniture too; every other line stays.
    const boilerplate = /^(©.*|Copyright \d{4} .*All rights reserved\..*|Comments are closed\.)$/;
    const lines = (s: string) =>
      s
        .split("\n")
        .map((l) => l.replace(/\s+/g, " ").trim())
        .filter(Boolean);
    for (const a of FEED_ARTICLES) {
      const got = r.articles.find((x) => x.url?.endsWith(`/news/${a.id}.html`));
      expect(got?.source).toBe(a.source);
      expect(lines(got!.text)).toEqual(lines(a.text).filter((l) => !boilerplate.test(l)));
      expect(got!.text).not.toMatch(CLUTTER);
    }
  });

  it("refuses the same site when private feeds are not allowed", async () => {
    const r = await ingestFeeds([server.url], { allowPrivate: false });
    expect(r.articles).toEqual([]);
    expect(r.problems).toEqual([{ url: server.url, reason: "feed: loopback address refused (127.0.0.1)" }]);
  });
});

describe("hasSentence", () => {
  it.each([
    ["Fire crews were called to the pier on Tuesday.", true],
    ["A short one. Then the port said it would reopen.", true],
    ["“Nobody was hurt,” the chief said!", true],
    ["Read more", false],
    ["Read more…", false],
    ["Photos: the fire", false],
    ["", false],
  ])("says %j has a sentence: %s", (text, expected) => {
    expect(hasSentence(text)).toBe(expected);
  });

  it("answers in linear time on long text without a terminator", () => {
    const started = performance.now();
    expect(hasSentence("word ".repeat(200_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
