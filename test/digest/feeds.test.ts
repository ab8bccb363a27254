import { describe, expect, it } from "vitest";
import { decodeXml, FeedError, parseFeed } from "../../src/digest/feeds.js";

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Coastal &amp; Harbor Times</title>
  <link>https://coastal.example/</link>
  <atom:link href="https://coastal.example/feed" rel="self" type="application/rss+xml"/>
  <item>
    <title>Fire at pier 9 &#8212; crews respond</title>
    <link>/news/fire?id=1&amp;src=rss</link>
    <pubDate>Tue, 03 Mar 2026 08:15:00 +0000</pubDate>
    <description>&lt;p&gt;A fire broke out at &lt;b&gt;pier 9&lt;/b&gt; on Tuesday.&lt;/p&gt;
      &lt;p&gt;No one was hurt.&amp;nbsp;Crews stayed.&lt;/p&gt;</description>
  </item>
  <item>
    <title><![CDATA[Dairy merger & milk prices]]></title>
    <guid isPermaLink="true">https://coastal.example/news/dairy</guid>
    <dc:date>2026-03-03T09:00:00Z</dc:date>
    <description><![CDATA[<p>Two dairies <a href="/x">merge</a>.</p>]]></description>
    <content:encoded><![CDATA[<p>Full text, first paragraph.</p><script>track()</script>
      <p>Second paragraph.</p>]]></content:encoded>
    <source url="https://wire.example/rss">Wire Press</source>
  </item>
  <item><title>No link, guid is not a permalink</title><guid isPermaLink="false">abc-123</guid></item>
  <item><title>Not fetchable</title><link>javascript:alert(1)</link></item>
  <item><title>Repeated</title><link>https://coastal.example/news/fire?id=1&amp;src=rss</link></item>
</channel>
</rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">The Ledger</title>
  <link href="https://ledger.example/"/>
  <entry>
    <title type="html">Court &lt;em&gt;rules&lt;/em&gt; on merger</title>
    <link rel="self" href="https://ledger.example/a.atom"/>
    <link rel="alternate" type="text/html" href="https://ledger.example/a"/>
    <id>urn:uuid:1</id>
    <updated>2026-03-03T10:00:00+01:00</updated>
    <summary>Short text.</summary>
    <content type="html">&lt;p&gt;The court ruled on Tuesday.&lt;/p&gt;&lt;p&gt;Appeals follow.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Second entry</title>
    <link href="b/c"/>
    <published>2026-03-02T10:00:00Z</published>
    <updated>2026-03-04T10:00:00Z</updated>
    <summary type="text">Plain &amp; simple.</summary>
  </entry>
</feed>`;

const RDF = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://slash.example/"><title>RDF News</title><link>https://slash.example/</link></channel>
  <item rdf:about="https://slash.example/1"><title>One</title><link>https://slash.example/1</link>
    <description>Desc one.</description><dc:date>2026-03-01T00:00:00Z</dc:date></item>
</rdf:RDF>`;

/** Billion laughs: ten levels of ten references, 10^9 "lol"s (3 GB) if anything expanded it. */
function billionLaughs(): string {
  const entities = ['<!ENTITY lol "lol">'];
  for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? "" : i - 1};`.repeat(10)}">`);
  return `<?xml version="1.0"?>
<!DOCTYPE rss [
${entities.join("\n")}
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>https://a.example/1</link><description>&lol9;</description></item>
</channel></rss>`;
}

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
};

