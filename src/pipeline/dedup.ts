import { factMatches, type Fact } from "./facts.js";
import { intersectionSize, jaccard, shingleCount, similarPairs, writeShingleHashes } from "./minhash.js";
import type { AnalyzedSentence, AnalyzedUnit } from "./types.js";
import { unionFind } from "./union-find.js";

/** Sentences whose content shingles overlap this much state the same fact (calibrated on the seeds). */
export const SENTENCE_SIMILARITY = 0.45;
/** Articles this similar (or this much contained in another) are copies of one wire story. */
export const ARTICLE_SIMILARITY = 0.6;
/**
 * Sentences indexed under one shingle, at most. Real prose stays far below it (a shingle of content words is
 * shared by a handful of sentences); a text of a few words repeated would otherwise compare every sentence
 * with every other.
 */
export const MAX_POSTINGS = 32;
/** Members compared to choose a unit's representative wording (see `medoid`). */
export const MEDOID_SAMPLE = 64;
/** Size of the bottom-k sketch that picks which article pairs get an exact comparison. */
const SKETCH = 128;

export interface DedupInput {
  id: string;
  source?: string;
  publishedAt?: string;
  sentences: AnalyzedSentence[];
}

export interface DedupResult {
  /** Evidence units in order of first appearance, with IDs "E1", "E2", …. */
  units: AnalyzedUnit[];
  /** article id → the article it copies. */
  duplicateOf: Map<string, string>;
  /** For each article, for each of its sentences, the unit it belongs to. */
  unitOf: Map<AnalyzedSentence, AnalyzedUnit>;
  /** Similar sentences of different articles that were kept apart because their facts differ. */
  variants: [AnalyzedSentence, AnalyzedSentence][];
  /** The article an article's text originally comes from: itself, or the wire story it copies. */
  originOf: (articleId: string) => string;
  /** Work done: candidate sentence pairs, exact comparisons, and shingles whose index list was full. */
  work: { candidates: number; comparisons: number; cappedShingles: number };
}

/** Text used for sentence similarity: stemmed content words, so wording and case matter less. */
function comparable(s: AnalyzedSentence): string {
  return s.features.content.join(" ");
}

/**
 * Finds wire copies among articles and merges near-duplicate sentences across articles into evidence units,
 * with MinHash/LSH candidates checked by exact Jaccard. Sentences stating different numbers, dates or times
 * are never merged (they are returned as `variants`, the raw material of conflicts).
 *
 * @example
 * const { units } = dedup(inputs);
 * units[0] // { id: "E1", text: "...", occurrences: [{ articleId: "a1", start, end }, ...], independentSources: 2 }
 */
