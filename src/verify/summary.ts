import { analyzeText, type Analyzed } from "../pipeline/features.js";
import type { Article } from "../pipeline/types.js";
import {
  verificationContext,
  verifyClaim,
  type CitationInput,
  type Verdict,
  type VerifyContext,
} from "../pipeline/verify.js";
import { align, evidenceIndex, type EvidenceIndex } from "./align.js";

/** A summary sentence as `POST /verify` takes it: a plain string, or a text with or without citations. */
export type SummaryItem = string | { text: string; citations?: CitationInput[] | undefined };

export interface SentenceVerdict extends Verdict {
  /** False when the service found the evidence itself. */
  cited: boolean;
}

export interface VerifyResponse {
  sentences: SentenceVerdict[];
  supportedCount: number;
  unsupportedCount: number;
}

/**
 * Below this weighted share of its words in its best sentence, nothing in the articles carries a claim: no
 * evidence is returned for it rather than a sentence that shares a word or two by chance.
 */
export const MIN_CARRIED = 0.3;

/**
 * `POST /verify`: judges every sentence of any summary against the articles as sent. A sentence with citations
 * is judged against them; one without (a plain string, or no or empty `citations`) against the sentences of the
 * articles it aligns to, which come back as its citations with `cited: false`.
 *
 * @example
 * verifySummary([{ id: "a1", text: "Talks begin January 10 in Geneva." }], ["Talks begin in Geneva on January 10."])
 * // { sentences: [{ supported: true, cited: false, citations: [{ articleId: "a1", found: true, ... }] }], ... }
 */
export function verifySummary(articles: Article[], summary: SummaryItem[]): VerifyResponse {
  const texts = new Map(articles.map((a) => [a.id, a.text]));
  const items = summary.map((s) => (typeof s === "string" ? { text: s, citations: [] } : s));
  const uncited = items.some((s) => !s.citations || s.citations.length === 0);
  // The articles are segmented only when some sentence needs its evidence found.
  const index = uncited ? evidenceIndex(texts) : undefined;
  const ctx = verificationContext(texts, undefined, index?.sentences ?? []);
  const sentences = items.map((s): SentenceVerdict => {
    const claim = analyzeText(s.text);
    if (s.citations && s.citations.length > 0) return { ...verifyClaim(claim, s.citations, ctx), cited: true };
    return { ...findAndVerify(claim, index!, ctx), cited: false };
  });
  const supportedCount = sentences.filter((s) => s.supported).length;
  return { sentences, supportedCount, unsupportedCount: sentences.length - supportedCount };
}

function findAndVerify(claim: Analyzed, index: EvidenceIndex, ctx: VerifyContext): Verdict {
  const found = align(claim, index);
  if (found.sentences.length === 0 || found.best < MIN_CARRIED) {
    return { text: claim.text, supported: false, reasons: ["nothing in the articles carries the sentence"], citations: [] };
  }
  const citations = found.sentences.map((s) => ({ articleId: s.articleId, quote: s.text, start: s.start, end: s.end }));
  return verifyClaim(claim, citations, ctx);
}
