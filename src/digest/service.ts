import { runDigest, type JobDeps } from "./job.js";
import type { DigestService } from "./types.js";

/**
 * The digest as the HTTP routes use it: thin over the store and the job. `POST /digests` runs the job
 * in-process even when a queue is bound, so that it can answer with the digest it built.
 *
 * @example
 * const digests = createDigestService({ store: d1DigestStore(env.DB), group: groupStories });
 * await digests.run() // { digest, created: true }
 */
export function createDigestService(deps: JobDeps): DigestService {
  const now = deps.now ?? (() => new Date());
  return {
    ingest: (articles) => deps.store.ingest(articles, now().toISOString()),
    async run() {
      const { queue: _queued, ...inProcess } = deps;
      const result = await runDigest(inProcess);
      if (result.kind === "created") return { digest: result.digest, created: true };
      if (result.kind === "unchanged") return { digest: result.digest, created: false };
      throw new Error("an in-process run cannot be queued");
    },
    list: (options) => deps.store.list(options),
    latest: () => deps.store.latest(),
    get: (id) => deps.store.get(id),
  };
}
