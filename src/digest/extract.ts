import { Readability } from "@mozilla/readability";
import { blocksText, parseDocument, type DomDocument, type DomElement } from "./html-text.js";

export interface ExtractedPage {
  title?: string;
  /** Plain paragraphs joined by blank lines. */
  text: string;
  byline?: string;
  /** ISO 8601, from the page's metadata. */
  publishedAt?: string;
}

/**
 * Readability's scoring on linkedom costs about 0.1 ms per element (6,000 paragraphs with links: ~0.5 s), so a
 * page with more than this many elements left after cleaning is refused rather than scored. Readability's own
 * `maxElemsToParse` cannot do this: it counts `getElementsByTagName("*")`, which is always empty in linkedom.
 */
export const MAX_ELEMENTS = 15_000;

/** Page furniture that is never the article, removed before Readability scores what is left. */
const JUNK_SELECTORS = [
  "nav",
  "aside",
  "footer",
  "form",
  "dialog",
  "[role=navigation]",
  "[role=banner]",
  "[role=contentinfo]",
  "[role=complementary]",
  "[role=dialog]",
  "[role=alertdialog]",
  "[role=search]",
  "[aria-hidden=true]",
  "[hidden]",
].join(",");

/**
 * Class and id words of furniture (cookie banners, ads, newsletter boxes, "most read", comments, sharing). Matched
 * against whole dash/underscore-separated parts of each class or id, so "ad" hits `ad-slot` but not `header`.
 */
const JUNK_WORDS = new Set([
  "ad",
  "ads",
  "adslot",
  "advert",
  "adverts",
  "advertisement",
  "advertising",
  "sponsor",
  "sponsored",
  "promo",
  "cookie",
  "cookies",
  "consent",
  "gdpr",
  "newsletter",
  "subscribe",
  "subscription",
  "signup",
  "paywall",
  "mostread",
  "mostpopular",
  "popular",
  "trending",
  "related",
  "recommended",
  "outbrain",
  "taboola",
  "comment",
  "comments",
  "disqus",
  "share",
  "sharing",
  "social",
  "breadcrumb",
  "breadcrumbs",
  "sidebar",
  "modal",
  "popup",
  "banner",
  "navbar",
  "menu",
  "footer",
  "skip",
]);
const JUNK_PHRASES = /(?:^|[-_])(?:most[-_]?(?:read|popular|viewed|shared)|sign[-_]?up|read[-_]?more)(?:$|[-_])/;

/**
 * The main text of an article page, without navigation, ads, cookie banners, "most read" boxes or comment forms.
 * Null when the page has no article-like text; throws when it has more than `MAX_ELEMENTS` elements. Uses only
 * linkedom and Readability, so it runs in workerd too.
 *
 * @example
 * const page = extractMainText(html, "https://news.example/a.html");
 * page?.text; // "First paragraph.\n\nSecond paragraph."
 */
export function extractMainText(html: string, url: string): ExtractedPage | null {
  const document = parseDocument(html);
  const publishedAt = metaDate(document);
  removeJunk(document);
  const elements = document.querySelectorAll("*").length;
  if (elements > MAX_ELEMENTS) throw new Error(`page too complex (${elements} elements > ${MAX_ELEMENTS})`);
  // Readability resolves links against baseURI, which a linkedom document lacks; give it the page's URL.
  addBase(document, url);
  const reader = new Readability<string>(document as never, { serializer: (node) => blocksText(node as never) });
  const article = reader.parse();
  const text = dropBoilerplate(article?.content ?? "");
  if (!article || !text) return null;
  const out: ExtractedPage = { text };
  const title = article.title?.trim();
  if (title) out.title = title;
  const byline = article.byline?.trim();
  if (byline) out.byline = byline;
  const published = publishedAt ?? isoDate(article.publishedTime ?? undefined);
  if (published) out.publishedAt = published;
  return out;
}

/** Removes furniture, sparing any element that holds the article (a whole-page `<form>` on ASP.NET sites). */
function removeJunk(document: DomDocument): void {
  const body = document.body;
  if (!body) return;
  // The biggest article-like container: teaser <article>s in a "most read" box must not shield their box.
  let main: DomElement | undefined;
  let mainLength = 0;
  for (const el of Array.from(body.querySelectorAll("article, main, [role=main], [itemprop=articleBody]"))) {
    const length = (el.textContent ?? "").length;
    if (length > mainLength) [main, mainLength] = [el, length];
  }
  const bodyLength = (body.textContent ?? "").length;
  const candidates = new Set<DomElement>();
  for (const el of Array.from(body.querySelectorAll(JUNK_SELECTORS))) candidates.add(el);
  for (const el of Array.from(body.querySelectorAll("[class], [id]"))) if (isJunkByName(el)) candidates.add(el);
  // Site headers carry navigation and logos; a header holding the headline belongs to the article.
  for (const el of Array.from(body.querySelectorAll("header"))) if (!el.querySelector("h1")) candidates.add(el);
  for (const el of candidates) {
    if (!el.parentNode) continue; // inside something already removed
    if (el === body || (main && (el === main || el.contains(main)))) continue;
    if (!main && (el.textContent ?? "").length > bodyLength / 2) continue;
    el.remove();
  }
}

function isJunkByName(el: DomElement): boolean {
  const tag = el.localName;
  if (tag === "html" || tag === "body" || tag === "article" || tag === "main" || tag === "p") return false;
  const names = `${el.getAttribute("class") ?? ""} ${el.getAttribute("id") ?? ""}`.toLowerCase();
  for (const name of names.split(/\s+/)) {
    if (!name) continue;
    if (JUNK_PHRASES.test(name)) return true;
    if (name.split(/[-_]+/).some((part) => JUNK_WORDS.has(part))) return true;
  }
  return false;
}

function addBase(document: DomDocument, url: string): void {
  if (!document.head || document.querySelector("base[href]")) return;
  const base = document.createElement("base");
  base.setAttribute("href", url);
  document.head.appendChild(base);
}

/**
 * Paragraphs that survive inside article bodies although they are furniture: "Advertisement" labels, sharing
 * prompts, copyright footers, "Comments are closed". Only short, whole paragraphs of those shapes go; a
 * paragraph that merely mentions copyright stays.
 *
 * @example
 * dropBoilerplate("Fire at the pier.\n\nCopyright 2026 Northline. All rights reserved."); // "Fire at the pier."
 */
export function dropBoilerplate(text: string): string {
  return text
    .split(/\n\s*\n/)
    .filter((p) => {
      const line = p.trim();
      const label = /^(advertisement|advert|sponsored( content)?|ad|share( this( article| story)?)?|read more)$/i;
      if (label.test(line)) return false;
      if (/^comments are (closed|disabled)\.?$/i.test(line)) return false;
      const copyright = /^(©|\(c\)|copyright\b)/i.test(line) || /\ball rights reserved\b/i.test(line);
      return !(copyright && line.length < 300);
    })
    .join("\n\n");
}

function metaDate(document: DomDocument): string | undefined {
  const selectors = [
    'meta[property="article:published_time"]',
    'meta[name="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="pubdate"]',
    'meta[name="date"]',
    'meta[name="dc.date"]',
    'meta[name="DC.date.issued"]',
  ];
  for (const s of selectors) {
    const iso = isoDate(document.querySelector(s)?.getAttribute("content") ?? undefined);
    if (iso) return iso;
  }
  const time = document.querySelector("article time[datetime], time[datetime]");
  return isoDate(time?.getAttribute("datetime") ?? undefined);
}

function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const t = Date.parse(value.trim());
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