export function dedup(inputs: DedupInput[]): DedupResult {
  const sentences = inputs.flatMap((a) => a.sentences);
  // Sentences with the same content words (wire copies repeat whole sentences) are compared as one text.
  const texts: Text[] = [];
  const textOf = new Int32Array(sentences.length);
  const byContent = new Map<string, number>();
  const keys: string[] = [];
  let hashCount = 0;
  sentences.forEach((s, i) => {
    const key = comparable(s);
    let t = byContent.get(key);
    if (t === undefined) {
      t = texts.length;
      byContent.set(key, t);
      keys.push(key);
      hashCount += shingleCount(key);
      texts.push({ hashes: EMPTY_HASHES, shingles: EMPTY, members: [] });
    }
    texts[t]!.members.push(i);
    textOf[i] = t;
  });
  // Every text's hashes in one buffer (views into it), as `shingleHashes` gives them: a typed array of its own
  // per text would cost an external buffer each, which the garbage collector must sweep.
  const pool = new Uint32Array(hashCount);
  let used = 0;
  keys.forEach((key, t) => {
    const count = shingleCount(key);
    writeShingleHashes(key, pool, used);
    texts[t]!.hashes = pool.subarray(used, used + count);
    used += count;
  });
  const similar = similarPairs(
    texts.map((t) => t.hashes),
    SENTENCE_SIMILARITY,
    { maxPostings: MAX_POSTINGS },
  );
  texts.forEach((t, k) => {
    t.shingles = similar.ranked[k]!;
  });
  const duplicateOf = findCopies(
    inputs,
    sentences.map((_, i) => texts[textOf[i]!]!.hashes),
  );
  const origin = (id: string): string => {
    let at = id;
    for (let hops = 0; duplicateOf.has(at) && hops < inputs.length; hops++) at = duplicateOf.get(at)!;
    return at;
  };
  const sourceOf = new Map(inputs.map((a) => [a.id, a.source?.trim().toLowerCase()]));

  const facts = sentences.map((s) => checkableFacts(s.features.facts));
  const articleOf = new Int32Array(sentences.length);
  let at = 0;
  inputs.forEach((a, k) => {
    articleOf.fill(k, at, at + a.sentences.length);
    at += a.sentences.length;
  });

  const sets = unionFind(sentences.length);
  const { find, union } = sets;
  const variants: [AnalyzedSentence, AnalyzedSentence][] = [];
  const whole = (g: FactGroup, root: number) => g.spans || g.members.every((m) => find(m) === root);

  // Within one text, members of different articles that state the same facts are one unit. Members of one
  // fact group are all joined once it spans two articles; until then they wait (one article never merges
  // with itself).
  const factGroups = texts.map((text) => {
    const out: FactGroup[] = [];
    for (const m of text.members) {
      const g = out.find((x) => sameFacts(facts[x.members[0]!]!, facts[m]!));
      if (!g) {
        out.push({ members: [m], spans: false });
        continue;
      }
      const first = g.members[0]!;
      if (g.spans) union(first, m);
      else if (articleOf[m] !== articleOf[first]) {
        for (const x of g.members) union(x, m);
        g.spans = true;
      } else {
        const elsewhere = g.members.find((x) => articleOf[x] !== articleOf[m]);
        if (elsewhere !== undefined) union(elsewhere, m);
      }
      g.members.push(m);
    }
    return out;
  });

  // Between texts similar enough, fact groups that agree are joined wherever two of their members come from
  // different articles.
  let comparisons = 0;
  for (const [x, y] of similar.pairs) {
    // Only fact groups that agree and are not one unit already need the (costlier) similarity.
    const open: [FactGroup, FactGroup][] = [];
    for (const gx of factGroups[x]!) {
      for (const gy of factGroups[y]!) {
        const a = gx.members[0]!;
        const b = gy.members[0]!;
        if (sameFacts(facts[a]!, facts[b]!)) {
          const root = find(a);
          if (root !== find(b) || !whole(gx, root) || !whole(gy, root)) open.push([gx, gy]);
        } else if (articleOf[a] !== articleOf[b]) variants.push([sentences[a]!, sentences[b]!]);
      }
    }
    if (open.length === 0) continue;
    comparisons++;
    if (jaccard(texts[x]!.shingles, texts[y]!.shingles) < SENTENCE_SIMILARITY) continue;
    for (const [gx, gy] of open) joinAcross(gx, gy, articleOf, union);
  }

  const units: AnalyzedUnit[] = [];
  const unitOf = new Map<AnalyzedSentence, AnalyzedUnit>();
  // Groups come in the order their first sentences appear.
  for (const members of sets.groups()) {
    const representative = medoid(members, textOf, texts);
    const ordered = [representative, ...members.filter((m) => m !== representative)].map((m) => sentences[m]!);
    const unit: AnalyzedUnit = {
      id: `E${units.length + 1}`,
      text: ordered[0]!.text,
      occurrences: ordered.map((s) => ({ articleId: s.articleId, start: s.start, end: s.end })),
      sentences: ordered,
      features: ordered[0]!.features,
      independentSources: new Set(
        members.map((m) => {
          const id = origin(sentences[m]!.articleId);
          return sourceOf.get(id) ? `source:${sourceOf.get(id)}` : `article:${id}`;
        }),
      ).size,
    };
    units.push(unit);
    for (const m of members) unitOf.set(sentences[m]!, unit);
  }
  return {
    units,
    duplicateOf,
    unitOf,
    variants,
    originOf: origin,
    work: { candidates: similar.work.candidates, comparisons, cappedShingles: similar.work.cappedShingles },
  };
}

