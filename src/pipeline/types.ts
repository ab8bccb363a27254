import type { Features } from "./features.js";

/** An article as the client sent it; `text` is never rewritten, every offset below points into it. */
export interface Article {
  id: string;
  url?: string;
  source?: string;
  title?: string;
  publishedAt?: string;
  text: string;
}

/** A half-open range `[start, end)` of JavaScript string indices into one article's original text. */
export interface Span {
  articleId: string;
  start: number;
  end: number;
}

/** A sentence of an article: where it is, and its text (always `article.text.slice(start, end)`). */
export interface Sentence extends Span {
  text: string;
  /** Position of the sentence within its article, from 0. */
  index: number;
}

/** A sentence with its features, computed once by the analysis and read by every later stage. */
export interface AnalyzedSentence extends Sentence {
  features: Features;
}

/**
 * One fact as the outlets carry it: the near-identical sentences of several articles, merged.
 * `text` is the wording of the most representative occurrence; every occurrence keeps its own offsets.
 */
export interface EvidenceUnit {
  id: string;
  text: string;
  occurrences: Span[];
  /** Distinct articles carrying the unit, where wire copies of one story count once. */
  independentSources: number;
}

/** An evidence unit as the analysis made it: the sentence behind each occurrence, analysed, in the same order. */
export interface AnalyzedUnit extends EvidenceUnit {
  /** `sentences[i]` is `occurrences[i]`; `sentences[0]` is the representative, whose text is `text`. */
  sentences: AnalyzedSentence[];
  /** The representative's features. */
  features: Features;
}

/** The contract's citation: `article.text.slice(start, end) === quote`. */
export interface Citation {
  articleId: string;
  quote: string;
  start: number;
  end: number;
}

export interface Conflict {
  about: string;
  claims: { text: string; citations: Citation[] }[];
}
