import type { Analysis } from "../src/pipeline/analyze.js";
import { canonicalKey, contentKeys } from "../src/pipeline/lexicon.js";
import type { Article, Citation } from "../src/pipeline/types.js";
import { verifySentence } from "../src/pipeline/verify.js";
import type { SummaryResponse } from "../src/summarize.js";
import type { ClaimCase, SentenceRef, StorySuite } from "./suite.js";

/**
 * Decides whether quotes support a sentence. The project's verifier is one; an LLM judge (evals/judge.ts) is
 * another, used when a key is set.
 */
export type SupportJudge = (sentence: string, citations: Citation[]) => Promise<boolean>;

export function verifierJudge(articles: Article[]): SupportJudge {
  const texts = new Map(articles.map((a) => [a.id, a.text]));
  return async (sentence, citations) => citations.length > 0 && verifySentence(sentence, citations, texts).supported;
}

export interface CitationScores {
  /** ALCE citation recall: share of sentences that the union of their citations supports. */
  recall: number;
  /** ALCE citation precision: share of citations that are not irrelevant (see `citationScores`). */
  precision: number;
  unsupported: { text: string }[];
}

/**
 * Citation recall and precision in the ALCE sense (Gao et al., 2023). A sentence is supported when the union of
 * its citations supports it. A citation of a supported sentence is irrelevant when it does not support the
 * sentence alone and the other citations still do without it; every citation of an unsupported sentence counts
 * as imprecise. ALCE judges passages, so citations with the same quote (a wire story and its verbatim
 * republication) count as one passage.
 *
 * @example
 * await citationScores(summary, verifierJudge(articles)) // { recall: 1, precision: 1, unsupported: [] }
 */
export async function citationScores(
  summary: SummaryResponse["summary"],
  judge: SupportJudge,
): Promise<CitationScores> {
  let supportedSentences = 0;
  let precise = 0;
  let citations = 0;
  const unsupported: { text: string }[] = [];
  for (const s of summary) {
    const passages = [...new Map(s.citations.map((c) => [c.quote, c])).values()];
    citations += passages.length;
    const supported = await judge(s.text, passages);
    if (!supported) {
      unsupported.push({ text: s.text });
      continue;
    }
    supportedSentences++;
    for (let i = 0; i < passages.length; i++) {
      const alone = await judge(s.text, [passages[i]!]);
      const rest = passages.filter((_, j) => j !== i);
      const restSuffices = rest.length > 0 && (await judge(s.text, rest));
      if (alone || !restSuffices) precise++;
    }
  }
  return {
    recall: summary.length === 0 ? 0 : supportedSentences / summary.length,
    precision: citations === 0 ? 0 : precise / citations,
    unsupported,
  };
}

/** Share of citations whose quote is exactly `text.slice(start, end)` of the article as sent. */
export function quoteValidity(
  summary: SummaryResponse["summary"],
  articles: Article[],
): { value: number; invalid: Citation[] } {
  const texts = new Map(articles.map((a) => [a.id, a.text]));
  const all = summary.flatMap((s) => s.citations);
  const invalid = all.filter((c) => texts.get(c.articleId)?.slice(c.start, c.end) !== c.quote);
  return { value: all.length === 0 ? 0 : 1 - invalid.length / all.length, invalid };
}

/** Share of key facts stated by some summary sentence (every pattern of the fact in one sentence). */
export function factCoverage(
  summary: SummaryResponse["summary"],
  keyFacts: StorySuite["keyFacts"],
): { value: number; missed: string[] } {
  const missed = keyFacts
    .filter((f) => !summary.some((s) => f.all.every((p) => new RegExp(p, "i").test(s.text))))
    .map((f) => f.id);
  return { value: keyFacts.length === 0 ? 1 : 1 - missed.length / keyFacts.length, missed };
}

/** Share of expected conflicts reported, with each expected side's articles among one reported side's citations. */
export function conflictRecall(
  conflicts: SummaryResponse["conflicts"],
  expected: StorySuite["conflicts"],
): { value: number; missed: string[] } {
  const missed = expected
    .filter(
      (e) =>
        !conflicts.some((c) => {
          if (!new RegExp(e.about, "i").test(c.about)) return false;
          const sides = c.claims.map((claim) => new Set(claim.citations.map((x) => x.articleId)));
          return e.sides.every((want) => sides.some((side) => want.every((id) => side.has(id))));
        }),
    )
    .map((e) => e.about);
  return { value: expected.length === 0 ? 1 : 1 - missed.length / expected.length, missed };
}

/** Content-word Jaccard of two sentences, synonyms folded. */
export function sentenceSimilarity(a: string, b: string): number {
  const x = new Set(contentKeys(a).map(canonicalKey));
  const y = new Set(contentKeys(b).map(canonicalKey));
  let inter = 0;
  for (const k of x) if (y.has(k)) inter++;
  const union = x.size + y.size - inter;
  return union === 0 ? 0 : inter / union;
}

