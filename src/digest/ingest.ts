import pLimit from "p-limit";
import { dropBoilerplate, extractMainText } from "./extract.js";
import { parseFeed, type FeedItem } from "./feeds.js";
import { safeFetch } from "./safe-fetch.js";
import type { IncomingArticle } from "./types.js";

export interface IngestOptions {
  /** `ALLOW_PRIVATE_FEEDS=1`: loopback and LAN hosts may be fetched (local development, tests). */
  allowPrivate: boolean;
  /** The subset of these URLs already stored: their pages are not fetched again. */
  isKnown?: (urls: string[]) => Promise<Set<string>>;
  log?: (message: string) => void;
  fetch?: typeof fetch;
  /** Pages fetched at once (default 4); feeds have their own limiter of the same size. */
  concurrency?: number;
  /** Per feed or page, redirects and body included (default 10 s). */
  timeoutMs?: number;
  /** Per page (default 2 MB); a feed may be `feedMaxBytes` (default 5 MB). */
  maxBytes?: number;
  feedMaxBytes?: number;
  /**
   * Pages fetched in one run at most (default 200): a Worker invocation has a subrequest budget, and items left
   * over are not stored, so the next run takes them.
   */
  maxPages?: number;
  /** Extracted text shorter than this is not an article (default 200 characters): the feed's text is used. */
  minTextChars?: number;
  now?: () => Date;
}

export interface IngestProblem {
  url: string;
  reason: string;
}

export interface IngestFeedsResult {
  articles: IncomingArticle[];
  problems: IngestProblem[];
}

interface Candidate extends FeedItem {
  /** The outlet: the item's own `<source>`, else the feed's title, else the feed's host. */
  outlet: string;
}

/**
 * Pulls feeds and turns their new items into articles: each item's page fetched (bounded, timed, capped, checked)
 * and its main text extracted; the feed's own text when the page fails or is too thin. Never throws for a bad
 * feed or page: those become `problems` and the run goes on. An `isKnown` that throws (the store is down) is not
 * a feed's fault and does propagate.
 *
 * @example
 * const { articles, problems } = await ingestFeeds(["https://news.example/feed.xml"], { allowPrivate: false });
 */
export async function ingestFeeds(feedUrls: string[], options: IngestOptions): Promise<IngestFeedsResult> {
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? 10_000;
  const concurrency = options.concurrency ?? 4;
  const minText = options.minTextChars ?? 200;
  const started = now().getTime();
  const problems: IngestProblem[] = [];
  const fetchOptions = {
    allowPrivate: options.allowPrivate,
    timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };

  const feedLimit = pLimit(concurrency);
  const feeds = await Promise.all(
    feedUrls.map((feedUrl) =>
      feedLimit(async (): Promise<Candidate[]> => {
        try {
          const fetched = await safeFetch(feedUrl, {
            ...fetchOptions,
            accept: "feed",
            maxBytes: options.feedMaxBytes ?? 5 * 1024 * 1024,
          });
          const feed = parseFeed(fetched.body, fetched.url);
          log(`feed ${feedUrl}: ${feed.items.length} item(s)`);
          const outlet = feed.title ?? new URL(fetched.url).hostname;
          return feed.items.map((item) => ({ ...item, outlet: item.source ?? outlet }));
        } catch (err) {
          // Callers log problems, so they are not logged here too.
          problems.push({ url: feedUrl, reason: `feed: ${message(err)}` });
          return [];
        }
      }),
    ),
  );

  // One item per URL across feeds: aggregators and outlets often list the same page.
  const byUrl = new Map<string, Candidate>();
  for (const item of feeds.flat()) if (!byUrl.has(item.url)) byUrl.set(item.url, item);
  const known = options.isKnown && byUrl.size > 0 ? await options.isKnown([...byUrl.keys()]) : new Set<string>();
  let fresh = [...byUrl.values()].filter((item) => !known.has(item.url));
  const maxPages = options.maxPages ?? 200;
  if (fresh.length > maxPages) {
    log(`${fresh.length} new items; fetching ${maxPages} now, the rest next run`);
    fresh = fresh.slice(0, maxPages);
  }
  log(`${byUrl.size} item(s), ${known.size} already stored, fetching ${fresh.length} page(s)`);

  const pageLimit = pLimit(concurrency);
  const results = await Promise.all(
    fresh.map((item) =>
      pageLimit(async (): Promise<IncomingArticle | undefined> => {
        let pageProblem: string;
        try {
          const page = await safeFetch(item.url, {
            ...fetchOptions,
            accept: "html",
            maxBytes: options.maxBytes ?? 2 * 1024 * 1024,
          });
          const extracted = extractMainText(page.body, page.url);
          if (extracted && extracted.text.length >= minText) {
            return article(item, page.url, extracted.text, extracted.title, extracted.publishedAt);
          }
          pageProblem = extracted
            ? `page text too short (${extracted.text.length} characters)`
            : "no article text found";
        } catch (err) {
          pageProblem = message(err);
        }
        const summary = item.summaryText ? dropBoilerplate(item.summaryText).trim() : undefined;
        if (summary && hasSentence(summary)) {
          log(`page ${item.url}: ${pageProblem}; using the feed's text`);
          return article(item, item.url, summary, undefined, undefined);
        }
        problems.push({ url: item.url, reason: `${pageProblem}, and the feed has no usable text` });
        return undefined;
      }),
    ),
  );
  const articles = results.filter((a): a is IncomingArticle => a !== undefined);
  const seconds = ((now().getTime() - started) / 1000).toFixed(1);
  log(`${articles.length} article(s) from ${feedUrls.length} feed(s), ${problems.length} problem(s), ${seconds} s`);
  return { articles, problems };
}

function article(
  item: Candidate,
  url: string,
  text: string,
  pageTitle?: string,
  pagePublished?: string,
): IncomingArticle {
  const out: IncomingArticle = { url, source: item.outlet, text };
  if (url !== item.url) out.listedUrl = item.url;
  const title = item.title ?? pageTitle;
  if (title) out.title = title;
  const publishedAt = item.publishedAt ?? pagePublished;
  if (publishedAt) out.publishedAt = publishedAt;
  return out;
}

/**
 * At least one sentence: four or more words ending in terminal punctuation; teasers like "Read more" do not
 * count. A scan, not one pattern: `(\S+\s+){3,}` before a terminator backtracks quadratically on long text.
 */
export function hasSentence(text: string): boolean {
  let start = 0;
  for (const m of text.matchAll(/[.!?…]["'”’)\]]*(?=\s|$)/gu)) {
    if (text.slice(start, m.index).split(/\s+/).filter(Boolean).length >= 4) return true;
    start = m.index + m[0].length;
  }
  return false;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
