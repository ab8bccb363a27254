import { analyzeText, type Analyzed } from "../pipeline/features.js";
import { STOPWORDS, type Token } from "../pipeline/lexicon.js";
import type { AnalyzedSentence } from "../pipeline/types.js";
import type { EvidenceIndex } from "./align.js";

/** Words by which a sentence refers back to someone the article has named. */
const PRONOUNS = new Set("he she him his her hers they them their it its who".split(" "));

/**
 * How many sentences back a pronoun or description may reach for the name it stands for: the one before (on the
 * QAGS CNN/DM tuning half, three let more misattributed names through than they rescue).
 */
const REACH = 1;

/**
 * Names the claim uses that its evidence sentences do not write, but that the article itself ties to them:
 * the fuller form of a name the evidence shortens ("Brendan Rodgers" … "Rodgers"), or a name given shortly
 * before a sentence that refers back to it ("Russian President Vladimir Putin … the Russian leader said").
 * Each comes back as a one-name text to judge the claim's names against; found in the article, never in
 * world knowledge.
 *
 * @example
 * const index = evidenceIndex(new Map([["a1", "Brendan Rodgers spoke. Later Rodgers admitted the error."]]));
 * referents(analyzeText("Brendan Rodgers admitted the error."), [index.sentences[1]!], index)
 * // [{ text: "Brendan", ... }]
 */
export function referents(claim: Analyzed, evidence: readonly AnalyzedSentence[], index: EvidenceIndex): Analyzed[] {
  const have = new Set<string>();
  for (const e of evidence) for (const t of e.features.tokens) for (const k of keysOf(t)) have.add(k);
  const missing = claim.features.tokens.filter(
    (t) => t.capitalized && !STOPWORDS.has(t.word) && !have.has(t.key) && !have.has(t.word),
  );
  if (missing.length === 0) return [];
  const out = new Map<string, Analyzed>();
  for (const name of missing) {
    for (const e of evidence) {
      if (tiedByFullerName(name, claim, have, e, index) || tiedByReference(name, claim, e, index)) {
        out.set(name.key, analyzeText(name.raw));
        break;
      }
    }
  }
  return [...out.values()];
}

function keysOf(t: Token): string[] {
  return [t.key, t.word, ...(t.parts ?? []).map((p) => p.key)];
}

function sentencesOf(index: EvidenceIndex, articleId: string): AnalyzedSentence[] {
  return (index.ofArticle.get(articleId) ?? []).map((i) => index.sentences[i]!);
}

/**
 * The claim writes `name` beside another name the evidence has ("Brendan Rodgers" where the evidence says
 * "Rodgers"), and the article writes the two together too: one name, said in full.
 */
function tiedByFullerName(
  name: Token,
  claim: Analyzed,
  have: Set<string>,
  evidence: AnalyzedSentence,
  index: EvidenceIndex,
): boolean {
  const mine = claim.features.tokens;
  const k = mine.indexOf(name);
  const partners = [mine[k - 1], mine[k + 1]].filter((t): t is Token => !!t && t.capitalized && have.has(t.key));
  if (partners.length === 0) return false;
  for (const s of sentencesOf(index, evidence.articleId)) {
    const tokens = s.features.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]!.key !== name.key) continue;
      if (partners.some((p) => tokens[i - 1]?.key === p.key || tokens[i + 1]?.key === p.key)) return true;
    }
  }
  return false;
}

/** Words either side of a name that describe it: "Russian President Vladimir Putin". */
const DESCRIBED_WITHIN = 3;

/**
 * The evidence refers back (a pronoun, or "the" and a description), the name is written a few sentences before
 * it in its article, and the evidence names no one but whom the claim names or the words around that name do
 * ("Russian President Vladimir Putin … the Russian leader").
 */
function tiedByReference(name: Token, claim: Analyzed, evidence: AnalyzedSentence, index: EvidenceIndex): boolean {
  const tokens = evidence.features.tokens;
  if (!tokens.some((t) => PRONOUNS.has(t.word) || t.word === "the")) return false;
  const own = sentencesOf(index, evidence.articleId);
  const at = own.findIndex((s) => s.start === evidence.start);
  if (at < 0) return false;
  const named = new Set(claim.features.tokens.map((t) => t.key));
  let found = false;
  for (const s of own.slice(Math.max(0, at - REACH), at)) {
    const theirs = s.features.tokens;
    theirs.forEach((t, i) => {
      if (t.key !== name.key) return;
      found = true;
      for (const near of theirs.slice(Math.max(0, i - DESCRIBED_WITHIN), i + DESCRIBED_WITHIN + 1)) named.add(near.key);
    });
  }
  if (!found) return false;
  const names = namesOf(index, evidence.articleId);
  return !tokens.some(
    (t) => t.capitalized && (!t.initial || names.has(t.key)) && !STOPWORDS.has(t.word) && !named.has(t.key),
  );
}

const namesCache = new WeakMap<EvidenceIndex, Map<string, Set<string>>>();

/**
 * Keys the article writes capitalised in mid-sentence: its names. A sentence's first word is one of them when the
 * article also writes it so ("Raheem Sterling says he …" names Sterling, whatever came before).
 */
function namesOf(index: EvidenceIndex, articleId: string): Set<string> {
  let byArticle = namesCache.get(index);
  if (!byArticle) namesCache.set(index, (byArticle = new Map()));
  let names = byArticle.get(articleId);
  if (!names) {
    names = new Set();
    for (const s of sentencesOf(index, articleId)) {
      for (const t of s.features.tokens) if (t.capitalized && !t.initial && !STOPWORDS.has(t.word)) names.add(t.key);
    }
    byArticle.set(articleId, names);
  }
  return names;
}
