import { ANALYSIS_BOUNDS } from "../pipeline/analyze.js";
import { clean } from "../pipeline/clean.js";
import { factMatches, type Fact } from "../pipeline/facts.js";
import { featuresOf, type Analyzed } from "../pipeline/features.js";
import { STOPWORDS, startsWithNumber, synonymsOf } from "../pipeline/lexicon.js";
import { segment } from "../pipeline/segment.js";
import { wordPlaces, type WordPlaces } from "./fragments.js";
import { EVENT_VERBS, eventTokens } from "./words.js";
import type { AnalyzedSentence, Span } from "../pipeline/types.js";

/**
 * The articles' sentences as evidence a claim can be aligned to: each sentence's content keys in an inverted
 * index, with how many sentences use each key (a rare word that a claim shares with a sentence says more about
 * which sentence it restates than a common one).
 */
export interface EvidenceIndex {
  texts: ReadonlyMap<string, string>;
  sentences: readonly AnalyzedSentence[];
  /** Content key → indices of the sentences that use it. */
  postings: ReadonlyMap<string, readonly number[]>;
  /** First six letters → the keys that start with them: word families ("diplomatic" / "diplomacy"). */
  families: ReadonlyMap<string, readonly string[]>;
  /** Article id → indices of its sentences, in the order they are written. */
  ofArticle: ReadonlyMap<string, readonly number[]>;
  /** Sentence → its index. */
  at: ReadonlyMap<AnalyzedSentence, number>;
  /** A fact's lookup keys (see `factKeys`) → the sentences with a fact under that key. */
  facts: ReadonlyMap<string, readonly number[]>;
  /** Where each word stands in the sentences, for following a claim's runs of copied words (fragments.ts). */
  places: WordPlaces;
  /**
   * The sentences that carry a fact, by the fact's value, filled as claims are aligned: every claim of a request
   * that states a value shares one lookup, so a summary repeating a number costs one scan of its sentences.
   */
  factCarriers: Map<string, ReadonlySet<number>>;
  /** The same for a claim's content key: the sentences that carry it or a word standing for it. */
  keyCarriers: Map<string, ReadonlySet<number>>;
}

/**
 * Segments and analyses the articles (or takes sentences an analysis already made) and indexes their words.
 *
 * @example
 * const index = evidenceIndex(new Map([["a1", "Talks began in Geneva. They ended at noon."]]));
 * index.sentences.length // 2
 */
export function evidenceIndex(
  texts: ReadonlyMap<string, string>,
  sentences: readonly AnalyzedSentence[] = sentencesOf(texts),
): EvidenceIndex {
  const postings = new Map<string, number[]>();
  sentences.forEach((s, i) => {
    const keys = new Set(s.features.content);
    // Parts of compounds count on their own: "50-minute call" carries "minutes", "Russia-NATO" carries "NATO".
    for (const t of s.features.tokens) for (const p of t.parts ?? []) if (isContentKey(p.key)) keys.add(p.key);
    for (const key of keys) {
      const list = postings.get(key);
      if (list) list.push(i);
      else postings.set(key, [i]);
    }
  });
  const families = new Map<string, string[]>();
  for (const key of postings.keys()) {
    if (key.length < FAMILY_PREFIX) continue;
    const p = key.slice(0, FAMILY_PREFIX);
    const list = families.get(p);
    if (list) list.push(key);
    else families.set(p, [key]);
  }
  const ofArticle = new Map<string, number[]>();
  const at = new Map<AnalyzedSentence, number>();
  const facts = new Map<string, number[]>();
  sentences.forEach((s, i) => {
    at.set(s, i);
    const list = ofArticle.get(s.articleId);
    if (list) list.push(i);
    else ofArticle.set(s.articleId, [i]);
    for (const key of new Set(s.features.facts.flatMap((f) => factKeys(f, true)))) {
      const filed = facts.get(key);
      if (filed) filed.push(i);
      else facts.set(key, [i]);
    }
  });
  return {
    texts,
    sentences,
    postings,
    families,
    ofArticle,
    at,
    facts,
    places: wordPlaces(sentences),
    factCarriers: new Map(),
    keyCarriers: new Map(),
  };
}

/**
 * Keys under which a fact is filed (`asEvidence`) or looked up: a fact can only match one filed under one of its
 * keys (see `factMatches`), so the lookup reads a few sentences instead of all. A date is filed under its month
 * and under each day and its year as numbers, since a claim's bare number may be a date's day or year.
 */
