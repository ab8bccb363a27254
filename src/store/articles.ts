import { InvalidRequestError, type Issue } from "../errors.js";
import type { IncomingArticle, IngestResult, StoredArticle } from "../digest/types.js";

/**
 * SHA-256 (hex) of an article's text with white space collapsed: the same story pushed twice, or fetched from
 * two URLs, is known once.
 *
 * @example
 * await contentHash("A  story.\n") === await contentHash("A story.") // true
 */
export async function contentHash(text: string): Promise<string> {
  const canonical = text.replace(/\s+/g, " ").trim();
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

interface ArticleRow {
  id: string;
  url: string | null;
  source: string | null;
  title: string | null;
  published_at: string | null;
  text: string;
  content_hash: string;
  fetched_at: string;
}

const fromRow = (r: ArticleRow): StoredArticle => ({
  id: r.id,
  ...(r.url !== null ? { url: r.url } : {}),
  ...(r.source !== null ? { source: r.source } : {}),
  ...(r.title !== null ? { title: r.title } : {}),
  ...(r.published_at !== null ? { publishedAt: r.published_at } : {}),
  text: r.text,
  contentHash: r.content_hash,
  firstSeenAt: r.fetched_at,
});

/** D1 binds at most 100 parameters a statement; lookups by many keys go in chunks below that. */
const CHUNK = 90;

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Stores articles not seen before, known by URL and by content hash: an article whose URL or text is already
 * stored (or appears earlier in the same call) is reported in `duplicates` under the stored article's id and
 * not stored again. An id the client chose that is taken by a different article is a 400, before anything is
 * written.
 *
 * @example
 * await storeArticles(env.DB, [{ url: "https://ex.com/a", text }], "2026-03-03T10:00:00.000Z")
 * // { stored: ["art-3f2a…"], duplicates: [] }
 */
export async function storeArticles(db: D1Database, articles: IncomingArticle[], now: string): Promise<IngestResult> {
  const hashed = await Promise.all(articles.map(async (a) => ({ ...a, hash: await contentHash(a.text) })));
  const urls = [...new Set(hashed.flatMap((a) => (a.url ? [a.url] : [])))];
  const hashes = [...new Set(hashed.map((a) => a.hash))];
  const givenIds = [...new Set(hashed.flatMap((a) => (a.id ? [a.id] : [])))];

  const known = new Map<string, string>();
  for (const part of chunks(urls)) {
    const rows = await db
      .prepare(`SELECT id, url FROM articles WHERE url IN (${part.map(() => "?").join(",")})`)
      .bind(...part)
      .all<{ id: string; url: string }>();
    for (const r of rows.results) known.set(`url:${r.url}`, r.id);
  }
  for (const part of chunks(hashes)) {
    const rows = await db
      .prepare(`SELECT id, content_hash FROM articles WHERE content_hash IN (${part.map(() => "?").join(",")})`)
      .bind(...part)
      .all<{ id: string; content_hash: string }>();
    for (const r of rows.results) known.set(`hash:${r.content_hash}`, r.id);
  }
  const takenIds = new Map<string, string>();
  for (const part of chunks(givenIds)) {
    const rows = await db
      .prepare(`SELECT id, content_hash FROM articles WHERE id IN (${part.map(() => "?").join(",")})`)
      .bind(...part)
      .all<{ id: string; content_hash: string }>();
    for (const r of rows.results) takenIds.set(r.id, r.content_hash);
  }

  const result: IngestResult = { stored: [], duplicates: [] };
  const clashes: Issue[] = [];
  const inserts: D1PreparedStatement[] = [];
  hashed.forEach((a, i) => {
    const existing = (a.url ? known.get(`url:${a.url}`) : undefined) ?? known.get(`hash:${a.hash}`);
    if (existing !== undefined) {
      result.duplicates.push(existing);
      return;
    }
    const id = a.id ?? `art-${a.hash.slice(0, 16)}`;
    const taken = takenIds.get(id);
    if (taken !== undefined && taken !== a.hash) {
      clashes.push({
        path: ["articles", i, "id"],
        message: `id "${id}" is already used by a different stored article`,
      });
      return;
    }
    // Later articles of this same call may repeat this one's URL or text.
    if (a.url) known.set(`url:${a.url}`, id);
    known.set(`hash:${a.hash}`, id);
    takenIds.set(id, a.hash);
    result.stored.push(id);
    inserts.push(
      db
        .prepare(
          `INSERT INTO articles (id, url, listed_url, source, title, published_at, text, content_hash, fetched_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          id,
          a.url ?? null,
          a.listedUrl ?? null,
          a.source ?? null,
          a.title ?? null,
          a.publishedAt ?? null,
          a.text,
          a.hash,
          seenAt(now, i),
        ),
    );
  });
  if (clashes.length > 0) {
    throw new InvalidRequestError(`${clashes.length} article id(s) are already used by other stored articles`, clashes);
  }
  // One batch is one transaction: either every new article is stored or none is.
  if (inserts.length > 0) await db.batch(inserts);
  return result;
}

/**
 * The i-th article of one call is first seen i milliseconds after the call: the order they came in is kept,
 * and a digest window that must end inside a large call can end between two of its articles.
 */
/**
 * The latest first-seen time of any stored article.
 *
 * @example
 * await lastSeenAt(env.DB) // "2026-03-03T12:00:00.011Z", or null with no articles
 */
export async function lastSeenAt(db: D1Database): Promise<string | null> {
  const row = await db.prepare("SELECT MAX(fetched_at) AS at FROM articles").first<{ at: string | null }>();
  return row?.at ?? null;
}

function seenAt(now: string, i: number): string {
  return i === 0 ? now : new Date(Date.parse(now) + i).toISOString();
}

/**
 * Articles first seen in the window `(from, to]`, oldest first, at most `limit` of them.
 *
 * @example
 * await articlesSeenBetween(env.DB, "1970-01-01T00:00:00.000Z", new Date().toISOString(), 1000)
 */
export async function articlesSeenBetween(
  db: D1Database,
  from: string,
  to: string,
  limit: number,
): Promise<StoredArticle[]> {
  const rows = await db
    .prepare("SELECT * FROM articles WHERE fetched_at > ? AND fetched_at <= ? ORDER BY fetched_at, id LIMIT ?")
    .bind(from, to, limit)
    .all<ArticleRow>();
  return rows.results.map(fromRow);
}

/** The stored articles with these ids (in no particular order; unknown ids are left out). */
export async function articlesById(db: D1Database, ids: string[]): Promise<StoredArticle[]> {
  const out: StoredArticle[] = [];
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db
      .prepare(`SELECT * FROM articles WHERE id IN (${part.map(() => "?").join(",")})`)
      .bind(...part)
      .all<ArticleRow>();
    out.push(...rows.results.map(fromRow));
  }
  return out;
}

/** Which of these URLs are stored already: feeds skip fetching their pages again. */
export async function knownUrls(db: D1Database, urls: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  // Each URL is bound twice (as a URL and as a listed URL): half a chunk keeps under D1's parameter limit.
  for (const part of chunks([...new Set(urls)], CHUNK / 2)) {
    const marks = part.map(() => "?").join(",");
    const rows = await db
      .prepare(`SELECT url, listed_url FROM articles WHERE url IN (${marks}) OR listed_url IN (${marks})`)
      .bind(...part, ...part)
      .all<{ url: string | null; listed_url: string | null }>();
    const asked = new Set(part);
    for (const r of rows.results) {
      if (r.url && asked.has(r.url)) out.add(r.url);
      if (r.listed_url && asked.has(r.listed_url)) out.add(r.listed_url);
    }
  }
  return out;
}
