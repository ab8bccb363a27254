import { llmBackendFor } from "./backends/llm-factory.js";
import { groupStories } from "./digest/cluster.js";
import { ingestFeeds } from "./digest/ingest.js";
import { giveUpStory, handleStoryMessage, runDigest, type JobDeps, type StoryQueue } from "./digest/job.js";
import { createDigestService } from "./digest/service.js";
import type { StoryMessage } from "./digest/types.js";
import { loadConfig } from "./env.js";
import { createApp } from "./http/app.js";
import { d1DigestStore } from "./store/d1-digest-store.js";

type Env = Record<string, unknown>;

/** Deliveries of one story message before it is given up (wrangler.toml's max_retries is 3: four in all). */
const STORY_ATTEMPTS = 3;

/** The digest's parts for this worker's bindings; undefined without a D1 `DB` binding. */
function digestDeps(env: Env): JobDeps | undefined {
  const db = env.DB as D1Database | undefined;
  if (!db || typeof db.prepare !== "function") return undefined;
  const config = loadConfig(env);
  const llm = llmBackendFor(config);
  const queue = env.STORY_QUEUE as StoryQueue | undefined;
  const log = (message: string) => console.log(`digest: ${message}`);
  return {
    store: d1DigestStore(db),
    group: groupStories,
    log,
    concurrency: config.llm?.concurrency ?? 4,
    ...(llm ? { llm } : {}),
    ...(queue && typeof queue.sendBatch === "function" ? { queue } : {}),
    ...(config.feeds.length > 0
      ? {
          ingestFeeds: async (isKnown: (urls: string[]) => Promise<Set<string>>) => {
            const r = await ingestFeeds(config.feeds, { allowPrivate: config.allowPrivateFeeds, isKnown, log });
            for (const p of r.problems) log(`skipped ${p.url}: ${p.reason}`);
            return r.articles;
          },
        }
      : {}),
  };
}

const app = createApp({
  digestsFor: (env) => {
    const deps = digestDeps(env);
    return deps ? createDigestService(deps) : undefined;
  },
});

export default {
  fetch: app.fetch,

  /** The cron: the digest job, fanning stories out to the queue when one is bound. */
  async scheduled(controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
    const deps = digestDeps(env);
    if (!deps) {
      console.error(`cron ${controller.cron}: no D1 binding "DB"; the digest cannot run`);
      return;
    }
    const result = await runDigest(deps);
    console.log(`cron ${controller.cron}: ${result.kind}`);
  },

  /** Queue consumer: one story per message; a failed story is retried by the queue, the rest acknowledged. */
  async queue(batch: MessageBatch<StoryMessage>, env: Env): Promise<void> {
    const deps = digestDeps(env);
    if (!deps) throw new Error('no D1 binding "DB"; story messages cannot be handled');
    for (const message of batch.messages) {
      try {
        await handleStoryMessage(message.body, deps);
        message.ack();
      } catch (err) {
        console.error(`story ${message.body.runId}#${message.body.position} failed (attempt ${message.attempts})`, err);
        if (message.attempts < STORY_ATTEMPTS) {
          message.retry({ delaySeconds: 10 });
          continue;
        }
        // Out of attempts: the story is stored without a summary so that its digest is still written.
        await giveUpStory(message.body, err instanceof Error ? err.message : String(err), deps);
        message.ack();
      }
    }
  },
} satisfies ExportedHandler<Env, StoryMessage>;