function factKeys(f: Fact, asEvidence: boolean): string[] {
  const value = (v: number | undefined) => (v === undefined ? "?" : String(Number(v.toPrecision(9))));
  switch (f.kind) {
    case "date":
      if (!asEvidence) return [`date:${f.month}`];
      return [`date:${f.month}`, ...(f.days ?? []).map((d) => `num:${value(d)}`), ...(f.year ? [`num:${f.year}`] : [])];
    case "time":
      return [`time:${(f.value ?? 0) % 720}`];
    case "weekday":
    case "vague":
      return [`${f.kind}:${f.label}`];
    case "percent":
      return [`percent:${value(f.value)}`];
    default:
      return [`num:${value(f.value)}`];
  }
}

/**
 * Indices of the sentences within `[start, end)` of an article, and of the one `start` falls in.
 *
 * @example
 * const index = evidenceIndex(new Map([["a1", "One here. Two here. Three."]]));
 * sentencesIn(index, { articleId: "a1", start: 0, end: 19 }) // { inside: [0, 1], around: 0 }
 */
export function sentencesIn(index: EvidenceIndex, span: Span): { inside: number[]; around?: number } {
  const list = index.ofArticle.get(span.articleId) ?? [];
  // The first sentence that ends after `start`: the one `start` falls in, or the next.
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index.sentences[list[mid]!]!.end <= span.start) lo = mid + 1;
    else hi = mid;
  }
  const inside: number[] = [];
  for (let k = lo; k < list.length && index.sentences[list[k]!]!.start < span.end; k++) {
    const s = index.sentences[list[k]!]!;
    if (s.start >= span.start && s.end <= span.end) inside.push(list[k]!);
  }
  const first = list[lo];
  const around = first !== undefined && index.sentences[first]!.start <= span.start ? first : undefined;
  return around === undefined ? { inside } : { inside, around };
}

/** The articles cut into sentences with their features, within the analysis's bounds. */
function sentencesOf(texts: ReadonlyMap<string, string>): AnalyzedSentence[] {
  const share = Math.max(1, texts.size);
  const charsEach = Math.floor(ANALYSIS_BOUNDS.chars / share);
  const sentencesEach = Math.max(1, Math.floor(ANALYSIS_BOUNDS.sentences / share));
  const out: AnalyzedSentence[] = [];
  for (const [id, text] of texts) {
    // A title carries claims as a sentence does; and a text whose last line lacks its final stop is still prose.
    const regions = clean(text, charsEach).regions.map((r) => ({ ...r, kind: "body" as const }));
    const bounds = { maxSentences: sentencesEach, maxChars: ANALYSIS_BOUNDS.sentenceChars };
    for (const s of segment(id, text, regions, bounds)) out.push({ ...s, features: featuresOf(s.text) });
  }
  return out;
}

const FAMILY_PREFIX = 6;

/** Keys of the index that may stand for `key`: itself, its synonyms, and its word family. */
function matchingKeys(key: string, index: EvidenceIndex): Set<string> {
  const out = new Set<string>();
  for (const s of synonymsOf(key)) if (index.postings.has(s)) out.add(s);
  if (key.length >= FAMILY_PREFIX && !key.includes("-")) {
    for (const e of index.families.get(key.slice(0, FAMILY_PREFIX)) ?? []) {
      let p = 0;
      while (p < key.length && p < e.length && key[p] === e[p]) p++;
      if (p >= 0.75 * Math.min(key.length, e.length)) out.add(e);
    }
  }
  return out;
}

/** What of a claim a sentence may carry: a content key or a fact, with its weight. */
interface Need {
  /** The claim's content key, for a word. */
  key?: string;
  weight: number;
  /** Sentences (indices into the index) that carry it. */
  carriers: ReadonlySet<number>;
}

/** Where a claim's evidence is: the sentences chosen, and the share of the claim's weight they carry. */
export interface Alignment {
  sentences: AnalyzedSentence[];
  /** Weighted share of the claim's content words and facts the chosen sentences carry, 0..1. */
  coverage: number;
  /** The same share for the best sentence alone. */
  best: number;
}

export interface AlignOptions {
  /** Most sentences that together carry a claim. */
  maxSentences?: number;
  /** A further sentence is added only when it carries at least this share of the claim's weight more. */
  minGain?: number;
  /** Sentences to choose from (indices into the index); all when absent. */
  within?: ReadonlySet<number>;
  /** Keys carried whatever the sentence: names the article ties to the evidence (see coref.ts). */
  alsoCarried?: ReadonlySet<string>;
}

