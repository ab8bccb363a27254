import { clean, type CleanResult } from "./clean.js";
import { findConflicts } from "./conflicts.js";
import { dedup, type DedupResult } from "./dedup.js";
import { featuresOf } from "./features.js";
import { segment } from "./segment.js";
import type { AnalyzedSentence, AnalyzedUnit, Article, Conflict } from "./types.js";
import { vocabularyOf, type Vocabulary } from "./lexicon.js";

export interface SourceSummary {
  articleId: string;
  title?: string;
  url?: string;
  source?: string;
  duplicateOf?: string;
  sentences: number;
  /** Sentences of this article that no other independent article carries. */
  uniqueSentences: number;
}

export interface Analysis {
  articles: Article[];
  texts: ReadonlyMap<string, string>;
  cleaned: Map<string, CleanResult>;
  /** Every sentence, analysed once (tokens, facts, clauses): later stages read these, never the text again. */
  sentences: AnalyzedSentence[];
  dedup: DedupResult;
  units: AnalyzedUnit[];
  conflicts: Conflict[];
  sources: SourceSummary[];
  /** The first heading line of each article: a display title when the client sent none. */
  headings: Map<string, string>;
  /** Relative position (0 = first sentence, 1 = last) of each unit's earliest occurrence. */
  position: Map<AnalyzedUnit, number>;
  /** Words the articles write in lower case somewhere (the verifier tells names from words with it). */
  vocabulary: Vocabulary;
}

/**
 * What one request may make the analysis read, so that its work is bounded whatever the text (a valid request
 * may carry 50 articles of 100,000 characters of anything). Shared fairly: each article may use its share of
 * the characters and sentences. A real story's articles stay well inside; what lies beyond is not evidence.
 */
export const ANALYSIS_BOUNDS = {
  /** Characters read, over all articles. */
  chars: 1_500_000,
  /** Sentences analysed, over all articles. */
  sentences: 6_000,
  /** Longest sentence: a longer run-on text is cut at white space into pieces of at most this. */
  sentenceChars: 1_000,
};

/**
 * Runs the pure part of the pipeline on articles as sent: clean → segment → dedup → conflicts.
 * Every backend, the digest and the evals start from this.
 *
 * @example
 * const a = analyze([{ id: "a1", text: "..." }, { id: "a2", text: "..." }]);
 * a.units.length <= a.sentences.length // true
 */
export function analyze(articles: Article[], bounds = ANALYSIS_BOUNDS): Analysis {
  const texts = new Map(articles.map((a) => [a.id, a.text]));
  const share = Math.max(1, articles.length);
  const charsEach = Math.floor(bounds.chars / share);
  const sentencesEach = Math.max(1, Math.floor(bounds.sentences / share));
  const cleaned = new Map<string, CleanResult>();
  const headings = new Map<string, string>();
  const perArticle = articles.map((a) => {
    const c = clean(a.text, charsEach);
    cleaned.set(a.id, c);
    const heading = c.regions.find((r) => r.kind === "heading");
    if (heading) headings.set(a.id, a.text.slice(heading.start, heading.end));
    const sentences: AnalyzedSentence[] = segment(a.id, a.text, c.regions, {
      maxSentences: sentencesEach,
      maxChars: bounds.sentenceChars,
    }).map(({ articleId, start, end, text, index }) => ({
      // Spelled out, not spread: the same keys in the same order, without the generic copy.
      articleId,
      start,
      end,
      text,
      index,
      features: featuresOf(text),
    }));
    return { id: a.id, source: a.source, publishedAt: a.publishedAt, sentences };
  });
  const sentences = perArticle.flatMap((a) => a.sentences);
  const d = dedup(
    perArticle.map((a) => ({
      id: a.id,
      sentences: a.sentences,
      ...(a.source ? { source: a.source } : {}),
      ...(a.publishedAt ? { publishedAt: a.publishedAt } : {}),
    })),
  );
  const origin = d.originOf;
  const conflicts = findConflicts(d.units, (id) => texts.get(id) ?? "", origin);

  const position = new Map<AnalyzedUnit, number>();
  for (const a of perArticle) {
    const n = Math.max(1, a.sentences.length - 1);
    for (const s of a.sentences) {
      const unit = d.unitOf.get(s)!;
      const p = s.index / n;
      position.set(unit, Math.min(position.get(unit) ?? 1, p));
    }
  }

  // The one origin every occurrence of a unit comes from, or null when independent articles carry it.
  const soleOrigin = new Map<AnalyzedUnit, string | null>();
  for (const unit of d.units) {
    const first = origin(unit.occurrences[0]!.articleId);
    soleOrigin.set(unit, unit.occurrences.every((o) => origin(o.articleId) === first) ? first : null);
  }
  const sources: SourceSummary[] = articles.map((a, i) => {
    const own = perArticle[i]!.sentences;
    const unique = own.filter((s) => soleOrigin.get(d.unitOf.get(s)!) === origin(a.id)).length;
    return {
      articleId: a.id,
      ...(a.title !== undefined ? { title: a.title } : {}),
      ...(a.url !== undefined ? { url: a.url } : {}),
      ...(a.source !== undefined ? { source: a.source } : {}),
      ...(d.duplicateOf.has(a.id) ? { duplicateOf: d.duplicateOf.get(a.id)! } : {}),
      sentences: own.length,
      uniqueSentences: unique,
    };
  });

  return {
    articles,
    texts,
    cleaned,
    sentences,
    dedup: d,
    units: d.units,
    conflicts,
    sources,
    headings,
    position,
    vocabulary: vocabularyOf(texts),
  };
}
