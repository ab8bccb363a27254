/**
 * `npm run bench:cluster [-- --sizes 1000,10000,50000 --all-pairs-cap-ms 30000]`: article-level near duplicates
 * and story grouping at digest scale (issue 8). Synthetic, seeded articles: originals, and of them verbatim
 * copies, trimmed copies, lightly edited copies and copies with figures changed (the known copies), plus
 * look-alikes that are not copies (the same template with other names and figures; another outlet quoting two
 * sentences). For each size: findWireCopies' throughput (one core), its growth from 1k to 10k, pair precision and
 * recall against the known copies, peak memory, and exact all-pairs checking as the baseline where it finishes
 * within a time cap. groupStories is timed on synthetic multi-outlet stories. Writes bench/out/cluster.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { adjustedRandIndex } from "../evals/stories.js";
import { groupStories } from "../src/digest/cluster.js";
import type { GroupableArticle } from "../src/digest/types.js";
import { findWireCopies, isCopy, sketchText, WIRE_COPY_DEFAULTS } from "../src/digest/wire-copies.js";

const root = fileURLToPath(new URL("..", import.meta.url));

/** A deterministic pseudo-random generator, so every run benchmarks the same corpus. */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = x;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const SYLLABLES =
  "ba ko ri ten mal su de vor an lin ca pe tro gu sel mi no har ves qui lo dan fer zu plo ek ost ran bi".split(" ");

/** Words drawn with a Zipf-like skew, as news text is: a few words everywhere, most words rare. */
function vocabulary(random: () => number, size: number, capital: boolean): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    let w = "";
    const n = 1 + Math.floor(random() * 3);
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)]!;
    words.add(capital ? w[0]!.toUpperCase() + w.slice(1) : w);
  }
  return [...words];
}

interface Generator {
  random: () => number;
  word: () => string;
  name: () => string;
  figure: () => string;
}

function generator(seed: number): Generator {
  const random = rng(seed);
  const words = vocabulary(random, 12_000, false);
  const names = vocabulary(random, 4_000, true);
  const zipf = () => words[Math.min(words.length - 1, Math.floor(Math.exp(random() * Math.log(words.length))) - 1)]!;
  return {
    random,
    word: zipf,
    name: () => names[Math.floor(random() * names.length)]!,
    figure: () => {
      const r = random();
      if (r < 0.4) return String(2 + Math.floor(random() * 98));
      if (r < 0.7) return `${(1 + random() * 9).toFixed(1)}`;
      return (1_000 + Math.floor(random() * 900_000)).toLocaleString("en-US");
    },
  };
}

/** One sentence: mostly vocabulary, with the article's names and now and then a figure. */
function sentence(g: Generator, names: string[]): string {
  const n = 10 + Math.floor(g.random() * 13);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = g.random();
    if (r < 0.08) out.push(names[Math.floor(g.random() * names.length)]!);
    else if (r < 0.12) out.push(g.figure());
    else out.push(g.word());
  }
  const s = out.join(" ");
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

function paragraphs(g: Generator, names: string[], count: number): string[][] {
  const sentences = () => 1 + Math.floor(g.random() * 3);
  return Array.from({ length: count }, () => Array.from({ length: sentences() }, () => sentence(g, names)));
}

const join2 = (ps: string[][]) => ps.map((p) => p.join(" ")).join("\n\n");

export type CopyKind = "verbatim" | "trimmed" | "edited" | "figures" | "template" | "quoting";

/**
 * A seeded corpus of `size` articles with its known copies (copy id → original id). "template" and "quoting"
 * articles resemble an original but are not copies of it.
 */
