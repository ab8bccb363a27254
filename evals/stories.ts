/**
 * The "stories" suite: story grouping and wire-copy marking on labelled events (evals/data/stories/NN-slug.json),
 * each told by several outlets in their own words. All articles of a half go into one window, as the digest
 * would see them. Events 01–18 are the tuning half (grouping's defaults were chosen on them only); 19–36 are
 * held out and carry the gate. A baseline runs in the same pass: TF-IDF cosine over body words, average
 * linkage, its threshold swept and the best ARI kept.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { averageLinkage, groupStories, tfidfVectors } from "../src/digest/cluster.js";
import type { GroupableArticle, StoryGroup } from "../src/digest/types.js";
import { contentKeys } from "../src/pipeline/lexicon.js";
import { ROOT } from "./suite.js";

export interface StoryEventFile {
  event: string;
  day: string;
  topic: string;
  articles: { source: string; title: string; url: string; publishedAt: string; text: string; copyOf?: string }[];
}

export interface LabelledArticle extends GroupableArticle {
  event: string;
  /** Gold: the id of the article this one is a wire copy of. */
  copyOf?: string;
}

export const STORIES_DIR = join(ROOT, "evals/data/stories");

/** Events by number: `NN-slug.json` → NN. */
export function loadStoryEvents(dir = STORIES_DIR): { number: number; file: StoryEventFile }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d\d-[\w-]+\.json$/.test(f))
    .sort()
    .map((f) => ({
      number: Number(f.slice(0, 2)),
      file: JSON.parse(readFileSync(join(dir, f), "utf8")) as StoryEventFile,
    }));
}

/** One window of articles with their gold events; ids are the article URLs (unique across the set). */
export function labelledArticles(events: StoryEventFile[]): LabelledArticle[] {
  return events.flatMap((e) =>
    e.articles.map((a) => ({
      id: a.url,
      title: a.title,
      source: a.source,
      publishedAt: a.publishedAt,
      text: a.text,
      event: e.event,
      ...(a.copyOf ? { copyOf: a.copyOf } : {}),
    })),
  );
}

function choose2(n: number): number {
  return (n * (n - 1)) / 2;
}

/**
 * Adjusted Rand index of two labelings of the same items (Hubert & Arabie): 1 for identical partitions,
 * about 0 for chance agreement.
 *
 * @example
 * adjustedRandIndex(["a", "a", "b"], [1, 1, 2]) // 1
 */
