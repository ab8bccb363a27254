/**
 * `npm run digest -- <folder | article files… | feed URLs…> [--out DIR] [--backend auto|llm|extractive]`
 * Builds a digest in Node, without the worker or D1: the same grouping and story summaries as the cron, written
 * as `digest.json` and `digest.html`, with progress on stderr.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { llmBackendFor } from "../backends/llm-factory.js";
import { buildDigest } from "../digest/build.js";
import { groupStories } from "../digest/cluster.js";
import { ingestFeeds } from "../digest/ingest.js";
import { renderDigestPage } from "../digest/render-html.js";
import type { IncomingArticle, StoredArticle } from "../digest/types.js";
import { loadConfig } from "../env.js";
import { WirebriefError } from "../errors.js";
import { ArticleSchema } from "../http/schemas.js";
import { contentHash } from "../store/articles.js";
import { articleFiles, fileArticleId } from "./text-articles.js";

const USAGE = `usage: npm run digest -- <folder | article.txt|.json … | feed URL …>
                          [--out DIR] [--backend auto|llm|extractive]

  A folder: its .txt files (one article each, id = file name) and .json files (an article
  { text, url?, source?, title?, publishedAt? }, a list of them, or { "articles": [...] }).
  http(s) URLs: RSS or Atom feeds, pulled with each item's page (set ALLOW_PRIVATE_FEEDS=1 for 127.0.0.1).
  Writes DIR/digest.json and DIR/digest.html (DIR defaults to ./digest-out).
  Set OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_MODEL to summarize stories with an LLM.`;

const log = (message: string) => process.stderr.write(`${message}\n`);

function fromJson(file: string): IncomingArticle[] {
  const data = JSON.parse(readFileSync(file, "utf8")) as unknown;
  const list = Array.isArray(data) ? data : ((data as { articles?: unknown }).articles ?? [data]);
  if (!Array.isArray(list))
    throw new Error(`${file}: expected an article, a list of articles or { "articles": [...] }`);
  return list.map((item, i) => {
    const parsed = ArticleSchema.safeParse(item);
    if (!parsed.success) {
      const problem = parsed.error.issues[0];
      throw new Error(
        `${file}: article ${i}: ${problem?.path.join(".") ?? ""} ${problem?.message ?? "is not an article"}`,
      );
    }
    const id = parsed.data.id ?? (list.length > 1 ? `${fileArticleId(file)}-${i + 1}` : fileArticleId(file));
    return { ...parsed.data, id };
  });
}

function readLocal(paths: string[]): IncomingArticle[] {
  for (const p of paths) if (!existsSync(p)) throw new Error(`no such file or folder: ${p}`);
  return articleFiles(paths, [".txt", ".json"]).flatMap((f) =>
    extname(f) === ".json" ? fromJson(f) : [{ id: fileArticleId(f), text: readFileSync(f, "utf8") }],
  );
}

/** The same rule as the store: an article is known once by its URL and by its text's hash. */
async function dedupe(incoming: IncomingArticle[], now: string): Promise<StoredArticle[]> {
  const seen = new Set<string>();
  const ids = new Set<string>();
  const out: StoredArticle[] = [];
  for (const a of incoming) {
    const hash = await contentHash(a.text);
    if (seen.has(`hash:${hash}`) || (a.url && seen.has(`url:${a.url}`))) {
      log(`skipped ${a.id ?? a.url ?? "an article"}: the same article came earlier`);
      continue;
    }
    seen.add(`hash:${hash}`);
    if (a.url) seen.add(`url:${a.url}`);
    let id = a.id ?? `art-${hash.slice(0, 16)}`;
    while (ids.has(id)) id = `${id}_`;
    ids.add(id);
    out.push({ ...a, id, contentHash: hash, firstSeenAt: now });
  }
  return out;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: "string", default: "digest-out" },
      backend: { type: "string", default: "auto" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (!["auto", "llm", "extractive"].includes(values.backend!)) {
    process.stderr.write(`--backend must be auto, llm or extractive\n\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(process.env);
  const llm = values.backend === "extractive" ? undefined : llmBackendFor(config);
  if (values.backend === "llm" && !llm) {
    process.stderr.write("--backend llm needs an LLM: set OPENAI_API_KEY (and OPENAI_BASE_URL for another server)\n");
    return 2;
  }

  const urls = positionals.filter((p) => /^https?:\/\//i.test(p));
  const local = positionals.filter((p) => !/^https?:\/\//i.test(p));
  const incoming: IncomingArticle[] = local.length > 0 ? readLocal(local) : [];
  if (urls.length > 0) {
    log(`pulling ${urls.length} feed(s)…`);
    const fetched = await ingestFeeds(urls, { allowPrivate: config.allowPrivateFeeds, log });
    for (const p of fetched.problems) log(`skipped ${p.url}: ${p.reason}`);
    incoming.push(...fetched.articles);
  }
  const started = new Date();
  const articles = await dedupe(incoming, started.toISOString());
  if (articles.length === 0) throw new Error("no articles to build a digest from");
  log(`grouping ${articles.length} articles…`);
  const groups = groupStories(
    articles.map((a) => ({
      id: a.id,
      text: a.text,
      publishedAt: a.publishedAt ?? a.firstSeenAt,
      ...(a.title !== undefined ? { title: a.title } : {}),
      ...(a.source !== undefined ? { source: a.source } : {}),
    })),
  );
  log(`${groups.length} stories; summarizing with ${llm ? `the LLM (${llm.model})` : "the extractive backend"}…`);
  const digest = await buildDigest(
    groups,
    articles,
    { from: articles.map((a) => a.publishedAt ?? a.firstSeenAt).sort()[0]!, to: started.toISOString() },
    { ...(llm ? { llm } : {}), concurrency: config.llm?.concurrency ?? 4, log },
  );
  const dir = resolve(values.out!);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "digest.json"), `${JSON.stringify(digest, null, 2)}\n`);
  writeFileSync(join(dir, "digest.html"), renderDigestPage(digest));
  log(`wrote ${join(dir, "digest.json")} and ${join(dir, "digest.html")}`);
  for (const s of digest.stories) {
    process.stdout.write(`${s.title} (${s.articles.length} articles${s.error ? `; ${s.error}` : ""})\n`);
    for (const line of s.summary) process.stdout.write(`  - ${line.text}\n`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof WirebriefError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`error: ${message}\n`);
    process.exit(1);
  },
);
