/**
 * `npm run bench`: speed and memory of the pipeline, each against a baseline measured in the same run.
 *   dedup      MinHash/LSH candidates + exact check (src/pipeline/dedup.ts) vs exact Jaccard over all pairs
 *   summarize  the whole extractive request at the contract's limits (50 articles), per article count
 * Writes bench/out/latest.json. Numbers vary by machine; the ratios are what to compare.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { analyze } from "../src/pipeline/analyze.js";
import { clean } from "../src/pipeline/clean.js";
import { dedup, SENTENCE_SIMILARITY } from "../src/pipeline/dedup.js";
import { featuresOf } from "../src/pipeline/features.js";
import { contentKeys } from "../src/pipeline/lexicon.js";
import { jaccard, shingle } from "../src/pipeline/minhash.js";
import { segment } from "../src/pipeline/segment.js";
import type { Article } from "../src/pipeline/types.js";
import { summarize } from "../src/summarize.js";
import { loadStorySuite } from "../evals/suite.js";

const root = fileURLToPath(new URL("..", import.meta.url));

/** A deterministic pseudo-random generator, so every run benchmarks the same corpus. */
function rng(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return x / 2 ** 32;
  };
}

/**
 * A synthetic story of `count` articles built from the eval suites' real sentences: each article reuses some
 * sentences (as outlets do), lightly reworded, with a few numbers changed, so there are true near-duplicates.
 */
function corpus(count: number, sentencesPerArticle: number): Article[] {
  const pool = ["seeds", "harbor-fire", "dairy-merger"].flatMap((n) =>
    loadStorySuite(n).articles.flatMap((a) => segment(a.id, a.text, clean(a.text).regions).map((s) => s.text)),
  );
  const random = rng(42);
  const words = ["officials", "said", "reported", "on", "Monday", "talks", "new", "the", "and"];
  return Array.from({ length: count }, (_, i) => {
    const lines: string[] = [];
    for (let k = 0; k < sentencesPerArticle; k++) {
      let s = pool[Math.floor(random() * pool.length)]!;
      if (random() < 0.3) s = s.replace(/\b(said|told)\b/, "stated");
      if (random() < 0.2) s = s.replace(/\d+/, (d) => String(Number(d) + 1));
      if (random() < 0.3) s = `${s.replace(/[.!?]$/, "")} ${words[Math.floor(random() * words.length)]}.`;
      lines.push(s);
    }
    return { id: `b${i}`, text: lines.join("\n") };
  });
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = fn();
  return { ms: performance.now() - started, value };
}

function heapMb(): number {
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function main() {
  const results: Record<string, unknown> = { node: process.version, date: new Date().toISOString() };

  for (const [articles, per] of [[10, 60], [25, 80], [50, 100]] as const) {
    const docs = corpus(articles, per);
    const inputs = docs.map((a) => ({
      id: a.id,
      sentences: segment(a.id, a.text, clean(a.text).regions).map((s) => ({ ...s, features: featuresOf(s.text) })),
    }));
    const sentences = inputs.flatMap((i) => i.sentences);
    // Warm up both paths once so JIT compilation is not measured.
    dedup(inputs.slice(0, 2));
    const lsh = time(() => dedup(inputs));
    const baseline = time(() => {
      const sets = sentences.map((s) => shingle(contentKeys(s.text).join(" ")));
      let pairs = 0;
      for (let i = 0; i < sets.length; i++) {
        for (let j = i + 1; j < sets.length; j++) {
          if (sentences[i]!.articleId !== sentences[j]!.articleId && jaccard(sets[i]!, sets[j]!) >= SENTENCE_SIMILARITY) pairs++;
        }
      }
      return pairs;
    });
    const row = {
      articles,
      sentences: sentences.length,
      allPairs: (sentences.length * (sentences.length - 1)) / 2,
      lshMs: Math.round(lsh.ms),
      allPairsMs: Math.round(baseline.ms),
      speedup: Number((baseline.ms / lsh.ms).toFixed(2)),
      units: lsh.value.units.length,
      similarPairsAllPairs: baseline.value,
    };
    console.log(`dedup ${articles} articles, ${sentences.length} sentences: LSH ${row.lshMs} ms, all pairs ${row.allPairsMs} ms (×${row.speedup})`);
    (results.dedup ??= [] as unknown[]) && (results.dedup as unknown[]).push(row);
  }

  for (const articles of [5, 20, 50]) {
    const docs = corpus(articles, 100);
    const before = heapMb();
    const run = await (async () => {
      const started = performance.now();
      const res = await summarize(docs, { backend: "extractive" });
      return { ms: performance.now() - started, res };
    })();
    const analysis = time(() => analyze(docs));
    const row = {
      articles,
      inputChars: run.res.stats.inputChars,
      summarizeMs: Math.round(run.ms),
      analyzeMs: Math.round(analysis.ms),
      verifyAndSelectMs: Math.round(run.ms - analysis.ms),
      charsPerSecond: Math.round(run.res.stats.inputChars / (run.ms / 1000)),
      heapGrowthMb: Number((heapMb() - before).toFixed(1)),
    };
    console.log(`summarize ${articles} articles (${row.inputChars} chars): ${row.summarizeMs} ms, ${row.charsPerSecond} chars/s, heap +${row.heapGrowthMb} MB`);
    (results.summarize ??= [] as unknown[]) && (results.summarize as unknown[]).push(row);
  }

  mkdirSync(join(root, "bench/out"), { recursive: true });
  writeFileSync(join(root, "bench/out/latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log("wrote bench/out/latest.json");
}

void main();