export function adjustedRandIndex<A, B>(truth: A[], predicted: B[]): number {
  const n = truth.length;
  const cells = new Map<string, number>();
  const rows = new Map<A, number>();
  const cols = new Map<B, number>();
  const colIndex = new Map<B, number>();
  const rowIndex = new Map<A, number>();
  for (let i = 0; i < n; i++) {
    const t = truth[i]!;
    const p = predicted[i]!;
    if (!rowIndex.has(t)) rowIndex.set(t, rowIndex.size);
    if (!colIndex.has(p)) colIndex.set(p, colIndex.size);
    const key = `${rowIndex.get(t)}:${colIndex.get(p)}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rows.set(t, (rows.get(t) ?? 0) + 1);
    cols.set(p, (cols.get(p) ?? 0) + 1);
  }
  const index = [...cells.values()].reduce((s, c) => s + choose2(c), 0);
  const a = [...rows.values()].reduce((s, c) => s + choose2(c), 0);
  const b = [...cols.values()].reduce((s, c) => s + choose2(c), 0);
  const expected = (a * b) / choose2(n);
  const max = (a + b) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

/**
 * Share of items in the majority gold class of their predicted cluster (purity), and the same with the roles
 * swapped (inverse purity: how whole each gold event stays).
 */
export function purity<A, B>(truth: A[], predicted: B[]): { purity: number; inversePurity: number } {
  const majority = <X, Y>(by: X[], of: Y[]): number => {
    const counts = new Map<X, Map<Y, number>>();
    by.forEach((x, i) => {
      const m = counts.get(x) ?? new Map<Y, number>();
      m.set(of[i]!, (m.get(of[i]!) ?? 0) + 1);
      counts.set(x, m);
    });
    return [...counts.values()].reduce((s, m) => s + Math.max(...m.values()), 0) / by.length;
  };
  return { purity: majority(predicted, truth), inversePurity: majority(truth, predicted) };
}

/** Predicted cluster index per article, in article order. */
function labelsOf(articles: LabelledArticle[], groups: StoryGroup[]): number[] {
  const at = new Map<string, number>();
  groups.forEach((g, i) => {
    for (const id of g.articleIds) at.set(id, i);
  });
  return articles.map((a, i) => at.get(a.id) ?? groups.length + i);
}

export interface GroupingScores {
  ari: number;
  purity: number;
  inversePurity: number;
  clusters: number;
}

function scores(articles: LabelledArticle[], labels: number[]): GroupingScores {
  const truth = articles.map((a) => a.event);
  return { ari: adjustedRandIndex(truth, labels), ...purity(truth, labels), clusters: new Set(labels).size };
}

/** Thresholds the baseline is swept over: 0.02 to 0.80 by 0.01. */
export const BASELINE_GRID = Array.from({ length: 79 }, (_, i) => Math.round((0.02 + i * 0.01) * 100) / 100);

/**
 * The baseline: TF-IDF cosine over the body's stemmed content words (no title, lead, names, figures or time),
 * all pairs, average linkage; the threshold of best ARI over `grid` is kept and reported.
 */
export function baselineGrouping(
  articles: LabelledArticle[],
  grid = BASELINE_GRID,
): GroupingScores & { threshold: number } {
  const termMaps = articles.map((a) => {
    const m = new Map<string, number>();
    for (const k of contentKeys(a.text)) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  });
  const { vectors } = tfidfVectors(termMaps, 0);
  const edges: [number, number, number][] = [];
  for (let i = 0; i < vectors.length; i++) {
    for (let j = i + 1; j < vectors.length; j++) {
      const a = vectors[i]!;
      const b = vectors[j]!;
      const weights = new Map<number, number>();
      a.ids.forEach((id, k) => {
        weights.set(id, a.values[k]!);
      });
      let s = 0;
      b.ids.forEach((id, k) => {
        s += (weights.get(id) ?? 0) * b.values[k]!;
      });
      edges.push([i, j, s]);
    }
  }
  let best: GroupingScores & { threshold: number } = {
    ari: -1,
    purity: 0,
    inversePurity: 0,
    clusters: 0,
    threshold: 0,
  };
  for (const threshold of grid) {
    const labels = new Array<number>(articles.length);
    averageLinkage(articles.length, edges, threshold).forEach((c, ci) => {
      for (const i of c) labels[i] = ci;
    });
    const s = scores(articles, labels);
    if (s.ari > best.ari) best = { ...s, threshold };
  }
  return best;
}

/** Wire-copy pairs as unordered "copy|original" keys. */
function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export interface HalfReport {
  events: number;
  articles: number;
  ours: GroupingScores;
  baseline: GroupingScores & { threshold: number };
  copies: { gold: number; found: number; precision: number; recall: number; missed: string[]; wrong: string[] };
  /** Articles whose story is not their event's majority story, for people reading a miss. */
  misplaced: { id: string; event: string; groupTitle: string }[];
}

/**
 * Groups one half and scores it against the gold events and copies, with the baseline in the same run.
 *
 * @example
 * evaluateHalf(loadStoryEvents().filter((e) => e.number <= 18).map((e) => e.file)).ours.ari // 0.9…
 */
export function evaluateHalf(events: StoryEventFile[], group = groupStories): HalfReport {
  const articles = labelledArticles(events);
  const groups = group(articles.map(({ event: _e, copyOf: _c, ...a }) => a));
  const labels = labelsOf(articles, groups);
  const ours = scores(articles, labels);
  const baseline = baselineGrouping(articles);

  const gold = new Set(articles.flatMap((a) => (a.copyOf ? [pairKey(a.id, a.copyOf)] : [])));
  const found = new Set(groups.flatMap((g) => Object.entries(g.duplicateOf).map(([c, o]) => pairKey(c, o))));
  const hit = [...found].filter((p) => gold.has(p)).length;

  const majorityGroup = new Map<string, number>();
  for (const e of new Set(articles.map((a) => a.event))) {
    const counts = new Map<number, number>();
    articles.forEach((a, i) => {
      if (a.event === e) counts.set(labels[i]!, (counts.get(labels[i]!) ?? 0) + 1);
    });
    majorityGroup.set(e, [...counts].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0]![0]);
  }
  const misplaced = articles.flatMap((a, i) => {
    if (labels[i] === majorityGroup.get(a.event)) return [];
    return [{ id: a.id, event: a.event, groupTitle: groups[labels[i]!]?.title ?? "(alone)" }];
  });
  return {
    events: events.length,
    articles: articles.length,
    ours,
    baseline,
    copies: {
      gold: gold.size,
      found: found.size,
      precision: found.size === 0 ? 1 : hit / found.size,
      recall: gold.size === 0 ? 1 : hit / gold.size,
      missed: [...gold].filter((p) => !found.has(p)),
      wrong: [...found].filter((p) => !gold.has(p)),
    },
    misplaced,
  };
}

export interface StoriesResult {
  /** Metrics of the held-out half (the gate), with the tuning half's prefixed `tune`. */
  metrics: Record<string, number | null>;
  problems: string[];
  details: { tune?: HalfReport; heldOut?: HalfReport };
}

/** Tuning half: events 01–18; held out: 19–36. */
export const TUNE_LAST = 18;
export const EXPECTED_EVENTS = 36;

/**
 * Runs both halves. `problems` names missing data; the caller turns metrics into pass or fail by the thresholds.
 *
 * @example
 * runStories().metrics.ari // held-out ARI
 */
export function runStories(dir = STORIES_DIR): StoriesResult {
  const all = loadStoryEvents(dir);
  const problems: string[] = [];
  if (all.length < EXPECTED_EVENTS) {
    problems.push(`found ${all.length} event files in ${dir}, expected ${EXPECTED_EVENTS} (NN-slug.json, 01–36)`);
  }
  const tuneEvents = all.filter((e) => e.number <= TUNE_LAST).map((e) => e.file);
  const heldEvents = all.filter((e) => e.number > TUNE_LAST).map((e) => e.file);
  const tune = tuneEvents.length > 0 ? evaluateHalf(tuneEvents) : undefined;
  const heldOut = heldEvents.length > 0 ? evaluateHalf(heldEvents) : undefined;
  if (!heldOut) problems.push("no held-out events (19–36): the gate cannot be measured");
  const m = (h: HalfReport | undefined, prefix: string): Record<string, number | null> => {
    const name = (k: string) => (prefix ? `${prefix}${k[0]!.toUpperCase()}${k.slice(1)}` : k);
    return {
      [name("events")]: h?.events ?? null,
      [name("ari")]: h?.ours.ari ?? null,
      [name("purity")]: h?.ours.purity ?? null,
      [name("inversePurity")]: h?.ours.inversePurity ?? null,
      [name("clusters")]: h?.ours.clusters ?? null,
      [name("baselineAri")]: h?.baseline.ari ?? null,
      [name("baselinePurity")]: h?.baseline.purity ?? null,
      [name("baselineInversePurity")]: h?.baseline.inversePurity ?? null,
      [name("baselineClusters")]: h?.baseline.clusters ?? null,
      [name("baselineThreshold")]: h?.baseline.threshold ?? null,
      [name("ariOverBaseline")]: h ? h.ours.ari - h.baseline.ari : null,
      [name("copyPrecision")]: h?.copies.precision ?? null,
      [name("copyRecall")]: h?.copies.recall ?? null,
    };
  };
  return {
    metrics: { ...m(heldOut, ""), ...m(tune, "tune") },
    problems,
    details: { ...(tune ? { tune } : {}), ...(heldOut ? { heldOut } : {}) },
  };
}