export function copyCorpus(
  size: number,
  seed = 7,
): { articles: GroupableArticle[]; copies: Map<string, string>; kinds: Map<string, CopyKind> } {
  const g = generator(seed);
  const articles: GroupableArticle[] = [];
  const copies = new Map<string, string>();
  const kinds = new Map<string, CopyKind>();
  const originals: { id: string; names: string[]; body: string[][]; at: number }[] = [];
  const t0 = Date.parse("2026-03-01T00:00:00Z");
  for (let i = 0; i < size; i++) {
    const id = `n${i}`;
    const r = g.random();
    const base = originals.length > 0 ? originals[Math.floor(g.random() * originals.length)]! : undefined;
    const at = t0 + Math.floor(g.random() * 7 * 86_400_000);
    if (!base || r < 0.6) {
      const names = Array.from({ length: 3 + Math.floor(g.random() * 3) }, () => g.name());
      const body = paragraphs(g, names, 4 + Math.floor(g.random() * 6));
      originals.push({ id, names, body, at });
      articles.push({ id, text: join2(body), publishedAt: new Date(at).toISOString(), source: "Wire Press" });
      continue;
    }
    const later = new Date(base.at + 60_000 * (5 + Math.floor(g.random() * 600))).toISOString();
    let kind: CopyKind;
    let body = base.body.map((p) => [...p]);
    if (r < 0.68) {
      kind = "verbatim";
    } else if (r < 0.76) {
      kind = "trimmed";
      body = body.slice(0, Math.max(2, Math.ceil(body.length * (0.5 + g.random() * 0.4))));
    } else if (r < 0.84) {
      kind = "edited";
      // A few words swapped, one sentence dropped and one added: what a copy desk does to a wire story.
      for (let k = 0; k < 4; k++) {
        const p = body[Math.floor(g.random() * body.length)]!;
        const s = Math.floor(g.random() * p.length);
        const words = p[s]!.split(" ");
        words[1 + Math.floor(g.random() * (words.length - 2))] = g.word();
        p[s] = words.join(" ");
      }
      const longest = body.reduce((m, p, k) => (p.length > body[m]!.length ? k : m), 0);
      if (body[longest]!.length > 1) body[longest]!.pop();
      body.push([sentence(g, base.names)]);
    } else if (r < 0.9) {
      kind = "figures";
      let changed = 0;
      const change = (m: string) => {
        changed++;
        return m === "9" ? "8" : `${m}1`;
      };
      body = body.map((p) => p.map((s) => (changed < 2 ? s.replace(/\d[\d,.]*/, change) : s)));
    } else if (r < 0.95) {
      kind = "template";
      const names = base.names.map(() => g.name());
      const swap = new Map(base.names.map((n, k) => [n, names[k]!]));
      const rewrite = (s: string) =>
        s.replace(/\p{Lu}\p{Ll}+/gu, (m) => swap.get(m) ?? m).replace(/\d[\d,.]*/g, () => g.figure());
      body = body.map((p) => p.map(rewrite));
    } else {
      kind = "quoting";
      const quoted = base.body.flat().slice(0, 2);
      const names = [...base.names.slice(0, 2), g.name(), g.name()];
      body = paragraphs(g, names, 4 + Math.floor(g.random() * 4));
      body.splice(1, 0, quoted);
    }
    articles.push({ id, text: join2(body), publishedAt: later, source: "Other Outlet" });
    kinds.set(id, kind);
    if (kind !== "template" && kind !== "quoting") copies.set(id, base.id);
  }
  return { articles, copies, kinds };
}

/** Precision and recall of found copy pairs against the known ones, as unordered pairs. */
export function pairScores(
  found: Record<string, string>,
  known: Map<string, string>,
): { precision: number; recall: number; found: number; known: number } {
  const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const gold = new Set([...known].map(([c, o]) => key(c, o)));
  const got = new Set(Object.entries(found).map(([c, o]) => key(c, o)));
  let hit = 0;
  for (const p of got) if (gold.has(p)) hit++;
  return {
    precision: got.size === 0 ? 1 : hit / got.size,
    recall: gold.size === 0 ? 1 : hit / gold.size,
    found: got.size,
    known: gold.size,
  };
}

/**
 * The baseline: every pair judged by the same `isCopy`, grouped and resolved to an original as findWireCopies
 * does. Stops at `capMs` and reports how far it got.
 */
