import { describe, expect, it } from "vitest";
import { extractMainText } from "../../../src/digest/extract.js";
import { FeedError, parseFeed } from "../../../src/digest/feeds.js";
import { ingestFeeds } from "../../../src/digest/ingest.js";
import cluttered from "../../fixtures/pages/cluttered-article.html?raw";

const FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>The Coastal Times</title>
<item><title>Kestrel Bay terminal fire</title><link>https://coastal.example/news/fire</link>
<pubDate>Tue, 03 Mar 2026 07:42:00 GMT</pubDate><description>A fire destroyed three warehouses.</description></item>
</channel></rss>`;

describe("ingestion inside workerd", () => {
  it("extracts the article from a cluttered page with linkedom and Readability", () => {
    const page = extractMainText(cluttered, "https://coastal.example/news/fire");
    expect(page).not.toBeNull();
    expect(page!.text).toContain("destroyed three warehouses and injured four firefighters");
    expect(page!.text).toContain("emergency accommodation costs from the council until Friday");
    expect(page!.text).not.toMatch(/cookies|Most read|Subscribe to the newsletter|Post comment|ADVERTISEMENT/);
    expect(page!.text).not.toMatch(/rights reserved|Leave a comment|Celebrity chef/);
    expect(page!.publishedAt).toBe("2026-03-03T07:42:00.000Z");
  });

  it("parses a feed with fast-xml-parser", () => {
    const feed = parseFeed(FEED, "https://coastal.example/feed.xml");
    expect(feed.items.map((i) => i.url)).toEqual(["https://coastal.example/news/fire"]);
  });

  it("refuses a billion-laughs feed at once with a FeedError", () => {
    const entities = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? "" : i - 1};`.repeat(10)}">`);
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [${entities.join("")}]>
<rss><channel><title>&lol9;</title></channel></rss>`;
    // workerd freezes timers during synchronous code, so Date.now() cannot time it; a hang would time the test out.
    expect(() => parseFeed(bomb, "https://a.example/feed.xml")).toThrow(FeedError);
  });

  it("ingests a feed and its page through the Worker's own Response and streams", async () => {
    const fetchStub = (async (input: string | URL | Request) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.endsWith("/feed.xml")) return new Response(FEED, { headers: { "content-type": "application/rss+xml" } });
      return new Response(cluttered, { headers: { "content-type": "text/html; charset=utf-8" } });
    }) as typeof fetch;
    const r = await ingestFeeds(["https://coastal.example/feed.xml"], { allowPrivate: false, fetch: fetchStub });
    expect(r.problems).toEqual([]);
    expect(r.articles).toHaveLength(1);
    expect(r.articles[0]).toMatchObject({ url: "https://coastal.example/news/fire", source: "The Coastal Times" });
    expect(r.articles[0]!.text).toContain("lithium batteries awaiting shipment");
  });
});