/**
 * The sentence of the articles that best carries a claim — its content words weighted by rarity, its numbers,
 * dates and money — and, when the claim joins what several sentences say, the one or two that add most.
 *
 * @example
 * const index = evidenceIndex(new Map([["a1", "Talks began in Geneva. Lavrov led Russia's team."]]));
 * align(analyzeText("Lavrov led the Russian team."), index).sentences[0]?.text // "Lavrov led Russia's team."
 */
export function align(claim: Analyzed, index: EvidenceIndex, options: AlignOptions = {}): Alignment {
  const maxSentences = options.maxSentences ?? 1;
  const minGain = options.minGain ?? 0.35;
  const within = options.within;
  const n = index.sentences.length;
  const needs: Need[] = [];
  const allowed = (i: number) => !within || within.has(i);
  let free = 0;
  for (const key of claimKeys(claim, index)) {
    if (options.alsoCarried?.has(key)) {
      free += rarity(index.postings.get(key)?.length ?? 0, n);
      continue;
    }
    let everywhere = index.keyCarriers.get(key);
    if (!everywhere) {
      const found = new Set<number>();
      for (const k of matchingKeys(key, index)) for (const i of index.postings.get(k) ?? []) found.add(i);
      everywhere = found;
      index.keyCarriers.set(key, everywhere);
    }
    const carriers = restrict(everywhere, within);
    needs.push({ key, weight: rarity(carriers.size, n), carriers });
  }
  // Saying that the event happens, in any of news's words for it, is one thing the claim says.
  const tokens = claim.features.tokens;
  const events = new Set(eventTokens(tokens.map((t) => t.key)).map((i) => tokens[i]!.key));
  if (events.size > 0) {
    for (const need of needs.splice(0)) if (!need.key || !events.has(need.key)) needs.push(need);
    const carriers = new Set<number>();
    for (const k of [...EVENT_VERBS, "plac"]) {
      for (const i of index.postings.get(k) ?? []) if (allowed(i)) carriers.add(i);
    }
    const weight = Math.max(...[...events].map((k) => rarity(index.postings.get(k)?.length ?? 0, n)));
    needs.push({ weight, carriers });
  }
  // A value the claim states twice is one thing it says.
  const stated = new Set<string>();
  for (const fact of claim.features.facts) {
    const value = factValue(fact);
    if (stated.has(value)) continue;
    stated.add(value);
    let everywhere = index.factCarriers.get(value);
    if (!everywhere) {
      everywhere = factCarriers(fact, index);
      index.factCarriers.set(value, everywhere);
    }
    needs.push({ weight: rarity(0, n), carriers: restrict(everywhere, within) });
  }
  const total = free + needs.reduce((sum, x) => sum + x.weight, 0);
  if (total === 0 || n === 0) return { sentences: [], coverage: 0, best: 0 };

  // Ties go to the sentence sharing more of the claim's words, small ones too ("told … that"), then to the
  // shorter one: it says less besides; then to the earlier one, so that the pick does not hang on the order the
  // carriers were read in (`restrict` and the candidates read them in another order than the full sets).
  const words = new Set(claim.features.tokens.map((t) => t.word));
  const sharedCache = new Map<number, number>();
  const shared = (i: number) => {
    let n = sharedCache.get(i);
    if (n === undefined) {
      const theirs = index.sentences[i]!.features.tokens;
      n = new Set(theirs.filter((t) => words.has(t.word)).map((t) => t.word)).size;
      sharedCache.set(i, n);
    }
    return n;
  };
  const tieBreak = (i: number, j: number) => {
    const a = shared(i);
    const b = shared(j);
    if (a !== b) return a > b;
    const lengths = index.sentences[i]!.features.tokens.length - index.sentences[j]!.features.tokens.length;
    return lengths < 0 || (lengths === 0 && i < j);
  };
  const chosen: number[] = [];
  const met = new Set<Need>();
  let carried = free;
  let best = free / total;
  const candidates = candidatesOf(needs, n);
  while (chosen.length < maxSentences) {
    const gain = new Map<number, number>();
    if (candidates) {
      const add = (i: number, w: number) => gain.set(i, (gain.get(i) ?? 0) + w);
      for (const need of needs) {
        if (met.has(need)) continue;
        // Whichever is smaller is read: the need's carriers, or the candidates.
        if (need.carriers.size < candidates.size) {
          for (const i of need.carriers) if (candidates.has(i)) add(i, need.weight);
        } else {
          for (const i of candidates) if (need.carriers.has(i)) add(i, need.weight);
        }
      }
    } else {
      for (const need of needs) {
        if (met.has(need)) continue;
        for (const i of need.carriers) gain.set(i, (gain.get(i) ?? 0) + need.weight);
      }
    }
    let pick = -1;
    let pickGain = 0;
    for (const [i, g] of gain) {
      if (g > pickGain + 1e-9 || (Math.abs(g - pickGain) <= 1e-9 && pick >= 0 && tieBreak(i, pick))) {
        pick = i;
        pickGain = g;
      }
    }
    if (pick < 0 || (chosen.length > 0 && pickGain < minGain * total)) break;
    chosen.push(pick);
    carried += pickGain;
    if (chosen.length === 1) best = carried / total;
    for (const need of needs) if (need.carriers.has(pick)) met.add(need);
  }
  // In the articles' order, so that evidence reads as written.
  chosen.sort((a, b) => a - b);
  return { sentences: chosen.map((i) => index.sentences[i]!), coverage: carried / total, best };
}

