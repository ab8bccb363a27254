import { analyzeText, type Analyzed } from "../pipeline/features.js";
import { STOPWORDS } from "../pipeline/lexicon.js";
import { segment } from "../pipeline/segment.js";
import type { AnalyzedSentence, Article, Sentence, Span } from "../pipeline/types.js";
import {
  verificationContext,
  verifyClaim,
  type CitationInput,
  type Verdict,
  type VerifyContext,
} from "../pipeline/verify.js";
import { passiveAgent } from "./agents.js";
import { align, evidenceIndex, sentencesIn, type EvidenceIndex } from "./align.js";
import { referents } from "./coref.js";
import { droppedQualifier, runs, stitched } from "./fragments.js";
import { splice, substitution } from "./splice.js";
import { eventRestated } from "./words.js";

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
 * articles it aligns to, which come back as its citations with `cited: false`; an uncited item of several
 * sentences (a summary pasted whole) is judged sentence by sentence, and supported when each of them is.
 *
 * @example
 * verifySummary([{ id: "a1", text: "Talks begin January 10 in Geneva." }], ["Talks begin in Geneva on January 10."])
 * // { sentences: [{ supported: true, cited: false, citations: [{ articleId: "a1", found: true, ... }] }], ... }
 */
export function verifySummary(articles: Article[], summary: SummaryItem[]): VerifyResponse {
  const texts = new Map(articles.map((a) => [a.id, a.text]));
  const items = summary.map((s) => (typeof s === "string" ? { text: s, citations: [] } : s));
  // The articles are segmented and analysed once, and only when needed: to find the evidence of an uncited
  // sentence, to narrow a long quote to a sentence, or to tie a name to a quote.
  const anyUncited = items.some((s) => !s.citations || s.citations.length === 0);
  let index: EvidenceIndex | undefined = anyUncited ? evidenceIndex(texts) : undefined;
  const indexed = () => (index ??= evidenceIndex(texts));
  const base = verificationContext(texts, undefined, index?.sentences ?? []);
  const judged = (chosen: boolean): VerifyContext => ({
    ...base,
    judge: (claim, found, quotes) => judge(claim, found, quotes, indexed, chosen),
  });
  const cited = judged(false);
  const uncited = judged(true);
  // Sentences judged beyond one an item: the request judges at most MAX_JUDGED in all, as many as it may send.
  let spare = Math.max(0, MAX_JUDGED - items.length);
  const sentences = items.map((s): SentenceVerdict => {
    if (s.citations && s.citations.length > 0) {
      return { ...verifyClaim(analyzeText(s.text), s.citations, cited), cited: true };
    }
    const parts = partsOf(s.text, 1 + spare);
    spare -= parts.length - 1;
    const verdicts = parts.map((p) => findAndVerify(analyzeText(p), indexed(), uncited));
    return { ...(parts.length === 1 ? verdicts[0]! : joinVerdicts(s.text, verdicts)), cited: false };
  });
  const supportedCount = sentences.filter((s) => s.supported).length;
  return { sentences, supportedCount, unsupportedCount: sentences.length - supportedCount };
}

/**
 * Most sentences one request judges: as many items as a summary may hold (200). An uncited item of several
 * sentences (a summary pasted whole) is judged sentence by sentence while the request has sentences to spare,
 * so its work stays what 200 items would cost; past that, the rest of the item is judged as one.
 */
export const MAX_JUDGED = 200;

/**
 * The sentences of an uncited item, by the articles' own segmentation; the last of at most `max` holds the rest.
 * An item of one sentence is itself.
 */
function partsOf(text: string, max: number): string[] {
  if (max < 2) return [text];
  const found = sentencesOf(text, max + 1);
  if (found.length < 2) return [text];
  if (found.length <= max) return found.map((x) => x.text);
  return [...found.slice(0, max - 1).map((x) => x.text), text.slice(found[max - 1]!.start).trim()];
}

/** One verdict for an item judged sentence by sentence: supported when each is; each reason says whose it is. */
function joinVerdicts(text: string, verdicts: Verdict[]): Verdict {
  const seen = new Set<string>();
  const citations = verdicts
    .flatMap((v) => v.citations)
    .filter((c) => {
      const key = `${c.articleId}:${c.start}:${c.end}`;
      return !seen.has(key) && seen.add(key);
    });
  const reasons = verdicts.flatMap((v) => v.reasons.map((r) => `${short(v.text)}: ${r}`));
  return { text, supported: verdicts.every((v) => v.supported), reasons, citations };
}

function findAndVerify(claim: Analyzed, index: EvidenceIndex, ctx: VerifyContext): Verdict {
  const found = align(claim, index);
  if (found.sentences.length === 0 || found.best < MIN_CARRIED) {
    const reasons = ["nothing in the articles carries the sentence"];
    return { text: claim.text, supported: false, reasons, citations: [] };
  }
  const citations = found.sentences.map((s) => ({ articleId: s.articleId, quote: s.text, start: s.start, end: s.end }));
  return verifyClaim(claim, citations, ctx);
}

/**
 * Below this weighted share of its content words and facts in the one sentence the service chose, a claim is
 * looked at for a word put where the sentence says another; at or above it, it restates the sentence. Set on
 * the QAGS CNN/DM tuning half (0.9 to 0.95 do about as well).
 */
