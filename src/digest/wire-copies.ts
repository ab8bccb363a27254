import { containment, fnv1a, jaccard, mix, signature } from "../pipeline/minhash.js";
import { unionFind } from "../pipeline/union-find.js";
import type { GroupableArticle } from "./types.js";

/**
 * Article-level near duplicates among a digest window's articles: wire copies printed verbatim, trimmed, lightly
 * edited or retitled. Word 3-shingles (numbers masked, so a changed figure costs only its own shingles) are
 * sketched with MinHash; LSH bands propose candidates, and each candidate is verified on the exact shingle sets.
 * Work grows with the number of articles and of similar pairs, never with all pairs.
 */

export interface WireCopyOptions {
  /** Shingle Jaccard from which two articles are copies of one text. */
  minJaccard: number;
  /** Share of the shorter article's shingles found in the longer one from which it is a trimmed copy. */
  minContainment: number;
  /** When figures or names differ, how alike the rest must be (Jaccard or containment) to be the same copy. */
  factsChangedSimilarity: number;
  /** Articles with fewer distinct shingles are only matched when identical: too short to judge. */
  minShingles: number;
  bands: number;
  rows: number;
  /** Members of one LSH bucket compared with each later member; bounds the cost of a degenerate bucket. */
  bucketFanout: number;
}

/** Picked on bench/cluster.ts (synthetic copies and templated look-alikes) and the stories eval's copyOf pairs. */
export const WIRE_COPY_DEFAULTS: WireCopyOptions = {
  minJaccard: 0.5,
  minContainment: 0.8,
  factsChangedSimilarity: 0.9,
  minShingles: 12,
  bands: 40,
  rows: 3,
  bucketFanout: 8,
};

/** What copy detection keeps of one article: its shingle set (sorted, unique), its figures and its names. */
export interface CopySketch {
  shingles: Uint32Array;
  /** Each figure by the words around it (two before, two after): the same slot with another value is a change. */
  figures: Map<number, string>;
  /** Capitalised words inside sentences, folded: who and where the text is about. */
  names: Set<string>;
  /** The whole normalised text: identical texts meet without LSH. */
  exact: string;
}

const WORD = /[\p{L}\p{N}]+(?:[.,][\p{N}]+)*/gu;
const SENTENCE_END = /[.!?:"“”]/;

const NUMBER_TOKEN = fnv1a("#");

/**
 * The shingles, figures and names of a text, folded for case, diacritics, punctuation and white space.
 *
 * @example
 * sketchText("Fire kills 3 at Kestrel Bay").names // Set { "kestrel", "bay" }
 */
export function sketchText(text: string): CopySketch {
  // Only non-ASCII text pays for Unicode folding.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, control characters included
  const plain = /^[\x00-\x7f]*$/.test(text) ? text : text.normalize("NFKD").replace(/\p{M}/gu, "");
  const tokens: number[] = [];
  const values: [number, string][] = [];
  const names = new Set<string>();
  let lastEnd = 0;
  for (const m of plain.matchAll(WORD)) {
    const w = m[0];
    const c = w.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      values.push([tokens.length, w.replace(/,/g, "")]);
      tokens.push(NUMBER_TOKEN);
    } else {
      const lower = w.toLowerCase();
      if (lower !== w && lower[0] !== w[0] && tokens.length > 0 && !SENTENCE_END.test(plain.slice(lastEnd, m.index))) {
        names.add(lower);
      }
      tokens.push(fnv1a(lower));
    }
    lastEnd = m.index + w.length;
  }
  const set = new Set<number>();
  if (tokens.length > 0 && tokens.length < 3) set.add(mix(tokens.reduce((h, t) => Math.imul(h, 31) + t, 7)));
  for (let i = 0; i + 3 <= tokens.length; i++) {
    set.add(mix((Math.imul(tokens[i]!, 0x9e3779b1) ^ Math.imul(tokens[i + 1]!, 0x85ebca77)) + tokens[i + 2]!));
  }
  const figures = new Map<number, string>();
  for (const [at, value] of values) {
    const around = [tokens[at - 2] ?? 1, tokens[at - 1] ?? 2, tokens[at + 1] ?? 3, tokens[at + 2] ?? 4];
    figures.set(
      around.reduce((h, t) => mix(Math.imul(h, 0x9e3779b1) ^ t), 17),
      value,
    );
  }
  return { shingles: Uint32Array.from(set).sort(), figures, names, exact: tokens.join(",") };
}

/**
 * Whether a figure was changed (the same words around it, another value), or the shorter text names more than
 * one who or where that the longer does not: then it may be another report on the same template (another
 * company's results) and must be near-identical otherwise to count as a copy. A figure in an added sentence is
 * no change, and a trimmed tail only drops names.
 */
function factsDiffer(a: CopySketch, b: CopySketch): boolean {
  for (const [slot, value] of a.figures) {
    const other = b.figures.get(slot);
    if (other !== undefined && other !== value) return true;
  }
  const [small, large] = a.shingles.length <= b.shingles.length ? [a, b] : [b, a];
  let missing = 0;
  for (const n of small.names) if (!large.names.has(n) && ++missing >= 2) return true;
  return false;
}

/**
 * Whether two sketched articles are copies of one text. Exported for the bench's all-pairs baseline, which must
 * judge a pair exactly as the indexed search does.
 *
 * @example
 * isCopy(sketchText(story), sketchText(story + " Updated.")) // true
 */
