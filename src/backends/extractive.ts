import type { Analysis } from "../pipeline/analyze.js";
import { canonicalKey } from "../pipeline/lexicon.js";
import type { AnalyzedUnit } from "../pipeline/types.js";
import type { CandidateSentence } from "./types.js";

export type { CandidateSentence } from "./types.js";

/**
 * How much each signal counts in a unit's score. Chosen from the middle of a region where small changes
 * (±0.05) leave key-fact coverage on all eval suites unchanged; extractive selection on the seeds is
 * sensitive to weights outside it (see the README's evals section).
 */
const WEIGHTS = { centrality: 0.35, corroboration: 0.3, position: 0.1, facts: 0.2 };
/** A candidate this similar to one already chosen says the same thing again. */
const REDUNDANT = 0.5;
const REDUNDANCY_PENALTY = 0.8;

/** Openers that lean on a previous sentence ("He added…", "But…"): such a sentence reads badly alone. */
const DANGLING =
  /^(he|she|they|it|this|these|those|that|his|her|their|its|but|and|so|however|also|then|meanwhile|still|yet|there)\b/i;

/**
 * The embedded, offline backend: picks up to `maxSentences` evidence units by centrality (how much of the
 * coverage a unit sums up), corroboration (independent outlets carrying it) and position, with a redundancy
 * penalty (maximal marginal relevance). Each sentence is a unit's own text and cites that unit.
 *
 * @example
 * extractive(analysis, 3) // [{ text: "About 100,000 Russian soldiers are massed…", evidence: ["E41"] }, …]
 */
export function extractive(analysis: Analysis, maxSentences: number): CandidateSentence[] {
  const units = analysis.units.filter((u) => eligible(u));
  if (units.length === 0) return [];
  const { vectors, score } = scoreUnits(analysis, units);
  const n = units.length;

  const chosen: number[] = [];
  const taken = new Uint8Array(n);
  // Each unit's largest similarity to what is chosen so far, updated with each choice (not recomputed).
  const overlap = new Float64Array(n);
  const wanted = Math.min(maxSentences, n);
  while (chosen.length < wanted) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < n; i++) {
      if (taken[i] === 1 || overlap[i]! >= REDUNDANT) continue;
      const value = score[i]! - REDUNDANCY_PENALTY * overlap[i]!;
      if (value > bestValue) {
        best = i;
        bestValue = value;
      }
    }
    if (best < 0) break;
    chosen.push(best);
    taken[best] = 1;
    // After the last choice no overlap is read; a unit already too redundant never becomes eligible again
    // (its overlap only grows), so neither needs the cosine.
    if (chosen.length === wanted) break;
    for (let i = 0; i < n; i++) {
      if (taken[i] === 0 && overlap[i]! < REDUNDANT) {
        overlap[i] = Math.max(overlap[i]!, cosine(vectors[i]!, vectors[best]!));
      }
    }
  }

  // Read in story order: earliest relative position first.
  return chosen
    .map((i) => units[i]!)
    .sort((a, b) => (analysis.position.get(a) ?? 1) - (analysis.position.get(b) ?? 1))
    .map((u) => ({ text: u.text, evidence: [u.id], features: u.features }));
}

/**
 * Scores units for how well they sum up the story: centrality (cosine to all other units, via the sum
 * vector: linear, not all pairs), corroboration by independent sources, early position, and facts.
 * Shared with the LLM backend, which keeps the best-scored units when the prompt budget is exceeded.
 *
 * @example
 * const { score } = scoreUnits(analysis, analysis.units); // score[i] in [0, 1]
 */
export function scoreUnits(analysis: Analysis, units: AnalyzedUnit[]): { vectors: Vector[]; score: number[] } {
  // Synonyms folded, so "The blaze broke out…" and "The fire began…" count as saying the same thing.
  const vectors = tfidf(units.map((u) => u.features.content.map(canonicalKey)));
  const total: Vector = new Map();
  for (const v of vectors) {
    v.forEach((w, k) => {
      total.set(k, (total.get(k) ?? 0) + w);
    });
  }
  const centrality = vectors.map((v) => cosine(v, total) - 1);
  const maxCentrality = Math.max(1e-9, ...centrality);
  const maxSources = Math.max(1, ...units.map((u) => u.independentSources));
  const score = units.map((u, i) => {
    const c = centrality[i]! / maxCentrality;
    const corroboration = Math.log2(1 + u.independentSources) / Math.log2(1 + maxSources);
    const position = 1 - (analysis.position.get(u) ?? 1);
    const facts = u.features.facts.length > 0 ? 1 : 0;
    return (
      WEIGHTS.centrality * c +
      WEIGHTS.corroboration * corroboration +
      WEIGHTS.position * position +
      WEIGHTS.facts * facts
    );
  });
  return { vectors, score };
}

function eligible(unit: AnalyzedUnit): boolean {
  const text = unit.text;
  const words = unit.features.words;
  if (words < 7 || words > 60) return false;
  if (DANGLING.test(text) || text.endsWith("?")) return false;
  // Unbalanced quotation marks mean the sentence is a piece of a longer quotation.
  const opens = (text.match(/[“«]/g) ?? []).length;
  const closes = (text.match(/[”»]/g) ?? []).length;
  if (opens !== closes || (text.match(/"/g) ?? []).length % 2 === 1) return false;
  return /[.!]["'”»’)]*$/u.test(text);
}

export type Vector = Map<string, number>;

function tfidf(docs: string[][]): Vector[] {
  const df = new Map<string, number>();
  // Counted once per document: the last document that counted each key (no set per document).
  const lastDoc = new Map<string, number>();
  docs.forEach((d, i) => {
    for (const k of d) {
      if (lastDoc.get(k) === i) continue;
      lastDoc.set(k, i);
      df.set(k, (df.get(k) ?? 0) + 1);
    }
  });
  return docs.map((d) => {
    const v: Vector = new Map();
    for (const k of d) v.set(k, (v.get(k) ?? 0) + 1);
    let norm = 0;
    v.forEach((tf, k) => {
      const w = tf * Math.log(1 + docs.length / (df.get(k) ?? 1));
      v.set(k, w);
      norm += w * w;
    });
    norm = Math.sqrt(norm) || 1;
    v.forEach((w, k) => {
      v.set(k, w / norm);
    });
    return v;
  });
}

/** Cosine of two unit-length sparse vectors. */
export function cosine(a: Vector, b: Vector): number {
  // forEach, not for-of with [k, w]: no array per entry (this runs for every pair the selection compares).
  const small = a.size < b.size ? a : b;
  const large = small === a ? b : a;
  let dot = 0;
  small.forEach((w, k) => {
    const o = large.get(k);
    if (o !== undefined) dot += w * o;
  });
  return dot;
}
