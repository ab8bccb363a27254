import type { Citation, Conflict } from "../pipeline/types.js";

/**
 * An article as the digest keeps it: the `/summarize` article shape plus what the store knows of it. `text` is
 * the text citations point into (the stored text, never rewritten).
 */
export interface StoredArticle {
  id: string;
  url?: string;
  source?: string;
  title?: string;
  publishedAt?: string;
  text: string;
  /** SHA-256 (hex) of the text with white space collapsed: the same story pushed twice is known once. */
  contentHash: string;
  /** When the service first saw it (ISO 8601): the digest's window is over this. */
  firstSeenAt: string;
}

/** What grouping needs of an article: its words, its outlet and its time. Pure data, no store. */
export interface GroupableArticle {
  id: string;
  title?: string;
  source?: string;
  /** ISO 8601; articles without it are placed at their first-seen time by the caller. */
  publishedAt?: string;
  text: string;
}

/** One story found among the window's articles (see `src/digest/cluster.ts`). */
export interface StoryGroup {
  /** Member article ids, the most central first. */
  articleIds: string[];
  /** A title taken from the story's articles (a member's own title or first heading line). */
  title: string;
  /** article id → the article it is a wire copy of, for members that copy another member. */
  duplicateOf: Record<string, string>;
}

export interface DigestStoryArticle {
  id: string;
  url?: string;
  title?: string;
  source?: string;
  publishedAt?: string;
  duplicateOf?: string;
}

/** One story of a digest: its members and its summary, in the `/summarize` shapes. */
export interface DigestStory {
  /** Stable for the same members: a hash of the sorted member ids. */
  id: string;
  title: string;
  articles: DigestStoryArticle[];
  summary: { text: string; citations: Citation[] }[];
  conflicts: Conflict[];
  dropped: { text: string; reason: string }[];
  backend: "llm" | "extractive";
  model?: string;
  /** Why the LLM was not used for this story (it fell back to extractive); the next run retries it. */
  error?: string;
}

/** A digest as stored and served: `GET /digests/:id`. */
export interface Digest {
  id: string;
  createdAt: string;
  window: { from: string; to: string };
  stories: DigestStory[];
}

/** An article pushed by `POST /articles` or taken from a feed, before the store gives it an id. */
export interface IncomingArticle {
  /** Kept when given; otherwise the store derives one from the content hash. */
  id?: string;
  url?: string;
  source?: string;
  title?: string;
  publishedAt?: string;
  text: string;
  /**
   * From feeds: the URL the feed listed, when its page redirected to `url`. Feeds keep listing it, so the store
   * should know the article by it too (`knownUrls`), or every run fetches the page again.
   */
  listedUrl?: string;
}

/** `POST /articles`: ids stored now, and ids of the already-known articles that some of them matched. */
export interface IngestResult {
  stored: string[];
  duplicates: string[];
}

/** An entry of `GET /digests`, newest first. */
export interface DigestListItem {
  id: string;
  createdAt: string;
  window: { from: string; to: string };
  stories: number;
}

/**
 * What the HTTP routes need of the digest: the routes stay thin shells, this does the work (D1, feeds,
 * summaries). Built per request from the worker's bindings (`src/digest/service.ts`).
 */
export interface DigestService {
  ingest(articles: IncomingArticle[]): Promise<IngestResult>;
  /**
   * Runs the scheduled job's code path now. `created` is false when nothing new arrived since the last
   * digest: then `digest` is the latest one, unchanged (`null` when there has never been one).
   */
  run(): Promise<{ digest: Digest | null; created: boolean }>;
  list(options: { limit: number; before?: string }): Promise<DigestListItem[]>;
  latest(): Promise<Digest | null>;
  get(id: string): Promise<Digest | null>;
}

/**
 * The digest's persistence as the job sees it; `src/store/` implements it on D1. Defined here, in the room
 * that uses it, so the job never imports the store.
 */
export interface DigestStore {
  ingest(articles: IncomingArticle[], now: string): Promise<IngestResult>;
  knownUrls(urls: string[]): Promise<Set<string>>;
  /**
   * The latest first-seen time of any stored article; null when there is none. One batch's articles are spaced a
   * millisecond apart from the time it was stored, so this can be a little ahead of the clock.
   */
  lastSeenAt(): Promise<string | null>;
  /** The end of the last window a digest (or a run in progress) took; null before the first. */
  lastWindowEnd(): Promise<string | null>;
  articlesSeenBetween(from: string, to: string, limit: number): Promise<StoredArticle[]>;
  articlesById(ids: string[]): Promise<StoredArticle[]>;
  latest(): Promise<Digest | null>;
  get(id: string): Promise<Digest | null>;
  list(options: { limit: number; before?: string }): Promise<DigestListItem[]>;
  /** Writes the digest whole; false when a digest with its id exists already. */
  save(digest: Digest): Promise<boolean>;
  createRun(run: {
    id: string;
    createdAt: string;
    window: { from: string; to: string };
    groups: StoryGroup[];
  }): Promise<void>;
  runStory(runId: string, position: number): Promise<StoryGroup | null>;
  /** Records a story's result; returns the assembled digest to the caller that finished the run, else null. */
  completeRunStory(runId: string, position: number, story: DigestStory, now: string): Promise<Digest | null>;
}

/** One queue message: summarize story `position` of run `runId`. */
export interface StoryMessage {
  runId: string;
  position: number;
}
