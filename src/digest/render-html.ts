import type { Citation, Conflict } from "../pipeline/types.js";
import type { Digest, DigestStory, DigestStoryArticle } from "./types.js";

interface PageOptions {
  /** Prefix of the service's routes when it is mounted below the root, e.g. "/news"; no trailing slash needed. */
  basePath?: string;
}

/**
 * The policy the digest pages are served with: nothing may run or load, only the page's own inline style
 * applies. Titles, quotes and outlet names come from feeds and scrapers; if one ever slipped past escaping,
 * the browser would still refuse to execute it. The routes append `frame-ancestors 'none'`.
 */
export const DIGEST_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const LONG_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** For element content and quoted attribute values alike. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/**
 * The URL, normalized, when it is an absolute http(s) URL without credentials; otherwise undefined. Only such
 * URLs become links: `javascript:`, `data:` and relative URLs from untrusted articles never reach an `href`.
 */
function safeHttpUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined;
  // Credentials in a link would be shown to every reader and sent to the outlet.
  if (parsed.username || parsed.password) return undefined;
  return parsed.href;
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();
const pad = (n: number) => String(n).padStart(2, "0");

function parseDate(iso: string): Date | undefined {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Formatted by hand in UTC so a page reads the same wherever it is rendered (worker, CLI, test). */
function dayOf(d: Date): string {
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function timeOf(d: Date): string {
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

function timeElement(iso: string, text: (d: Date) => string): string {
  const d = parseDate(iso);
  if (!d) return `<time>${escapeHtml(iso)}</time>`;
  return `<time datetime="${escapeHtml(d.toISOString())}">${escapeHtml(text(d))}</time>`;
}

function windowText(from: string, to: string): string {
  const a = parseDate(from);
  const b = parseDate(to);
  const sameDay = a && b && dayOf(a) === dayOf(b);
  const start = timeElement(from, (d) => `${dayOf(d)}, ${timeOf(d)}`);
  const end = timeElement(to, (d) => (sameDay ? timeOf(d) : `${dayOf(d)}, ${timeOf(d)}`));
  return `${start} – ${end} UTC`;
}

function base(options: PageOptions | undefined): string {
  return (options?.basePath ?? "").replace(/\/+$/, "");
}

/** An outlet's name as readers know it: the source, else the site's host, else the article's own id. */
function outletName(article: DigestStoryArticle | undefined, articleId: string): string {
  if (article?.source?.trim()) return oneLine(article.source);
  const url = safeHttpUrl(article?.url);
  if (url) return new URL(url).hostname.replace(/^www\./, "");
  return articleId;
}

function externalLink(url: string | undefined, inner: string): string {
  const href = safeHttpUrl(url);
  if (!href) return inner;
  return `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${inner}</a>`;
}

/** Numbers a story's citations in reading order; the same passage cited twice keeps its number. */
class CitationNumbers {
  readonly list: Citation[] = [];
  private readonly index = new Map<string, number>();

  numberOf(c: Citation): number {
    const key = `${c.articleId}\u0000${c.start}\u0000${c.end}`;
    let n = this.index.get(key);
    if (n === undefined) {
      this.list.push(c);
      n = this.list.length;
      this.index.set(key, n);
    }
    return n;
  }
}

interface StoryContext {
  byId: Map<string, DigestStoryArticle>;
  numbers: CitationNumbers;
}

/**
 * A wire copy cited with the same words as its original adds nothing for a reader: it is folded into the
 * original's marker ("Wire Press, also run by Daily Courier").
 */
function foldCopies(citations: Citation[], ctx: StoryContext): { citation: Citation; copies: Citation[] }[] {
  const out: { citation: Citation; copies: Citation[] }[] = [];
  const folded = new Set<Citation>();
  for (const c of citations) {
    const origin = ctx.byId.get(c.articleId)?.duplicateOf;
    const same = (o: Citation) => o.articleId === origin && oneLine(o.quote) === oneLine(c.quote);
    if (origin !== undefined && citations.some(same)) folded.add(c);
  }
  for (const c of citations) {
    if (folded.has(c)) continue;
    const copies = [...folded].filter(
      (f) => ctx.byId.get(f.articleId)?.duplicateOf === c.articleId && oneLine(f.quote) === oneLine(c.quote),
    );
    out.push({ citation: c, copies });
  }
  return out;
}

function citationMarkers(citations: Citation[], ctx: StoryContext): string {
  const seen = new Set<number>();
  const markers: string[] = [];
  for (const { citation: c, copies } of foldCopies(citations, ctx)) {
    const n = ctx.numbers.numberOf(c);
    if (seen.has(n)) continue;
    seen.add(n);
    const article = ctx.byId.get(c.articleId);
    const copyNames = [...new Set(copies.map((f) => outletName(ctx.byId.get(f.articleId), f.articleId)))];
    const also = copyNames.length ? ` (also run by ${copyNames.join(", ")})` : "";
    const outlet = outletName(article, c.articleId) + also;
    const quote = oneLine(c.quote);
    const hover = `${outlet}: “${quote}”`;
    // Hover text is not read by every screen reader and does not exist on touch screens: the same words are
    // in the link itself, visually hidden, and in the story's list of quotes.
    const inner = `<span aria-hidden="true">[${n}]</span><span class="vh">Source ${n}, ${escapeHtml(hover)}</span>`;
    const href = safeHttpUrl(article?.url);
    const title = `title="${escapeHtml(hover)}"`;
    markers.push(
      href
        ? `<a class="cite" href="${escapeHtml(href)}" rel="noopener noreferrer" ${title}>${inner}</a>`
        : `<span class="cite" ${title}>${inner}</span>`,
    );
  }
  // A no-break space: a marker never starts a line on its own, away from the words it backs.
  return markers.length ? `&nbsp;<span class="cites">${markers.join("")}</span>` : "";
}

/**
 * The outlets behind a set of articles, each wire copy folded into the article it copies:
 * "Wire Press (also run by Daily Courier)". An outlet is named once, linked to its first article; the order is
 * that of `ids`.
 */
function foldedOutlets(ids: string[], ctx: StoryContext, link: boolean): string[] {
  const nameOf = (id: string) => outletName(ctx.byId.get(id), id);
  const originOf = (id: string) => {
    const copyOf = ctx.byId.get(id)?.duplicateOf;
    return copyOf !== undefined && ctx.byId.has(copyOf) ? copyOf : id;
  };
  // outlet name of an original → its first article, and outlet name → article of each outlet that ran a copy
  const groups = new Map<string, { first: string; copies: Map<string, string> }>();
  for (const id of ids) {
    const origin = originOf(id);
    const key = nameOf(origin);
    const group = groups.get(key) ?? { first: origin, copies: new Map<string, string>() };
    groups.set(key, group);
    if (id !== origin && nameOf(id) !== key && !group.copies.has(nameOf(id))) group.copies.set(nameOf(id), id);
  }
  const named = (id: string) => {
    const text = escapeHtml(nameOf(id));
    return link ? externalLink(ctx.byId.get(id)?.url, text) : text;
  };
  return [...groups.values()].map(({ first, copies }) => {
    const others = [...copies.values()].map(named).join(", ");
    return `${named(first)}${others ? ` <span class="also">(also run by ${others})</span>` : ""}`;
  });
}

function renderConflict(conflict: Conflict, ctx: StoryContext): string {
  const claims = conflict.claims.map((claim) => {
    const ids = [...new Set(claim.citations.map((c) => c.articleId))];
    const outlets = foldedOutlets(ids, ctx, false);
    const who = outlets.length ? outlets.join(", ") : "One report";
    const verb = outlets.length > 1 ? "report" : "reports";
    return (
      `<li><span class="who">${who}</span> ${verb}: “${escapeHtml(oneLine(claim.text))}”` +
      `${citationMarkers(claim.citations, ctx)}</li>`
    );
  });
  const about = escapeHtml(oneLine(conflict.about));
  return (
    `<div class="conflict"><p><strong>Outlets disagree</strong> about ${about}.</p>` +
    `<ul>${claims.join("")}</ul></div>`
  );
}

function renderStory(story: DigestStory, position: number): string {
  const ctx: StoryContext = {
    byId: new Map(story.articles.map((a) => [a.id, a])),
    numbers: new CitationNumbers(),
  };
  const anchor = `story-${position + 1}`;
  const parts: string[] = [`<article class="story" id="${anchor}" aria-labelledby="${anchor}-title">`];
  parts.push(`<h2 id="${anchor}-title">${escapeHtml(oneLine(story.title))}</h2>`);

  if (story.backend === "extractive" && story.error !== undefined) {
    parts.push(
      `<p class="note">The language model was unavailable for this story, so this summary is extractive: ` +
        `sentences taken as written from the articles. The next digest retries it.</p>`,
    );
  }
  if (story.summary.length) {
    const sentences = story.summary.map(
      (s) => `<span class="sentence">${escapeHtml(oneLine(s.text))}${citationMarkers(s.citations, ctx)}</span>`,
    );
    parts.push(`<p class="summary">${sentences.join(" ")}</p>`);
  } else {
    parts.push(`<p class="note">No sentence of this story could be verified against its articles.</p>`);
  }
  for (const conflict of story.conflicts) parts.push(renderConflict(conflict, ctx));
  if (story.dropped.length) {
    const n = story.dropped.length;
    parts.push(
      `<p class="fine">${n} ${n === 1 ? "sentence was" : "sentences were"} left out: ` +
        `${n === 1 ? "its" : "their"} sources did not bear ${n === 1 ? "it" : "them"} out.</p>`,
    );
  }

  const ids = story.articles.map((a) => a.id);
  const outlets = foldedOutlets(ids, ctx, true);
  parts.push(
    `<p class="outlets"><span class="label">Reported by</span> ` +
      `${outlets.join('<span class="sep"> · </span>')}</p>`,
  );

  if (ctx.numbers.list.length) {
    const quotes = ctx.numbers.list.map((c) => {
      const article = ctx.byId.get(c.articleId);
      const outlet = escapeHtml(outletName(article, c.articleId));
      const title = article?.title?.trim() ? `, <cite>${escapeHtml(oneLine(article.title))}</cite>` : "";
      return `<li><q>${escapeHtml(oneLine(c.quote))}</q> — ${externalLink(article?.url, outlet)}${title}</li>`;
    });
    parts.push(
      `<details><summary>Quoted passages (${quotes.length})</summary>` +
        `<ol class="quotes">${quotes.join("")}</ol></details>`,
    );
  }
  const how =
    story.backend === "llm"
      ? `Written by ${story.model ? escapeHtml(story.model) : "a language model"}; ` +
        "each sentence checked against its quotes."
      : "Extractive summary: sentences as the outlets wrote them.";
  parts.push(`<p class="fine how">${how}</p>`);
  parts.push(`</article>`);
  return parts.join("\n");
}

const STYLE = `
:root{color-scheme:light dark;--bg:#fbfaf7;--fg:#1d1d1f;--muted:#5f6368;--rule:#e3e0d8;--accent:#0b57d0;
--card:#fff;--warn-bg:#fff6e0;--warn-rule:#e8b84a;--note-bg:#eef3fb}
@media (prefers-color-scheme:dark){:root{--bg:#141517;--fg:#e8e6e3;--muted:#a4a7ab;--rule:#34363a;
--accent:#8ab4f8;--card:#1c1d20;--warn-bg:#2d2613;--warn-rule:#8a6d1f;--note-bg:#1d2633}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:17px/1.6 Georgia,"Iowan Old Style","Times New Roman",serif;
overflow-wrap:anywhere}
.page{max-width:44rem;margin:0 auto;padding:2rem 1.25rem 3rem}
header{border-bottom:2px solid var(--fg);padding-bottom:1rem;margin-bottom:1.5rem}
.kicker,.fine,.meta,nav,footer,.outlets,.note,details,.cites,.conflict{font-family:system-ui,-apple-system,
"Segoe UI",Roboto,sans-serif}
.kicker{text-transform:uppercase;letter-spacing:.08em;font-size:.75rem;color:var(--muted);margin:0}
h1{font-size:2rem;line-height:1.2;margin:.25rem 0 .5rem}
.meta{color:var(--muted);font-size:.9rem;margin:.25rem 0}
a{color:var(--accent)}
nav{font-size:.9rem;margin:0 0 1.5rem}
nav ol{margin:.25rem 0 0;padding-left:1.25rem}
.story{background:var(--card);border:1px solid var(--rule);border-radius:6px;padding:1.25rem 1.25rem 1rem;
margin:0 0 1.5rem}
h2{font-size:1.4rem;line-height:1.3;margin:0 0 .75rem}
.summary{margin:0 0 1rem}
.cites{font-size:.72rem;vertical-align:super;line-height:0;white-space:nowrap}
.cite{text-decoration:none;padding:0 .12rem;color:var(--accent)}
a.cite:hover,a.cite:focus{text-decoration:underline}
span.cite{color:var(--muted);cursor:help}
.conflict{background:var(--warn-bg);border-left:4px solid var(--warn-rule);padding:.6rem .9rem;margin:0 0 1rem;
font-size:.92rem;border-radius:0 4px 4px 0}
.conflict p{margin:0 0 .35rem}
.conflict ul{margin:0;padding-left:1.1rem}
.conflict li{margin:.2rem 0}
.who{font-weight:600}
.note{background:var(--note-bg);padding:.5rem .75rem;border-radius:4px;font-size:.88rem;color:var(--muted)}
.fine{font-size:.8rem;color:var(--muted);margin:.25rem 0}
.outlets{font-size:.88rem;margin:.75rem 0 .5rem;padding-top:.6rem;border-top:1px solid var(--rule)}
.outlets .label{color:var(--muted)}
.sep{color:var(--muted)}
.also{color:var(--muted);font-weight:400}
details{font-size:.85rem;margin:.25rem 0}
summary{cursor:pointer;color:var(--muted)}
.quotes{padding-left:1.6rem;margin:.5rem 0}
.quotes li{margin:.35rem 0}
code{font-size:.85em}
q{font-style:normal}
cite{font-style:italic}
footer{font-size:.8rem;color:var(--muted);border-top:1px solid var(--rule);padding-top:1rem;margin-top:2rem}
.vh{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);
white-space:nowrap;border:0}
@media (max-width:30rem){body{font-size:16px}.page{padding:1.25rem .75rem 2rem}h1{font-size:1.6rem}
.story{padding:1rem .9rem .75rem}h2{font-size:1.2rem}}
`.trim();

function documentHtml(title: string, body: string): string {
  return [
    "<!doctype html>",
    `<html lang="en">`,
    "<head>",
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="color-scheme" content="light dark">`,
    `<meta name="referrer" content="no-referrer">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    `<div class="page">`,
    body,
    "</div>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/**
 * A digest as a page for people: one self-contained HTML5 document, no scripts, every value escaped, only
 * http(s) URLs linked. Serve it with `DIGEST_PAGE_CSP`.
 *
 * @example
 * const html = renderDigestPage(digest, { basePath: "" });
 * c.header("content-security-policy", `${DIGEST_PAGE_CSP}; frame-ancestors 'none'`);
 * return c.html(html);
 */
export function renderDigestPage(digest: Digest, options?: PageOptions): string {
  const root = base(options);
  const created = parseDate(digest.createdAt);
  const heading = created
    ? `${created.getUTCDate()} ${LONG_MONTHS[created.getUTCMonth()]} ${created.getUTCFullYear()}`
    : oneLine(digest.createdAt);
  const articles = digest.stories.reduce((n, s) => n + s.articles.length, 0);
  const outlets = new Set(digest.stories.flatMap((s) => s.articles.map((a) => outletName(a, a.id)))).size;
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const jsonHref = `${root}/digests/${encodeURIComponent(digest.id)}`;
  const listHref = `${root}/digests`;

  const header = [
    "<header>",
    `<p class="kicker">wirebrief digest</p>`,
    `<h1>News digest, ${created ? timeElement(digest.createdAt, () => heading) : escapeHtml(heading)}</h1>`,
    `<p class="meta">${count(digest.stories.length, "story", "stories")} from ` +
      `${count(articles, "article", "articles")} by ${count(outlets, "outlet", "outlets")}, ` +
      `first seen ${windowText(digest.window.from, digest.window.to)}.</p>`,
    `<p class="meta">The numbers after each sentence are its citations: hover over one to read the quoted ` +
      `passage, follow it to open the article.</p>`,
    `<p class="meta links"><a href="${escapeHtml(jsonHref)}">This digest as JSON</a><span class="sep"> · </span>` +
      `<a href="${escapeHtml(listHref)}">Older digests (JSON)</a></p>`,
    "</header>",
  ];
  const nav =
    digest.stories.length > 1
      ? `<nav aria-label="Stories"><strong>In this digest</strong><ol>` +
        digest.stories
          .map((s, i) => `<li><a href="#story-${i + 1}">${escapeHtml(oneLine(s.title))}</a></li>`)
          .join("") +
        `</ol></nav>`
      : "";
  const stories = digest.stories.length
    ? digest.stories.map(renderStory).join("\n")
    : `<p class="note">This digest has no stories.</p>`;
  const generated = timeElement(digest.createdAt, (d) => `${dayOf(d)}, ${timeOf(d)} UTC`);
  const footer =
    `<footer><p>Generated by wirebrief ${generated}. Summaries only state what their quoted ` +
    `passages say; follow a citation to read the article.</p></footer>`;
  return documentHtml(`News digest, ${heading}`, [...header, nav, `<main>`, stories, `</main>`, footer].join("\n"));
}

/**
 * The page shown before the first digest exists: what the operator can do to get one.
 *
 * @example
 * return c.html(renderEmptyPage({ basePath: "" }), 404);
 */
export function renderEmptyPage(options?: PageOptions): string {
  const root = base(options);
  const body = [
    "<header>",
    `<p class="kicker">wirebrief digest</p>`,
    "<h1>No digest yet</h1>",
    "</header>",
    "<main>",
    "<p>A digest appears here once articles have come in and a digest has run. Either:</p>",
    "<ol>",
    "<li>list RSS or Atom feeds in <code>FEEDS</code> (comma-separated URLs); the scheduled job pulls them and " +
      "builds a digest every few hours, or</li>",
    `<li>push articles with <code>POST ${escapeHtml(root)}/articles</code>, then build a digest now with ` +
      `<code>POST ${escapeHtml(root)}/digests</code> (both with the bearer <code>INGEST_TOKEN</code>).</li>`,
    "</ol>",
    "</main>",
    `<footer><p><a href="${escapeHtml(`${root}/digests`)}">Digests</a> (JSON) · ` +
      `<a href="${escapeHtml(`${root}/docs`)}">API docs</a></p></footer>`,
  ].join("\n");
  return documentHtml("No digest yet", body);
}
