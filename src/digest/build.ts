import pLimit from "p-limit";
import { summarize, type LlmBackend } from "../summarize.js";
import type { Digest, DigestStory, StoredArticle, StoryGroup } from "./types.js";

/** Sentences per story: a digest is read at a glance. */
export const STORY_SENTENCES = 4;
/** A story's most central articles that are summarized; the rest are listed as its outlets. */
export const MAX_SUMMARIZED_ARTICLES = 20;

/** SHA-256 (hex) of a string, for ids that stay the same when the same articles come again. */
export async function hashOf(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A story's id: the same members give the same id, in any digest. */
export async function storyId(articleIds: string[]): Promise<string> {
  return `s-${(await hashOf([...articleIds].sort().join("\n"))).slice(0, 16)}`;
}

/**
 * A digest's id: the window's start and its articles. Two runs that take the same window at once (a cron and a
 * `POST /digests`) build the same id, so only one digest is stored.
 */
export async function digestId(from: string, articleIds: string[]): Promise<string> {
  return `d-${(await hashOf([from, ...[...articleIds].sort()].join("\n"))).slice(0, 16)}`;
}

export interface StoryDeps {
  llm?: LlmBackend;
  signal?: AbortSignal;
  log?: (message: string) => void;
}

/**
 * Summarizes one story through the one use case. With an LLM configured and failing (an outage, a timeout,
 * answers that never verify), the story falls back to the extractive backend and says why in `error`; the
 * next run retries it. Citations point into the stored texts, under the stored ids.
 *
 * @example
 * const story = await summarizeStory(group, articlesById, { llm });
 * story.backend // "llm", or "extractive" with story.error set when the LLM failed
 */
export async function summarizeStory(
  group: StoryGroup,
  byId: ReadonlyMap<string, StoredArticle>,
  deps: StoryDeps = {},
): Promise<DigestStory> {
  const members = group.articleIds.flatMap((id) => {
    const a = byId.get(id);
    return a ? [a] : [];
  });
  const input = members.slice(0, MAX_SUMMARIZED_ARTICLES).map((a) => ({
    id: a.id,
    text: a.text,
    ...(a.url !== undefined ? { url: a.url } : {}),
    ...(a.source !== undefined ? { source: a.source } : {}),
    ...(a.title !== undefined ? { title: a.title } : {}),
    ...(a.publishedAt !== undefined ? { publishedAt: a.publishedAt } : {}),
  }));
  const options = { maxSentences: STORY_SENTENCES };
  let result: Awaited<ReturnType<typeof summarize>>;
  let error: string | undefined;
  if (deps.llm) {
    try {
      result = await summarize(
        input,
        { ...options, backend: "llm" },
        { llm: deps.llm, ...(deps.signal ? { signal: deps.signal } : {}) },
      );
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      deps.log?.(`story "${group.title}": the LLM failed (${error}); summarized extractively, retried next run`);
      result = await summarize(input, { ...options, backend: "extractive" });
    }
  } else {
    result = await summarize(input, { ...options, backend: "extractive" });
  }
  const copyOf = new Map(result.sources.flatMap((s) => (s.duplicateOf ? [[s.articleId, s.duplicateOf] as const] : [])));
  for (const [copy, original] of Object.entries(group.duplicateOf)) copyOf.set(copy, original);
  return {
    id: await storyId(group.articleIds),
    title: group.title,
    articles: members.map((a) => ({
      id: a.id,
      ...(a.url !== undefined ? { url: a.url } : {}),
      ...(a.title !== undefined ? { title: a.title } : {}),
      ...(a.source !== undefined ? { source: a.source } : {}),
      ...(a.publishedAt !== undefined ? { publishedAt: a.publishedAt } : {}),
      ...(copyOf.has(a.id) ? { duplicateOf: copyOf.get(a.id)! } : {}),
    })),
    summary: result.summary,
    conflicts: result.conflicts,
    dropped: result.dropped,
    backend: result.backend,
    ...(result.model !== undefined ? { model: result.model } : {}),
    ...(error !== undefined ? { error } : {}),
  };
}

export interface BuildOptions extends StoryDeps {
  /** Stories summarized at once. The LLM backend's own limiter still bounds calls in flight. */
  concurrency?: number;
  now?: () => Date;
}

/**
 * Summarizes each story group in-process (bounded concurrency) and assembles the digest. The CLI and the
 * worker without a queue both use this; with a queue, each story goes through `summarizeStory` in a consumer.
 *
 * @example
 * const digest = await buildDigest(groups, articles, { from, to }, { concurrency: 4 });
 */
export async function buildDigest(
  groups: StoryGroup[],
  articles: StoredArticle[],
  window: { from: string; to: string },
  options: BuildOptions = {},
): Promise<Digest> {
  const byId = new Map(articles.map((a) => [a.id, a]));
  const limit = pLimit(options.concurrency ?? 4);
  let done = 0;
  const stories = await Promise.all(
    groups.map((g) =>
      limit(async () => {
        const story = await summarizeStory(g, byId, options);
        done++;
        options.log?.(
          `summarized ${done}/${groups.length}: ${g.title} (${g.articleIds.length} articles, ${story.backend})`,
        );
        return story;
      }),
    ),
  );
  return {
    id: await digestId(
      window.from,
      groups.flatMap((g) => g.articleIds),
    ),
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    window,
    stories,
  };
}
