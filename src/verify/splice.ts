import type { Analyzed } from "../pipeline/features.js";
import { isNumberWord, STOPWORDS, synonymsOf, type Token } from "../pipeline/lexicon.js";
import { eventTokens } from "./words.js";

/**
 * More content words than this between two words the claim puts side by side, and the claim has joined what
 * its evidence keeps apart. Set on the QAGS CNN/DM tuning half, where 2 to 4 do about as well.
 */
export const MAX_SKIPPED = 3;

const isContent = (t: Token) => !STOPWORDS.has(t.key) && !STOPWORDS.has(t.word);

/**
 * Two neighbouring words of the claim that its one evidence sentence writes with more than `MAX_SKIPPED`
 * content words between them: the claim splices a sentence's pieces together ("Wolfsburg … beat Hertha
 * Berlin" from "as Wolfsburg lost …, Bayern, who beat Hertha Berlin"), or moves an attribute from one clause
 * to another. The claim's words are followed through the evidence in order; words it reorders or adds are
 * left to the other checks.
 *
 * @example
 * const evidence = analyzeText("Police said a witness who saw the crash on Friday arrested the driver.");
 * splice(analyzeText("Police arrested the driver."), evidence)
 * // 'joins “Police” and “arrested”, which its evidence keeps apart (“said a witness who saw the crash…”)'
 */
export function splice(claim: Analyzed, evidence: Analyzed, maxSkipped = MAX_SKIPPED): string | undefined {
  const theirs = evidence.features.tokens;
  let at = -1;
  let previous: Token | undefined;
  let worst: { skipped: number; from: Token; to: Token; start: number; end: number } | undefined;
  for (const t of claim.features.tokens) {
    if (!isContent(t)) continue;
    const same = synonymsOf(t.key);
    let j = at + 1;
    while (j < theirs.length && !same.has(theirs[j]!.key)) j++;
    if (j >= theirs.length) continue;
    if (previous && at >= 0) {
      const skipped = theirs.slice(at + 1, j).filter(isContent).length;
      const start = theirs[at]!.end;
      const end = theirs[j]!.start;
      if (skipped > maxSkipped && (!worst || skipped > worst.skipped) && !leftOut(evidence.text.slice(start, end))) {
        worst = { skipped, from: previous, to: t, start, end };
      }
    }
    at = j;
    previous = t;
  }
  if (!worst) return undefined;
  const gap = evidence.text.slice(worst.start, worst.end).replace(/\s+/g, " ").trim();
  return (
    `joins \u201C${worst.from.raw}\u201D and \u201C${worst.to.raw}\u201D, which its evidence keeps apart ` +
    `(\u201C${gap.length > 60 ? `${gap.slice(0, 57)}...` : gap}\u201D)`
  );
}

/** An aside between commas, dashes or brackets: "Bamford, on loan at the Riverside from Chelsea, received". */
const ASIDE = /^\s*[,(\u2013\u2014]|^\s+-\s/u;
const ASIDE_END = /(?:[,)\u2013\u2014]|\s-)\s*$/u;
/** A conjunction that hands the subject on: "Pardew insists he is better … but has no plans". */
const HANDS_ON = new RegExp(
  "\\b(?:but|and|yet|as|while|who|which|then|before|after|when)(?:\\s+(?:he|she|they|it|we|i))?" +
    "(?:\\s+(?:has|have|had|is|are|was|were|will|would|can|could|did|does|do))?\\s*$",
  "iu",
);

/**
 * What a faithful shortening leaves out between two of its words: an aside, or a clause whose subject the
 * next one shares.
 *
 * @example
 * leftOut(", on loan from Chelsea, ") // true
 */
export function leftOut(between: string): boolean {
  return (ASIDE.test(between) && ASIDE_END.test(between)) || HANDS_ON.test(between);
}

/** Words that open what follows a slot rather than fill it: "a colossal mistake that would lead". */
const BOUNDARY = new Set("that which who whom whose where when because and but or if".split(" "));

