/**
 * `npm run bench:digest -- [--latency 1000] [--concurrency 4]`
 * How far one worker goes with the digest in-process: a window of the 36 labelled events (134 articles) grouped
 * and summarized the way the cron does it without a queue, with the CPU each step costs, and the same window
 * with an LLM that answers after `latency` ms, to show what bounds the in-process path (waiting, not CPU).
 * Writes bench/out/digest.json; `runDigestBench()` is what `bench/run.ts` calls.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { extractive } from "../src/backends/extractive.js";
import { buildDigest } from "../src/digest/build.js";
import { groupStories } from "../src/digest/cluster.js";
import type { StoredArticle } from "../src/digest/types.js";
import type { LlmBackend } from "../src/summarize.js";
import { labelledArticles, loadStoryEvents } from "../evals/stories.js";

const root = fileURLToPath(new URL("..", import.meta.url));

export interface DigestBenchResult {
  articles: number;
  stories: number;
  groupCpuMs: number;
  extractive: { cpuMs: number; wallMs: number; perStoryCpuMs: { median: number; max: number } };
  llm: { latencyMs: number; concurrency: number; wallMs: number; cpuMs: number; callsInFlightMax: number };
}

const cpuMs = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/**
 * Groups and summarizes the labelled window in-process, as the cron does without a queue.
 *
 * @example
 * const r = await runDigestBench({ latencyMs: 1000, concurrency: 4 });
 * r.llm.wallMs // ≈ ceil(stories / concurrency) × latency
 */
export async function runDigestBench(
  options: { latencyMs?: number; concurrency?: number; log?: (m: string) => void } = {},
): Promise<DigestBenchResult> {
  const latencyMs = options.latencyMs ?? 1_000;
  const concurrency = options.concurrency ?? 4;
  const log = options.log ?? (() => {});
  const articles: StoredArticle[] = labelledArticles(loadStoryEvents().map((e) => e.file)).map((a) => ({
    ...a,
    contentHash: "",
    firstSeenAt: a.publishedAt ?? "2026-03-01T00:00:00.000Z",
  }));
  const window = { from: "2026-03-01T00:00:00.000Z", to: "2026-03-16T00:00:00.000Z" };

  let start = process.cpuUsage();
  const groups = groupStories(articles);
  const groupCpuMs = cpuMs(start);
  log(`grouped ${articles.length} articles into ${groups.length} stories in ${groupCpuMs.toFixed(0)} ms of CPU`);

  const perStory: number[] = [];
  start = process.cpuUsage();
  let wall = performance.now();
  await buildDigest(groups, articles, window, {
    concurrency: 1,
    log: () => {
      perStory.push(cpuMs(start) - perStory.reduce((s, x) => s + x, 0));
    },
  });
  const extractiveResult = {
    cpuMs: cpuMs(start),
    wallMs: performance.now() - wall,
    perStoryCpuMs: { median: median(perStory), max: Math.max(...perStory) },
  };
  log(`summarized ${groups.length} stories extractively in ${extractiveResult.cpuMs.toFixed(0)} ms of CPU`);

  // An LLM that waits `latency` ms and then answers what the extractive backend would: the wait is the point.
  let inFlight = 0;
  let callsInFlightMax = 0;
  const slowLlm: LlmBackend = {
    model: "bench-latency",
    async summarize(analysis, maxSentences) {
      inFlight++;
      callsInFlightMax = Math.max(callsInFlightMax, inFlight);
      await new Promise((ok) => setTimeout(ok, latencyMs));
      inFlight--;
      return { sentences: extractive(analysis, maxSentences), model: "bench-latency", promptChars: 0 };
    },
  };
  start = process.cpuUsage();
  wall = performance.now();
  await buildDigest(groups, articles, window, { concurrency, llm: slowLlm });
  const llm = { latencyMs, concurrency, wallMs: performance.now() - wall, cpuMs: cpuMs(start), callsInFlightMax };
  log(`with an LLM answering after ${latencyMs} ms at concurrency ${concurrency}: ${(llm.wallMs / 1000).toFixed(1)} s`);
  return { articles: articles.length, stories: groups.length, groupCpuMs, extractive: extractiveResult, llm };
}

/** The result as a Markdown table. */
export function renderDigestBench(r: DigestBenchResult): string {
  const ms = (x: number) => `${Math.round(x).toLocaleString("en-US")} ms`;
  return [
    `| digest in-process, ${r.articles} articles → ${r.stories} stories | value |`,
    "|---|---|",
    `| grouping (CPU) | ${ms(r.groupCpuMs)} |`,
    `| extractive summaries, all stories (CPU) | ${ms(r.extractive.cpuMs)} |`,
    `| extractive, per story (CPU, median / max) | ${ms(r.extractive.perStoryCpuMs.median)} / ` +
      `${ms(r.extractive.perStoryCpuMs.max)} |`,
    `| LLM after ${r.llm.latencyMs} ms, ${r.llm.concurrency} at once (wall) | ${ms(r.llm.wallMs)} |`,
    `| LLM path (CPU) | ${ms(r.llm.cpuMs)} |`,
    `| LLM calls in flight, most | ${r.llm.callsInFlightMax} |`,
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { latency: { type: "string" }, concurrency: { type: "string" } } });
  const result = await runDigestBench({
    latencyMs: Number(values.latency ?? 1_000),
    concurrency: Number(values.concurrency ?? 4),
    log: (m) => process.stderr.write(`${m}\n`),
  });
  console.log(renderDigestBench(result));
  mkdirSync(join(root, "bench/out"), { recursive: true });
  writeFileSync(join(root, "bench/out/digest.json"), `${JSON.stringify(result, null, 2)}\n`);
}