/**
 * Most (need, carrier) pairs an alignment adds up in full. Past it — a long claim of words that thousands of
 * sentences use, as in repetitive text at the request limits — the claim's rarest needs are added up in full
 * while the work allows, and only the `MAX_CANDIDATES` sentences they weigh most are weighed on the rest: they
 * are where a claim's evidence is, and the work stays bounded.
 */
export const MAX_ALIGN_WORK = 20_000;
export const MAX_CANDIDATES = 200;

function candidatesOf(needs: readonly Need[], sentences: number): Set<number> | undefined {
  if (needs.reduce((sum, x) => sum + x.carriers.size, 0) <= MAX_ALIGN_WORK) return undefined;
  // Ranked by what they carry, not taken in the order read: 200 sentences with the claim's rarest word and
  // nothing else of it must not crowd out the one that carries the rarest word and all the rest.
  const partial = new Float64Array(sentences);
  const seen: number[] = [];
  let work = 0;
  for (const need of [...needs].sort((a, b) => a.carriers.size - b.carriers.size)) {
    if (work > 0 && work + need.carriers.size > MAX_ALIGN_WORK) break;
    work += need.carriers.size;
    for (const i of need.carriers) {
      if (partial[i] === 0) seen.push(i);
      partial[i]! += need.weight;
    }
  }
  seen.sort((a, b) => partial[b]! - partial[a]! || a - b);
  return new Set(seen.slice(0, MAX_CANDIDATES));
}

/**
 * The claim's content keys; a compound the articles never write whole counts by its parts, so "Russian-American"
 * is not carried by a sentence that says only "Russian".
 */
function claimKeys(claim: Analyzed, index: EvidenceIndex): Set<string> {
  const content = new Set(claim.features.content);
  const out = new Set<string>();
  for (const t of claim.features.tokens) {
    if (!content.has(t.key)) continue;
    if (!t.parts || index.postings.has(t.key)) out.add(t.key);
    else for (const p of t.parts) if (isContentKey(p.key)) out.add(p.key);
  }
  return out;
}

function isContentKey(key: string): boolean {
  return /\p{L}{2}/u.test(key) && !STOPWORDS.has(key) && !startsWithNumber(key);
}

/** Inverse sentence frequency: a word every sentence uses tells nothing of where the claim comes from. */
function rarity(carriers: number, sentences: number): number {
  return Math.log(1 + (sentences + 1) / (carriers + 1));
}

/** What a fact states, without where: two facts with one value are matched by the same sentences. */
function factValue(f: Fact): string {
  return [f.kind, f.value, f.ambiguousHalf, f.month, f.days?.join(","), f.year, f.label].join("|");
}

/** The carriers among the sentences `within`, read from whichever of the two sets is smaller. */
function restrict(carriers: ReadonlySet<number>, within: ReadonlySet<number> | undefined): ReadonlySet<number> {
  if (!within) return carriers;
  const out = new Set<number>();
  if (within.size <= carriers.size) {
    for (const i of within) if (carriers.has(i)) out.add(i);
  } else {
    for (const i of carriers) if (within.has(i)) out.add(i);
  }
  return out;
}

function factCarriers(fact: Fact, index: EvidenceIndex): Set<number> {
  const out = new Set<number>();
  for (const key of factKeys(fact, false)) {
    for (const i of index.facts.get(key) ?? []) {
      if (index.sentences[i]!.features.facts.some((f) => factMatches(fact, f))) out.add(i);
    }
  }
  return out;
}
