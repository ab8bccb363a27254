/**
 * A news site on 127.0.0.1 for end-to-end digest checks: an RSS feed (`/feed.xml`) whose items link to pages
 * (`/news/<id>.html`) wrapped in the clutter real sites carry (navigation, a cookie banner, ads, a "most read"
 * box, a newsletter form, comments). Articles are the repo's own stories: the five seeds, harbor-fire and
 * dairy-merger, so a digest of the feed has exactly three stories. The texts are also served raw at
 * `/raw/<id>.txt` so tests can compare. Run by hand: `npx tsx test/stub/feed-server.ts 8830`.
 */
import { readFileSync, readdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

export interface FeedArticle {
  id: string;
  story: "geneva" | "harbor" | "dairy";
  source: string;
  title: string;
  text: string;
}

function read(dir: string, story: FeedArticle["story"], sources: string[]): FeedArticle[] {
  return readdirSync(root + dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f, i) => {
      const text = readFileSync(root + dir + f, "utf8");
      const firstLine =
        text
          .split("\n")
          .find((l) => l.trim().length > 0)
          ?.trim() ?? f;
      return {
        id: `${story}-${f.replace(/\.txt$/, "").replace(/_/g, "-")}`,
        story,
        source: sources[i % sources.length]!,
        title: firstLine.slice(0, 90),
        text,
      };
    });
}

export const FEED_ARTICLES: FeedArticle[] = [
  ...read("seeds/", "geneva", ["Wire Press", "Daily Courier", "Metro Times", "Northern Star", "Bay Tribune"]),
  ...read("evals/data/harbor-fire/", "harbor", ["Coastal Times", "Harbor Gazette", "Northline", "Portwatch"]),
  ...read("evals/data/dairy-merger/", "dairy", ["Farm Week", "The Ledger", "Tribune"]),
];

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function page(a: FeedArticle): string {
  const paragraphs = a.text
    .split(/\n\s*\n|\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join("\n");
  return `<!doctype html><html><head><title>${escapeHtml(a.title)} | ${escapeHtml(a.source)}</title></head><body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.
<button>Accept all cookies</button></div>
<header><nav class="site-nav"><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a>
<a href="/sport">Sport</a></nav></header>
<div class="ad-slot advertisement">ADVERTISEMENT: Refinance today and save thousands on your mortgage</div>
<main><article>
<h1>${escapeHtml(a.title)}</h1>
<p class="byline">By Staff Reporter</p>
${paragraphs}
</article></main>
<aside class="most-read"><h2>Most read</h2><ol>
<li><a href="/x">Celebrity chef opens a floating restaurant</a></li>
<li><a href="/y">Ten gadgets you need this winter</a></li></ol></aside>
<section class="newsletter-signup"><h3>Get our morning briefing</h3>
<form><input type="email" placeholder="Your email"><button>Subscribe to the newsletter</button></form></section>
<section id="comments"><h3>Leave a comment</h3>
<form><textarea name="comment"></textarea><button>Post comment</button></form></section>
<footer>© 2026 ${escapeHtml(a.source)}. All rights reserved. <a href="/privacy">Privacy policy</a></footer>
</body></html>`;
}

function feed(base: string, articles: FeedArticle[]): string {
  const items = articles
    .map(
      (a, i) => `<item><title>${escapeHtml(a.title)}</title><link>${base}/news/${a.id}.html</link>
<guid>${base}/news/${a.id}.html</guid>
<pubDate>${new Date(Date.UTC(2026, 2, 3, 8 + (i % 10), i)).toUTCString()}</pubDate>
<description>${escapeHtml(a.text.slice(0, 300))}</description>
<source url="${base}/feed.xml">${escapeHtml(a.source)}</source></item>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Loopback News</title><link>${base}/</link><description>Test feed</description>
${items}
</channel></rss>`;
}

export interface FeedServer {
  port: number;
  url: string;
  /** Pages fetched, in order, so tests can check that a re-run does not fetch known pages again. */
  fetched: string[];
  close(): Promise<void>;
}

export async function startFeedServer(port = 0): Promise<FeedServer> {
  const fetched: string[] = [];
  let base = "";
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (path === "/__fetched") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(fetched));
      return;
    }
    fetched.push(path);
    if (path === "/feed.xml") {
      res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" });
      res.end(feed(base, FEED_ARTICLES));
      return;
    }
    const news = /^\/news\/(.+)\.html$/.exec(path);
    const raw = /^\/raw\/(.+)\.txt$/.exec(path);
    const article = FEED_ARTICLES.find((a) => a.id === (news?.[1] ?? raw?.[1]));
    if (article && news) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(page(article));
    } else if (article && raw) {
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
      res.end(article.text);
    } else {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  await new Promise<void>((ok) => server.listen(port, "127.0.0.1", ok));
  const actual = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${actual}`;
  return {
    port: actual,
    url: `${base}/feed.xml`,
    fetched,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const s = await startFeedServer(Number(process.argv[2] ?? 8830));
  console.log(`feed on ${s.url} (${FEED_ARTICLES.length} articles)`);
}