export const MIN_SHARE = 0.9;

/**
 * What the checks judge a claim against, and what more they find: a quote of several sentences is narrowed to
 * the one the claim restates (so a "not" or a name three sentences away neither rejects nor carries it), a
 * shorter quote stays as it is; the names the article ties to those sentences are added. A claim judged against
 * one sentence must not put a word where the sentence says another; and when the service chose that sentence
 * (`chosen`: found for an uncited claim, or narrowed from a long quote), the claim must neither splice that
 * sentence's pieces together nor be stitched from many short pieces of the articles (fragments.ts): a citer's
 * own short quote may leave paraphrase ("the call lasted 50 minutes" from "during the 50-minute call") to the
 * citer, but what the service vouches for by itself must read as a restatement of what it found. Cited or not,
 * a claim must not leave out a qualifier of the words it copies ("formerly", "possible", "allegedly").
 */
function judge(
  claim: Analyzed,
  found: readonly Span[],
  quotes: readonly Analyzed[],
  indexed: () => EvidenceIndex,
  chosen: boolean,
): { evidence: Analyzed[]; reasons: string[] } {
  const evidence: Analyzed[] = [];
  // Where the service looked for the evidence: every sentence for an uncited claim, else those of the quotes.
  const searched = new Set<number>();
  // The sentences of the articles the evidence is, or lies in (for the names the article ties to them).
  const placed: AnalyzedSentence[] = [];
  const kept: Span[] = [];
  found.forEach((span, k) => {
    const quote = quotes[k]!;
    if (chosen || sentencesOf(quote.text, 2).length < 2) {
      evidence.push(quote);
      kept.push(span);
      return;
    }
    const index = indexed();
    const inside = new Set(sentencesIn(index, span).inside);
    const narrowed = inside.size >= 2 ? align(claim, index, { within: inside }).sentences : [];
    if (narrowed.length > 0) {
      chosen = true;
      for (const i of inside) searched.add(i);
      evidence.push(...narrowed);
      placed.push(...narrowed);
    } else {
      evidence.push(quote);
      kept.push(span);
    }
  });
  // The articles are read around a quote only when the claim names someone the quotes do not.
  let names: Analyzed[] = [];
  if (namesMissing(claim, evidence)) {
    const index = indexed();
    for (const span of kept) {
      const around = sentencesIn(index, span).around;
      if (around !== undefined) placed.push(index.sentences[around]!);
    }
    names = referents(claim, placed, index);
  }
  const reasons: string[] = [];
  // Words of the names the article ties to the evidence: a passive's doer and a claim's own words may be them.
  const named = new Set(names.flatMap((n) => n.features.tokens.map((t) => t.key)));
  const doer = passiveAgent(claim, evidence, named);
  if (doer) reasons.push(doer);
  if (evidence.length === 1) {
    // What the claim is held to word by word: the sentence the service chose, or the citer's own quote.
    const sentence = evidence[0]!;
    let share = 0;
    if (chosen) {
      const index = indexed();
      const only = new Set([index.at.get(sentence as AnalyzedSentence) ?? -1]);
      const alsoCarried = new Set(names.flatMap((n) => n.features.content));
      share = align(claim, index, { within: only, alsoCarried }).best;
    }
    if (share < MIN_SHARE) {
      // A citer's own quote keeps today's checks, but for an evaluation swapped after "be".
      const swap = substitution(claim, sentence, { copular: !chosen });
      if (swap) {
        reasons.push(
          `says ${short(swap.said)} where its evidence says ${short(swap.instead)}: ${short(sentence.text)}`,
        );
      }
    }
    const joined = chosen ? splice(claim, sentence) : undefined;
    if (joined) reasons.push(joined);
    if (chosen) {
      // A claim stitched from other sentences is no restatement of the one the service chose.
      const index = indexed();
      const within = searched.size > 0 ? searched : undefined;
      const preferred = [index.at.get(sentence as AnalyzedSentence) ?? -1];
      const pieces = stitched(claim, runs(claim, index.places, { within, preferred }), index.sentences, named);
      if (pieces) reasons.push(pieces);
    }
  }
  const qualifier = droppedQualifier(claim, evidence);
  if (qualifier) reasons.push(qualifier);
  return { evidence: [...evidence, ...names, ...eventRestated(claim, evidence)], reasons };
}

/** Up to `max` sentences of a quote or a claim, by the same segmentation the articles get. */
function sentencesOf(text: string, max: number): Sentence[] {
  return segment("q", text, [{ start: 0, end: text.length, kind: "body" }], { maxSentences: max });
}

/** Some capitalised word of the claim is in none of its evidence: a name the article may tie to it. */
function namesMissing(claim: Analyzed, evidence: readonly Analyzed[]): boolean {
  const have = new Set<string>();
  for (const e of evidence) for (const t of e.features.tokens) have.add(t.key).add(t.word);
  return claim.features.tokens.some(
    (t) => t.capitalized && !STOPWORDS.has(t.word) && !have.has(t.key) && !have.has(t.word),
  );
}

function short(s: string): string {
  const t = s.replace(/\s+/g, " ").trim();
  return `\u201C${t.length > 80 ? `${t.slice(0, 77)}...` : t}\u201D`;
}