export function isCopy(a: CopySketch, b: CopySketch, options: WireCopyOptions = WIRE_COPY_DEFAULTS): boolean {
  if (a.exact === b.exact) return a.exact !== "";
  if (Math.min(a.shingles.length, b.shingles.length) < options.minShingles) return false;
  const j = jaccard(a.shingles, b.shingles);
  const differ = factsDiffer(a, b);
  const minJaccard = differ ? Math.max(options.factsChangedSimilarity, options.minJaccard) : options.minJaccard;
  if (j >= minJaccard) return true;
  const minContainment = differ
    ? Math.max(options.factsChangedSimilarity, options.minContainment)
    : options.minContainment;
  return containment(a.shingles, b.shingles) >= minContainment;
}

const WIRE_SOURCE = /\b(ap|associated press|reuters|afp|agence france|dpa|upi|press association|wire)\b/i;

/** Earliest published first; then a wire agency; then the shorter id; then the id. */
function originalFirst(a: GroupableArticle, b: GroupableArticle): number {
  const ta = a.publishedAt ? Date.parse(a.publishedAt) : Number.NaN;
  const tb = b.publishedAt ? Date.parse(b.publishedAt) : Number.NaN;
  const va = Number.isNaN(ta) ? Number.POSITIVE_INFINITY : ta;
  const vb = Number.isNaN(tb) ? Number.POSITIVE_INFINITY : tb;
  if (va !== vb) return va < vb ? -1 : 1;
  const wa = WIRE_SOURCE.test(a.source ?? "") ? 0 : 1;
  const wb = WIRE_SOURCE.test(b.source ?? "") ? 0 : 1;
  if (wa !== wb) return wa - wb;
  if (a.id.length !== b.id.length) return a.id.length - b.id.length;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Candidate pairs from LSH bands over MinHash signatures. Each bucket pairs a member only with the first
 * `fanout` members before it: copies of one text share many buckets, so a chain through the bucket's first
 * members still joins them, and a bucket of thousands costs thousands of checks, not millions.
 *
 * @example
 * copyCandidates([story, unrelated, story + " Updated."].map(sketchText)) // [[0, 2]]
 */
export function copyCandidates(
  sketches: CopySketch[],
  options: WireCopyOptions = WIRE_COPY_DEFAULTS,
): [number, number][] {
  const perms = options.bands * options.rows;
  const buckets: Map<number, number[]>[] = Array.from({ length: options.bands }, () => new Map());
  const seen = new Set<number>();
  const pairs: [number, number][] = [];
  const n = sketches.length;
  sketches.forEach((sk, index) => {
    if (sk.shingles.length < options.minShingles) return;
    const sig = signature(sk.shingles, perms);
    for (let b = 0; b < options.bands; b++) {
      let key = b + 1;
      for (let r = 0; r < options.rows; r++) key = mix(Math.imul(key, 0x9e3779b1) ^ sig[b * options.rows + r]!);
      const band = buckets[b]!;
      const bucket = band.get(key);
      if (!bucket) {
        band.set(key, [index]);
        continue;
      }
      for (let k = 0; k < Math.min(bucket.length, options.bucketFanout); k++) {
        const other = bucket[k]!;
        const pairKey = other * n + index;
        if (seen.has(pairKey)) continue;
        seen.add(pairKey);
        pairs.push([other, index]);
      }
      if (bucket.length < options.bucketFanout) bucket.push(index);
    }
  });
  return pairs;
}

/**
 * Wire copies among articles: copy id → the id of the original (the earliest published of the copies; ties go to
 * a wire agency, then the shorter id). Copies of copies point at the one original.
 *
 * @example
 * findWireCopies([{ id: "ap", text: story, publishedAt: "2026-03-10T09:00Z" }, { id: "x", text: story }])
 * // { x: "ap" }
 */
export function findWireCopies(
  articles: GroupableArticle[],
  options: Partial<WireCopyOptions> = {},
): Record<string, string> {
  const opts = { ...WIRE_COPY_DEFAULTS, ...options };
  const sketches = articles.map((a) => sketchText(a.text));
  const sets = unionFind(articles.length);
  const { find, union } = sets;

  // Identical texts first: they need no sketch comparison, and only one of them goes on to LSH.
  const byExact = new Map<string, number>();
  const distinct: number[] = [];
  sketches.forEach((sk, i) => {
    if (sk.exact === "") return;
    const first = byExact.get(sk.exact);
    if (first === undefined) {
      byExact.set(sk.exact, i);
      distinct.push(i);
    } else union(first, i);
  });
  const distinctSketches = distinct.map((i) => sketches[i]!);
  for (const [x, y] of copyCandidates(distinctSketches, opts)) {
    const i = distinct[x]!;
    const j = distinct[y]!;
    if (find(i) !== find(j) && isCopy(sketches[i]!, sketches[j]!, opts)) union(i, j);
  }

  const out: Record<string, string> = {};
  for (const list of sets.groups()) {
    if (list.length < 2) continue;
    const original = list.map((i) => articles[i]!).sort(originalFirst)[0]!;
    for (const i of list) if (articles[i]!.id !== original.id) out[articles[i]!.id] = original.id;
  }
  return out;
}