const EMPTY = new Int32Array(0);
const EMPTY_HASHES = new Uint32Array(0);

interface Text {
  /** Hashes of the content's character 5-grams, as `shingleHashes` gives them. */
  hashes: Uint32Array;
  /** The distinct shingles as sorted ranks (see `similarPairs`): what Jaccard is computed on. */
  shingles: Int32Array;
  /** Sentences (indices) with exactly this content. */
  members: number[];
}

interface FactGroup {
  /** Sentences of one text stating the same facts, in order. */
  members: number[];
  /** Whether they come from two articles or more (and so are already one unit). */
  spans: boolean;
}

/** Joins two agreeing fact groups of similar texts as their pairs of members from different articles would. */
function joinAcross(gx: FactGroup, gy: FactGroup, articleOf: Int32Array, union: (i: number, j: number) => void): void {
  const x = gx.members[0]!;
  const y = gy.members[0]!;
  if (gx.spans || gy.spans) {
    // A group from two articles or more has a member from another article than any given sentence.
    const [whole, other] = gx.spans ? [gx, gy] : [gy, gx];
    for (const m of other.members) union(whole.members[0]!, m);
    return;
  }
  // Each from one article: joined (all of them) unless it is the same article.
  if (articleOf[x] === articleOf[y]) return;
  for (const m of gx.members) union(x, m);
  for (const m of gy.members) union(x, m);
}

/**
 * The member most similar to the others: the wording that best represents the group. Members with the same
 * content count by their number (wire copies make a group of few distinct texts and many members). Exact up to
 * `MEDOID_SAMPLE` distinct texts; a larger group, which only repetitive text makes, is represented by its first
 * ones, so the cost stays bounded.
 */
function medoid(members: number[], textOf: Int32Array, texts: Text[]): number {
  if (members.length <= 2) return members[0]!;
  const count = new Map<number, number>();
  for (const m of members) count.set(textOf[m]!, (count.get(textOf[m]!) ?? 0) + 1);
  const distinct = [...count.keys()].slice(0, MEDOID_SAMPLE);
  const scoreOf = new Map<number, number>();
  const score = (t: number): number => {
    let s = scoreOf.get(t);
    if (s === undefined) {
      // Every other member: those of the same text are identical (similarity 1).
      s = count.get(t)! - 1;
      for (const o of distinct) if (o !== t) s += count.get(o)! * jaccard(texts[t]!.shingles, texts[o]!.shingles);
      scoreOf.set(t, s);
    }
    return s;
  };
  let best = members[0]!;
  let bestScore = -1;
  for (const m of members) {
    if (!scoreOf.has(textOf[m]!) && !distinct.includes(textOf[m]!)) continue;
    const s = score(textOf[m]!);
    if (s > bestScore + 1e-9) {
      best = m;
      bestScore = s;
    }
  }
  return best;
}

/** Facts that must agree for two sentences to be one unit: weekdays and vague amounts are left out. */
function checkableFacts(facts: Fact[]): Fact[] {
  return facts.filter((f) => f.kind !== "weekday" && f.kind !== "vague");
}

function sameFacts(a: Fact[], b: Fact[]): boolean {
  return (
    a.every((f) => b.some((g) => factMatches(f, g) && factMatches(g, f))) &&
    b.every((f) => a.some((g) => factMatches(f, g) && factMatches(g, f)))
  );
}

/**
 * Wire copies: articles whose content shingles are near-identical, or one of which is almost entirely
 * contained in the other. The later article (by publishedAt, else by position) is the copy. Each article's
 * shingles are the union of its sentences'; a bottom-k sketch of each (the k smallest hashes) estimates every
 * pair's similarity, and only pairs that may pass get the exact comparison.
 */
