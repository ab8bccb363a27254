import { buildDigest, digestId, storyId, summarizeStory, type StoryDeps } from "./build.js";
import type {
  Digest,
  DigestStore,
  GroupableArticle,
  IncomingArticle,
  StoredArticle,
  StoryGroup,
  StoryMessage,
} from "./types.js";

/** The most articles one digest takes; the rest wait for the next run (a window is never dropped). */
export const MAX_WINDOW_ARTICLES = 1_000;

/** The subset of a Queue producer binding the job uses. */
export interface StoryQueue {
  sendBatch(messages: { body: StoryMessage }[]): Promise<unknown>;
}

export interface JobDeps extends StoryDeps {
  store: DigestStore;
  group: (articles: GroupableArticle[]) => StoryGroup[];
  /** Pulls the configured feeds; absent when no feeds are configured. */
  ingestFeeds?: (isKnown: (urls: string[]) => Promise<Set<string>>) => Promise<IncomingArticle[]>;
  /** When bound, stories fan out as queue messages instead of being summarized here. */
  queue?: StoryQueue;
  concurrency?: number;
  now?: () => Date;
}

export type RunResult =
  | { kind: "created"; digest: Digest }
  | { kind: "queued"; runId: string; stories: number }
  | { kind: "unchanged"; digest: Digest | null };

/**
 * The scheduled job (the cron and `POST /digests`): pull the feeds into the store, take the window's articles
 * (first seen since the previous digest, plus the members of stories whose LLM call failed last time, to retry
 * them; with nothing new there is no run), group them into stories, summarize each (here under a limiter, or
 * one queue message each), and store the digest whole. With nothing new, the latest digest is returned unchanged.
 *
 * @example
 * const r = await runDigest({ store, group: groupStories, llm });
 * if (r.kind === "created") console.log(r.digest.stories.length);
 */
export async function runDigest(deps: JobDeps): Promise<RunResult> {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? (() => {});
  if (deps.ingestFeeds) {
    const incoming = await deps.ingestFeeds((urls) => deps.store.knownUrls(urls));
    if (incoming.length > 0) {
      const r = await deps.store.ingest(incoming, now().toISOString());
      log(`feeds: ${r.stored.length} new articles stored, ${r.duplicates.length} already known`);
    }
  }

  const from = (await deps.store.lastWindowEnd()) ?? new Date(0).toISOString();
  // The store spaces one batch's first-seen times a millisecond apart (their order is kept), so the window must
  // reach past the last of them: the runtime's clock may not have moved that far since a feed run or a
  // `POST /articles` stored them.
  const seen = await deps.store.lastSeenAt();
  const clock = now().toISOString();
  const until = seen !== null && seen > clock ? seen : clock;
  const { articles: fresh, to } = fitWindow(
    await deps.store.articlesSeenBetween(from, until, MAX_WINDOW_ARTICLES + 1),
    until,
  );
  const latest = await deps.store.latest();
  if (fresh.length === 0) {
    log("nothing new since the last digest");
    return { kind: "unchanged", digest: latest };
  }
  // Stories the LLM failed on last time ride along with the new articles, to be summarized again.
  const retryIds = (latest?.stories ?? [])
    .filter((s) => s.error !== undefined)
    .flatMap((s) => s.articles.map((a) => a.id));
  const retried = retryIds.length > 0 ? await deps.store.articlesById(retryIds) : [];
  const articles = uniqueById([...fresh, ...retried]);
  const id = await digestId(
    from,
    articles.map((a) => a.id),
  );
  const existing = await deps.store.get(id);
  if (existing) {
    log(`digest ${id} already covers this window`);
    return { kind: "unchanged", digest: existing };
  }

  const groups = orderStories(deps.group(articles.map(groupable)));
  log(`window ${from} → ${to}: ${articles.length} articles (${retried.length} retried) in ${groups.length} stories`);
  const window = { from, to };

  if (deps.queue) {
    await deps.store.createRun({ id, createdAt: now().toISOString(), window, groups });
    // sendBatch takes at most 100 messages.
    for (let i = 0; i < groups.length; i += 100) {
      await deps.queue.sendBatch(groups.slice(i, i + 100).map((_, j) => ({ body: { runId: id, position: i + j } })));
    }
    log(`run ${id}: ${groups.length} stories queued`);
    return { kind: "queued", runId: id, stories: groups.length };
  }

  const digest = await buildDigest(groups, articles, window, { ...deps, now });
  if (!(await deps.store.save(digest))) {
    return { kind: "unchanged", digest: (await deps.store.get(digest.id)) ?? digest };
  }
  log(`digest ${digest.id}: ${digest.stories.length} stories stored`);
  return { kind: "created", digest };
}

