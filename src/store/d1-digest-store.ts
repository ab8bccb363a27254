import type { DigestStore } from "../digest/types.js";
import { articlesById, articlesSeenBetween, knownUrls, lastSeenAt, storeArticles } from "./articles.js";
import {
  completeRunStory,
  createRun,
  getDigest,
  lastWindowEnd,
  latestDigest,
  listDigests,
  runStory,
  saveDigest,
} from "./digests.js";

/**
 * The digest's store on a D1 database (local under `wrangler dev`, the real one when deployed).
 *
 * @example
 * const store = d1DigestStore(env.DB); await store.latest()
 */
export function d1DigestStore(db: D1Database): DigestStore {
  return {
    ingest: (articles, now) => storeArticles(db, articles, now),
    knownUrls: (urls) => knownUrls(db, urls),
    lastSeenAt: () => lastSeenAt(db),
    lastWindowEnd: () => lastWindowEnd(db),
    articlesSeenBetween: (from, to, limit) => articlesSeenBetween(db, from, to, limit),
    articlesById: (ids) => articlesById(db, ids),
    latest: () => latestDigest(db),
    get: (id) => getDigest(db, id),
    list: (options) => listDigests(db, options),
    save: (digest) => saveDigest(db, digest),
    createRun: (run) => createRun(db, run),
    runStory: (runId, position) => runStory(db, runId, position),
    completeRunStory: (runId, position, story, now) => completeRunStory(db, runId, position, story, now),
  };
}