function findCopies(inputs: DedupInput[], sentenceShingles: Uint32Array[]): Map<string, string> {
  const parts: Uint32Array[][] = [];
  let at = 0;
  for (const a of inputs) {
    parts.push(sentenceShingles.slice(at, at + a.sentences.length));
    at += a.sentences.length;
  }
  const sketches = parts.map((p) => bottomK(p, SKETCH));
  const full: (Uint32Array | undefined)[] = [];
  const whole = (i: number) => (full[i] ??= union(parts[i]!));
  const duplicateOf = new Map<string, string>();
  const order = (i: number) => [inputs[i]!.publishedAt ?? "", i] as const;
  for (let i = 0; i < parts.length; i++) {
    for (let j = i + 1; j < parts.length; j++) {
      if (!mayBeCopies(sketches[i]!, sketches[j]!)) continue;
      const a = whole(i);
      const b = whole(j);
      const shared = intersectionSize(a, b);
      const similar = shared / (a.length + b.length - shared) >= ARTICLE_SIMILARITY;
      if (!similar && shared / Math.min(a.length, b.length) < 0.8) continue;
      const [oi, oj] = [order(i), order(j)];
      const [original, copy] = oi[0] < oj[0] || (oi[0] === oj[0] && oi[1] < oj[1]) ? [i, j] : [j, i];
      const copyId = inputs[copy]!.id;
      if (!duplicateOf.has(copyId) && duplicateOf.get(inputs[original]!.id) !== copyId) {
        duplicateOf.set(copyId, inputs[original]!.id);
      }
    }
  }
  return duplicateOf;
}

interface Sketch {
  /** The k smallest distinct hashes, sorted (all of them when there are fewer). */
  smallest: Uint32Array;
  /** Distinct hashes in the set: exact when the sketch holds them all, else estimated from the k-th smallest. */
  size: number;
}

/**
 * The bottom-k sketch of the union of hash arrays, without sorting them all: hashes are uniform, so the k
 * smallest lie below a bound that is raised until at least k distinct values fall under it.
 */
function bottomK(arrays: Uint32Array[], k: number): Sketch {
  let total = 0;
  for (const a of arrays) total += a.length;
  let limit = Math.min(2 ** 32, (2 ** 32 * 4 * k) / Math.max(1, total));
  for (;;) {
    const below: number[] = [];
    for (const a of arrays) for (let i = 0; i < a.length; i++) if (a[i]! < limit) below.push(a[i]!);
    const distinct = union([Uint32Array.from(below)]);
    if (distinct.length >= k) {
      const smallest = distinct.slice(0, k);
      return { smallest, size: ((k - 1) * 2 ** 32) / Math.max(1, smallest[k - 1]!) };
    }
    if (limit >= 2 ** 32) return { smallest: distinct, size: distinct.length };
    limit = Math.min(2 ** 32, limit * 4);
  }
}

/** The sorted distinct values of hash arrays (in any order, repeats allowed). */
function union(sets: Uint32Array[]): Uint32Array {
  let n = 0;
  for (const s of sets) n += s.length;
  const all = new Uint32Array(n);
  let at = 0;
  for (const s of sets) {
    all.set(s, at);
    at += s.length;
  }
  all.sort();
  let w = 0;
  for (let r = 0; r < all.length; r++) if (r === 0 || all[r] !== all[r - 1]) all[w++] = all[r]!;
  return all.subarray(0, w);
}

/**
 * Whether two articles may be copies, from their bottom-k sketches: the estimated Jaccard, or the containment it
 * implies, comes within a wide margin (about four standard errors) of the thresholds.
 */
function mayBeCopies(x: Sketch, y: Sketch): boolean {
  const a = x.smallest;
  const b = y.smallest;
  if (a.length === 0 || b.length === 0) return false;
  let i = 0;
  let j = 0;
  let seen = 0;
  let shared = 0;
  // The k smallest of the union are among the two sketches: merging them walks the union's own sketch.
  while (seen < SKETCH && i < a.length && j < b.length) {
    const p = a[i]!;
    const q = b[j]!;
    if (p === q) {
      shared++;
      i++;
      j++;
    } else if (p < q) i++;
    else j++;
    seen++;
  }
  const estimate = shared / Math.max(1, seen);
  const intersection = (estimate * (x.size + y.size)) / (1 + estimate);
  const contained = intersection / Math.min(x.size, y.size);
  return estimate >= ARTICLE_SIMILARITY - 0.2 || contained >= 0.8 - 0.2;
}