describe("parseFeed", () => {
  it("reads RSS 2.0 items: links resolved, entities decoded, HTML stripped to text, dates in ISO", () => {
    const feed = parseFeed(RSS, "https://coastal.example/feed");
    expect(feed.title).toBe("Coastal & Harbor Times");
    expect(feed.items).toEqual([
      {
        url: "https://coastal.example/news/fire?id=1&src=rss",
        title: "Fire at pier 9 — crews respond",
        publishedAt: "2026-03-03T08:15:00.000Z",
        summaryText: "A fire broke out at pier 9 on Tuesday.\n\nNo one was hurt. Crews stayed.",
      },
      {
        url: "https://coastal.example/news/dairy",
        title: "Dairy merger & milk prices",
        publishedAt: "2026-03-03T09:00:00.000Z",
        summaryText: "Full text, first paragraph.\n\nSecond paragraph.",
        source: "Wire Press",
      },
    ]);
  });

  it("reads Atom entries: the alternate link, html titles and content as text, published before updated", () => {
    const feed = parseFeed(ATOM, "https://ledger.example/feeds/all.atom");
    expect(feed.title).toBe("The Ledger");
    expect(feed.items).toEqual([
      {
        url: "https://ledger.example/a",
        title: "Court rules on merger",
        publishedAt: "2026-03-03T09:00:00.000Z",
        summaryText: "The court ruled on Tuesday.\n\nAppeals follow.",
      },
      {
        url: "https://ledger.example/feeds/b/c",
        title: "Second entry",
        publishedAt: "2026-03-02T10:00:00.000Z",
        summaryText: "Plain & simple.",
      },
    ]);
  });

  it("reads RSS 1.0 (RDF) items", () => {
    const feed = parseFeed(RDF, "https://slash.example/index.rdf");
    expect(feed).toEqual({
      title: "RDF News",
      items: [
        {
          url: "https://slash.example/1",
          title: "One",
          publishedAt: "2026-03-01T00:00:00.000Z",
          summaryText: "Desc one.",
        },
      ],
    });
  });

  it("refuses a billion-laughs XML bomb quickly with a FeedError", () => {
    const started = performance.now();
    const err = thrown(() => parseFeed(billionLaughs(), "https://a.example/feed.xml"));
    const ms = performance.now() - started;
    expect(err).toBeInstanceOf(FeedError);
    expect((err as Error).message).toMatch(/DOCTYPE with an internal subset refused/);
    expect(ms).toBeLessThan(50);
  });

  it("refuses a quadratic-blowup entity (one big entity referenced many times) the same way", () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "${"A".repeat(50_000)}">]>
<rss><channel><title>${"&a;".repeat(50_000)}</title></channel></rss>`;
    const started = performance.now();
    expect(() => parseFeed(xml, "https://a.example/feed.xml")).toThrow(FeedError);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it("reads a feed with an external DOCTYPE (RSS 0.91) without fetching or expanding anything", () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old &amp; gold</title>
<item><title>Item &nbsp; one</title><link>https://old.example/1</link></item></channel></rss>`;
    const feed = parseFeed(xml, "https://old.example/rss");
    expect(feed.title).toBe("Old & gold");
    expect(feed.items.map((i) => i.url)).toEqual(["https://old.example/1"]);
  });

  it.each([
    ["unclosed tags", "<rss><channel><title>a</channel></rss>", /malformed XML/],
    ["a bare ampersand", "<rss><channel><title>Fish & chips</title></channel></rss>", /malformed XML/],
    ["text that is not XML", "Service temporarily unavailable", /malformed XML/],
    ["an empty body", "", /malformed XML/],
    ["an HTML page", "<html><body><p>Hello</p></body></html>", /not an RSS or Atom feed \(root element <html>\)/],
  ])("gives a FeedError for %s", (_, xml, message) => {
    const err = thrown(() => parseFeed(xml, "https://a.example/feed.xml"));
    expect(err).toBeInstanceOf(FeedError);
    expect((err as Error).message).toMatch(message);
  });

  it("gives a FeedError, not a stack overflow, for absurdly deep nesting", () => {
    const xml = `<rss><channel>${"<x>".repeat(5000)}${"</x>".repeat(5000)}</channel></rss>`;
    expect(() => parseFeed(xml, "https://a.example/feed.xml")).toThrow(FeedError);
  });
});

describe("decodeXml", () => {
  it("decodes the five XML entities and character references and leaves everything else as written", () => {
    const encoded =
      "&lt;b&gt; &amp;amp; &quot;q&quot; &apos;a&apos; " + "&#169; &#xA9; &#X1F600; &nbsp; &lol9; &#0; &#xD800;";
    expect(decodeXml(encoded)).toBe("<b> &amp; \"q\" 'a' © © 😀 &nbsp; &lol9; &#0; &#xD800;");
  });
});

describe("parseFeed on hostile sizes", () => {
  it("finds the DOCTYPE after a long prolog in linear time", () => {
    const prolog = "<?pi x?>\n<!-- c -->\n".repeat(20_000);
    const started = performance.now();
    expect(() => parseFeed(`${prolog}<!DOCTYPE rss [<!ENTITY a "b">]><rss/>`, "https://a.example/")).toThrow(FeedError);
    expect(() => parseFeed(`${prolog}<rss><channel></channel>`, "https://a.example/")).toThrow(FeedError);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("parseFeed limits", () => {
  it("reads only the first maxItems items", () => {
    const items = Array.from({ length: 5 }, (_, i) => `<item><link>https://a.example/${i}</link></item>`).join("");
    const feed = parseFeed(`<rss><channel>${items}</channel></rss>`, "https://a.example/", { maxItems: 2 });
    expect(feed.items.map((i) => i.url)).toEqual(["https://a.example/0", "https://a.example/1"]);
  });
});