export const REDUNDANT_SIMILARITY = 0.5;

/** Share of sentence pairs in a summary that say largely the same thing. */
export function redundancy(summary: SummaryResponse["summary"]): { value: number; pairs: [string, string][] } {
  const pairs: [string, string][] = [];
  let total = 0;
  for (let i = 0; i < summary.length; i++) {
    for (let j = i + 1; j < summary.length; j++) {
      total++;
      if (sentenceSimilarity(summary[i]!.text, summary[j]!.text) >= REDUNDANT_SIMILARITY)
        pairs.push([summary[i]!.text, summary[j]!.text]);
    }
  }
  return { value: total === 0 ? 0 : pairs.length / total, pairs };
}

export interface DedupScores {
  duplicateRecall: number;
  duplicatePrecision: number;
  sameFactRecall: number;
  differentFactKeptApart: number;
  errors: string[];
}

/** Dedup quality on the suite's known pairs: wire copies found, distinct articles kept, same facts merged. */
export function dedupScores(analysis: Analysis, suite: StorySuite): DedupScores {
  const errors: string[] = [];
  const found = analysis.dedup.duplicateOf;
  const hits = suite.duplicates.filter(([copy, of]) => found.get(copy) === of || found.get(of) === copy);
  for (const [copy, of] of suite.duplicates)
    if (!hits.some(([c]) => c === copy)) errors.push(`missed wire copy: ${copy} of ${of}`);
  const wrong = suite.distinct.filter(([a, b]) => found.get(a) === b || found.get(b) === a);
  for (const [a, b] of wrong) errors.push(`called duplicates but distinct: ${a}, ${b}`);
  const reported = found.size;
  const unitOf = (ref: SentenceRef) => {
    const s = analysis.sentences.find((x) => x.articleId === ref.articleId && x.text.includes(ref.contains));
    if (!s) errors.push(`suite refers to a sentence that is not there: ${ref.articleId}: ${ref.contains}`);
    return s ? analysis.dedup.unitOf.get(s) : undefined;
  };
  const merged = suite.sameFact.filter(([a, b]) => {
    const ua = unitOf(a);
    const ok = ua !== undefined && ua === unitOf(b);
    if (!ok) errors.push(`not merged: "${a.contains}" (${a.articleId}) and "${b.contains}" (${b.articleId})`);
    return ok;
  });
  const apart = suite.differentFact.filter(([a, b]) => {
    const ua = unitOf(a);
    const ok = ua !== undefined && ua !== unitOf(b);
    if (!ok)
      errors.push(`merged though they differ: "${a.contains}" (${a.articleId}) and "${b.contains}" (${b.articleId})`);
    return ok;
  });
  return {
    duplicateRecall: suite.duplicates.length === 0 ? 1 : hits.length / suite.duplicates.length,
    duplicatePrecision: reported === 0 ? (wrong.length === 0 ? 1 : 0) : hits.length / reported,
    sameFactRecall: suite.sameFact.length === 0 ? 1 : merged.length / suite.sameFact.length,
    differentFactKeptApart: suite.differentFact.length === 0 ? 1 : apart.length / suite.differentFact.length,
    errors,
  };
}

export interface VerifierScores {
  /** Share of unsupported claims flagged. */
  caught: number;
  /** Share of supported claims kept. */
  kept: number;
  accuracy: number;
  balancedAccuracy: number;
  wrong: { claim: string; kind: string; expected: boolean; reasons: string[] }[];
}

/** Verifier accuracy on an adversarial claim set: caught (unsupported flagged) and kept (supported kept). */
export function verifierScores(claims: ClaimCase[], articles: Article[]): VerifierScores {
  const texts = new Map(articles.map((a) => [a.id, a.text]));
  let caught = 0;
  let kept = 0;
  const bad = claims.filter((c) => !c.supported).length;
  const good = claims.length - bad;
  const wrong: VerifierScores["wrong"] = [];
  for (const c of claims) {
    const v = verifySentence(c.claim, c.cites, texts);
    if (v.supported === c.supported) {
      if (c.supported) kept++;
      else caught++;
    } else wrong.push({ claim: c.claim, kind: c.kind, expected: c.supported, reasons: v.reasons });
  }
  const caughtRate = bad === 0 ? 1 : caught / bad;
  const keptRate = good === 0 ? 1 : kept / good;
  return {
    caught: caughtRate,
    kept: keptRate,
    accuracy: claims.length === 0 ? 1 : (caught + kept) / claims.length,
    balancedAccuracy: (caughtRate + keptRate) / 2,
    wrong,
  };
}