/**
 * The queue consumer's work for one message: summarize the story and record it; the consumer that records a
 * run's last story stores the digest. Throws (so the message is retried) when the story cannot be summarized.
 */
export async function handleStoryMessage(
  message: StoryMessage,
  deps: StoryDeps & { store: DigestStore; now?: () => Date },
): Promise<Digest | null> {
  const now = deps.now ?? (() => new Date());
  const group = await deps.store.runStory(message.runId, message.position);
  if (!group) {
    deps.log?.(`run ${message.runId} has no story ${message.position}; message dropped`);
    return null;
  }
  const articles = await deps.store.articlesById(group.articleIds);
  const story = await summarizeStory(group, new Map(articles.map((a) => [a.id, a])), deps);
  const digest = await deps.store.completeRunStory(message.runId, message.position, story, now().toISOString());
  if (digest) {
    await deps.store.save(digest);
    deps.log?.(`digest ${digest.id}: ${digest.stories.length} stories stored (queue)`);
  }
  return digest;
}

/**
 * A window of at most MAX_WINDOW_ARTICLES. A full one ends before its last instant (articles pushed in one
 * call share it), so whatever did not fit has a later first-seen time and is taken by the next run.
 */
function fitWindow(seen: StoredArticle[], until: string): { articles: StoredArticle[]; to: string } {
  if (seen.length <= MAX_WINDOW_ARTICLES) return { articles: seen, to: until };
  const cut = seen[MAX_WINDOW_ARTICLES - 1]!.firstSeenAt;
  const before = seen.filter((a) => a.firstSeenAt < cut);
  // One instant holding more than a window's worth: take it whole rather than never.
  const articles = before.length > 0 ? before : seen.filter((a) => a.firstSeenAt === cut);
  return { articles, to: articles[articles.length - 1]!.firstSeenAt };
}

/**
 * Records a story that could not be summarized even extractively (its message ran out of retries), so that
 * its run still finishes and the digest, with that story's articles listed and the reason, is stored.
 */
export async function giveUpStory(
  message: StoryMessage,
  reason: string,
  deps: { store: DigestStore; now?: () => Date; log?: (message: string) => void },
): Promise<Digest | null> {
  const now = deps.now ?? (() => new Date());
  const group = await deps.store.runStory(message.runId, message.position);
  if (!group) return null;
  const articles = new Map((await deps.store.articlesById(group.articleIds)).map((a) => [a.id, a]));
  const story = {
    id: await storyId(group.articleIds),
    title: group.title,
    articles: group.articleIds.flatMap((id) => {
      const a = articles.get(id);
      return a
        ? [
            {
              id,
              ...(a.url ? { url: a.url } : {}),
              ...(a.title ? { title: a.title } : {}),
              ...(a.source ? { source: a.source } : {}),
            },
          ]
        : [];
    }),
    summary: [],
    conflicts: [],
    dropped: [],
    backend: "extractive" as const,
    error: `not summarized: ${reason}`,
  };
  const digest = await deps.store.completeRunStory(message.runId, message.position, story, now().toISOString());
  if (digest) await deps.store.save(digest);
  return digest;
}

function uniqueById(list: StoredArticle[]): StoredArticle[] {
  const seen = new Set<string>();
  return list.filter((a) => !seen.has(a.id) && seen.add(a.id) !== undefined);
}

/** Articles without a publication time are placed at the time the service first saw them. */
function groupable(a: StoredArticle): GroupableArticle {
  return {
    id: a.id,
    text: a.text,
    publishedAt: a.publishedAt ?? a.firstSeenAt,
    ...(a.title !== undefined ? { title: a.title } : {}),
    ...(a.source !== undefined ? { source: a.source } : {}),
  };
}

/** Biggest stories first: more outlets telling it is the simplest measure of how much it matters. */
function orderStories(groups: StoryGroup[]): StoryGroup[] {
  const independent = (g: StoryGroup) => g.articleIds.filter((id) => g.duplicateOf[id] === undefined).length;
  return [...groups].sort((a, b) => independent(b) - independent(a) || a.title.localeCompare(b.title));
}