/** Longest run of evidence words that may stand in one slot of a claim: "a colossal mistake" for "wise". */
const SLOT = 3;

/** Forms of "be": a word after one says what something is ("would be wise"), and swapping it can reverse that. */
const BE = new Set("is are was were be been being am 's".split(" "));
/** Articles: a shortening may drop them, and a slot may open with one. */
export const DETERMINERS = new Set(["a", "an", "the"]);

/**
 * A word of the claim that its evidence replaces with other words in the same place: "sanctions would be wise"
 * where the evidence says "would be a colossal mistake". Only a word the evidence has nowhere (nor a synonym,
 * part or word family of it) counts; names and numbers are left to their own checks. With `copular`, only a
 * word saying what something is, after "be" in both: a citer's own quote may paraphrase a verb ("stay" for
 * "remain") the lexicon does not know, but an evaluation swapped is a reversal.
 *
 * @example
 * substitution(analyzeText("Sanctions would be wise."), analyzeText("Sanctions would be a colossal mistake."))
 * // { said: "wise", instead: "colossal mistake" }
 */
export function substitution(
  claim: Analyzed,
  evidence: Analyzed,
  options: { copular?: boolean } = {},
): { said: string; instead: string } | undefined {
  const theirs = evidence.features.tokens;
  const tokens = claim.features.tokens;
  const events = new Set(eventTokens(tokens.map((t) => t.key)).map((i) => tokens[i]));
  // An event verb restates another ("happened" for "was held"): not a substitution.
  const mine = tokens.filter((t) => isContent(t) && !events.has(t));
  const claimKeys = new Set(mine.flatMap((t) => [...synonymsOf(t.key)]));
  const theirKeys = new Set(theirs.flatMap((t) => [t.key, t.word, ...(t.parts ?? []).map((p) => p.key)]));
  const anywhere = (t: Token) =>
    [...synonymsOf(t.key)].some((k) => theirKeys.has(k)) ||
    (t.parts ?? []).some((p) => theirKeys.has(p.key)) ||
    [...theirKeys].some((k) => sameFamily(t.key, k));
  let at = -1;
  for (const t of mine) {
    const same = synonymsOf(t.key);
    let j = at + 1;
    while (j < theirs.length && !same.has(theirs[j]!.key)) j++;
    if (j < theirs.length) {
      at = j;
      continue;
    }
    if (at < 0 || t.capitalized || /\d/.test(t.raw) || isNumberWord(t.raw) || anywhere(t)) continue;
    if (options.copular && !afterBe(tokens, tokens.indexOf(t))) continue;
    // What the evidence says in that place: its next few words that the claim does not use, up to a clause break.
    const instead: Token[] = [];
    let be = false;
    for (let i = at + 1; i < theirs.length && instead.length < SLOT; i++) {
      const e = theirs[i]!;
      if (/[,;:]/.test(evidence.text.slice(theirs[i - 1]!.end, e.start))) break;
      if (claimKeys.has(e.key) || BOUNDARY.has(e.word)) break;
      if (BE.has(e.word) && instead.length === 0) be = true;
      if (isContent(e)) instead.push(e);
    }
    if (instead.length > 0 && (!options.copular || be)) {
      return { said: t.raw, instead: instead.map((e) => e.raw).join(" ") };
    }
  }
  return undefined;
}

/** The token at `i` follows a form of "be", articles aside: "would be wise", "was a success". */
function afterBe(tokens: readonly Token[], i: number): boolean {
  let k = i - 1;
  while (k >= 0 && DETERMINERS.has(tokens[k]!.word)) k--;
  return k >= 0 && BE.has(tokens[k]!.word);
}

/** One word family: a long common beginning ("diplomatic" / "diplomacy"), as the content check counts it. */
function sameFamily(a: string, b: string): boolean {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  return p >= 6 && p >= 0.75 * Math.min(a.length, b.length);
}