function allPairsCopies(
  articles: GroupableArticle[],
  capMs: number,
): { ms: number; done: boolean; pairsChecked: number; copies: Record<string, string> } {
  const started = performance.now();
  const sketches = articles.map((a) => sketchText(a.text));
  const parent = articles.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  let checked = 0;
  for (let i = 0; i < sketches.length; i++) {
    if (i > 0 && (i & 63) === 0 && performance.now() - started > capMs) {
      return { ms: performance.now() - started, done: false, pairsChecked: checked, copies: {} };
    }
    for (let j = i + 1; j < sketches.length; j++) {
      checked++;
      if (isCopy(sketches[i]!, sketches[j]!, WIRE_COPY_DEFAULTS)) {
        const a = find(i);
        const b = find(j);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  const byRoot = new Map<number, number[]>();
  articles.forEach((_, i) => {
    byRoot.set(find(i), [...(byRoot.get(find(i)) ?? []), i]);
  });
  const copies: Record<string, string> = {};
  for (const list of byRoot.values()) {
    if (list.length < 2) continue;
    const at = (i: number) => articles[i]!.publishedAt!;
    const first = [...list].sort((x, y) => at(x).localeCompare(at(y)) || x - y)[0]!;
    for (const i of list) if (i !== first) copies[articles[i]!.id] = articles[first]!.id;
  }
  return { ms: performance.now() - started, done: true, pairsChecked: checked, copies };
}

/**
 * Synthetic multi-outlet stories for timing groupStories: each event has its own names, figures and topic
 * words; each of its 3–6 articles mixes them with the common vocabulary.
 */
export function storyCorpus(size: number, seed = 11): { articles: GroupableArticle[]; event: Map<string, number> } {
  const g = generator(seed);
  const articles: GroupableArticle[] = [];
  const event = new Map<string, number>();
  const t0 = Date.parse("2026-03-01T00:00:00Z");
  for (let e = 0; articles.length < size; e++) {
    const names = Array.from({ length: 4 }, () => `${g.name()} ${g.name()}`);
    const topic = Array.from({ length: 15 }, () => g.word());
    const figures = Array.from({ length: 3 }, () => g.figure());
    const day = t0 + Math.floor(g.random() * 14) * 86_400_000;
    const outlets = 3 + Math.floor(g.random() * 4);
    for (let k = 0; k < outlets && articles.length < size; k++) {
      const text = Array.from({ length: 4 + Math.floor(g.random() * 4) }, () => {
        const n = 12 + Math.floor(g.random() * 12);
        const words = Array.from({ length: n }, () => {
          const r = g.random();
          if (r < 0.3) return topic[Math.floor(g.random() * topic.length)]!;
          if (r < 0.36) return names[Math.floor(g.random() * names.length)]!;
          if (r < 0.39) return figures[Math.floor(g.random() * figures.length)]!;
          return g.word();
        });
        return `${words.join(" ")}.`.replace(/^./, (c) => c.toUpperCase());
      }).join("\n\n");
      const title = `${names[0]} ${topic.slice(0, 4).join(" ")}`;
      const id = `s${articles.length}`;
      const publishedAt = new Date(day + Math.floor(g.random() * 86_400_000)).toISOString();
      articles.push({ id, title, text, publishedAt });
      event.set(id, e);
    }
  }
  return { articles, event };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}

export interface CopyRow {
  articles: number;
  knownCopies: number;
  ms: number;
  articlesPerSecond: number;
  precision: number;
  recall: number;
  recallByKind: Record<string, number>;
  falseByKind: Record<string, number>;
  heapUsedMb: number;
  peakRssMb: number;
  allPairs: {
    ms: number;
    done: boolean;
    pairsChecked: number;
    /** When stopped at the cap: its rate over the pairs it checked, applied to all pairs. */
    estimatedMs?: number;
    precision?: number;
    recall?: number;
    speedup?: number;
  };
}

export interface GroupRow {
  articles: number;
  ms: number;
  articlesPerSecond: number;
  stories: number;
  events: number;
  ari: number;
  peakRssMb: number;
}

export interface ClusterBenchResult {
  node: string;
  date: string;
  copies: CopyRow[];
  /** time(10k) / time(1k) of findWireCopies; ≤ 12 is the floor (10× the articles). */
  growth10kOver1k: number | null;
  grouping: GroupRow[];
}

/**
 * Runs the bench and returns its numbers (bench/run.ts may call it).
 *
 * @example
 * const r = runClusterBench({ sizes: [1000], groupSizes: [1000] }); r.copies[0].articlesPerSecond
 */
export function runClusterBench(
  options: { sizes?: number[]; groupSizes?: number[]; allPairsCapMs?: number; log?: (line: string) => void } = {},
): ClusterBenchResult {
  const sizes = options.sizes ?? [1_000, 10_000, 50_000];
  const groupSizes = options.groupSizes ?? [1_000, 10_000];
  const cap = options.allPairsCapMs ?? 30_000;
  const log = options.log ?? (() => {});
  // Warm the JIT on a small corpus so the first size is not charged for compilation.
  findWireCopies(copyCorpus(300, 99).articles);
  groupStories(storyCorpus(200, 99).articles);

  // Grouping first: peak RSS is the process's peak so far, so each row's figure is its own or a smaller size's.
  const grouping: GroupRow[] = [];
  for (const size of groupSizes) {
    const { articles, event } = storyCorpus(size);
    const started = performance.now();
    const groups = groupStories(articles);
    const ms = performance.now() - started;
    const label = new Map<string, number>();
    groups.forEach((g, i) => {
      for (const id of g.articleIds) label.set(id, i);
    });
    const row: GroupRow = {
      articles: size,
      ms: Math.round(ms),
      articlesPerSecond: Math.round(size / (ms / 1000)),
      stories: groups.length,
      events: new Set(event.values()).size,
      ari: Number(
        adjustedRandIndex(
          articles.map((a) => event.get(a.id)!),
          articles.map((a) => label.get(a.id)!),
        ).toFixed(4),
      ),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    log(`groupStories ${size}: ${row.ms} ms, ${row.stories} stories for ${row.events} events, ARI ${row.ari}`);
    grouping.push(row);
  }
  const copies: CopyRow[] = [];
  for (const size of sizes) {
    const { articles, copies: known, kinds } = copyCorpus(size);
    // The machine is shared: the median of a few runs, more for the small sizes that a hiccup distorts most.
    const runs = size <= 1_000 ? 7 : size <= 10_000 ? 3 : 1;
    const times: number[] = [];
    let found: Record<string, string> = {};
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      found = findWireCopies(articles);
      times.push(performance.now() - started);
    }
    const ms = median(times);
    const scores = pairScores(found, known);
    const recallByKind: Record<string, number> = {};
    const falseByKind: Record<string, number> = {};
    for (const kind of ["verbatim", "trimmed", "edited", "figures"]) {
      const ids = [...kinds].filter(([, k]) => k === kind).map(([id]) => id);
      recallByKind[kind] = ids.length === 0 ? 1 : ids.filter((id) => found[id] === known.get(id)).length / ids.length;
    }
    for (const kind of ["template", "quoting"]) {
      falseByKind[kind] = [...kinds].filter(([id, k]) => k === kind && found[id] !== undefined).length;
    }
    const row: CopyRow = {
      articles: size,
      knownCopies: known.size,
      ms: Math.round(ms),
      articlesPerSecond: Math.round(size / (ms / 1000)),
      precision: Number(scores.precision.toFixed(4)),
      recall: Number(scores.recall.toFixed(4)),
      recallByKind,
      falseByKind,
      heapUsedMb: mb(process.memoryUsage().heapUsed),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      allPairs: { ms: 0, done: false, pairsChecked: 0 },
    };
    if (size <= 10_000) {
      const base = allPairsCopies(articles, cap);
      row.allPairs = { ms: Math.round(base.ms), done: base.done, pairsChecked: base.pairsChecked };
      if (!base.done && base.pairsChecked > 0) {
        const all = (size * (size - 1)) / 2;
        row.allPairs.estimatedMs = Math.round((base.ms * all) / base.pairsChecked);
        row.allPairs.speedup = Number((row.allPairs.estimatedMs / ms).toFixed(1));
      }
      if (base.done) {
        const s = pairScores(base.copies, known);
        row.allPairs.precision = Number(s.precision.toFixed(4));
        row.allPairs.recall = Number(s.recall.toFixed(4));
        row.allPairs.speedup = Number((base.ms / ms).toFixed(1));
      }
    }
    log(
      `findWireCopies ${size}: ${row.ms} ms, ${row.articlesPerSecond}/s, P ${row.precision} R ${row.recall}, ` +
        `all pairs ${size > 10_000 ? "not run" : `${row.allPairs.done ? "" : "stopped at "}${row.allPairs.ms} ms`}`,
    );
    copies.push(row);
  }
  const at = (n: number) => copies.find((c) => c.articles === n)?.ms;
  const growth = at(1_000) && at(10_000) ? Number((at(10_000)! / at(1_000)!).toFixed(2)) : null;

  return { node: process.version, date: new Date().toISOString(), copies, growth10kOver1k: growth, grouping };
}

function table(head: string[], rows: (string | number)[][]): string[] {
  const cells = rows.map((row) => row.map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => x.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(head), ...cells.map(line)];
}

/** The bench as a table for people. */
export function renderClusterBench(r: ClusterBenchResult): string {
  const lines = ["findWireCopies (MinHash/LSH + exact check) vs exact all pairs, one core"];
  lines.push(
    ...table(
      [
        "articles",
        "copies",
        "ms",
        "articles/s",
        "precision",
        "recall",
        "all-pairs ms",
        "×faster",
        "all-pairs P/R",
        "heap MB",
        "peak RSS so far MB",
      ],
      r.copies.map((c) => [
        c.articles,
        c.knownCopies,
        c.ms,
        c.articlesPerSecond,
        c.precision,
        c.recall,
        c.articles > 10_000 ? "not run" : c.allPairs.done ? c.allPairs.ms : `~${c.allPairs.estimatedMs} (est.)`,
        c.allPairs.speedup ?? "-",
        c.allPairs.precision !== undefined ? `${c.allPairs.precision}/${c.allPairs.recall}` : "-",
        c.heapUsedMb,
        c.peakRssMb,
      ]),
    ),
  );
  const growth = r.growth10kOver1k ?? "n/a";
  lines.push(`time(10k)/time(1k): ${growth} (floor ≤ 12); ms are medians (7 runs at 1k, 3 at 10k)`);
  for (const c of r.copies) {
    if (!c.allPairs.estimatedMs) continue;
    lines.push(`  all pairs at ${c.articles}: ${c.allPairs.pairsChecked} pairs in ${c.allPairs.ms} ms before the cap`);
  }
  for (const c of r.copies) {
    lines.push(`  ${c.articles}: recall by kind ${JSON.stringify(c.recallByKind)}`);
    lines.push(`  ${c.articles}: look-alikes marked as copies ${JSON.stringify(c.falseByKind)}`);
  }
  lines.push("", "groupStories on synthetic multi-outlet stories");
  lines.push(
    ...table(
      ["articles", "ms", "articles/s", "stories", "events", "ARI", "peak RSS so far MB"],
      r.grouping.map((g) => [g.articles, g.ms, g.articlesPerSecond, g.stories, g.events, g.ari, g.peakRssMb]),
    ),
  );
  return lines.join("\n");
}

function main(): void {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "1000,10000,50000" },
      "group-sizes": { type: "string", default: "1000,10000" },
      "all-pairs-cap-ms": { type: "string", default: "30000" },
    },
  });
  const result = runClusterBench({
    sizes: values.sizes.split(",").map(Number),
    groupSizes: values["group-sizes"]
      .split(",")
      .filter((s) => s !== "")
      .map(Number),
    allPairsCapMs: Number(values["all-pairs-cap-ms"]),
    log: (line) => console.error(line),
  });
  console.log(renderClusterBench(result));
  mkdirSync(join(root, "bench/out"), { recursive: true });
  writeFileSync(join(root, "bench/out/cluster.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log("wrote bench/out/cluster.json");
}

if (process.argv[1] && /bench[\\/]cluster\.ts$/.test(process.argv[1])) main();
