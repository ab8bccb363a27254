import { analyzeText, type Analyzed } from "../pipeline/features.js";

/**
 * Word knowledge the alignment adds to the lexicon's: news-specific tables only.
 */

/**
 * Stems of the verbs by which news says that an event happens, any of which may restate another: "the talks took
 * place / were held / began / happened / are scheduled for Monday". "take" and "place" count only together, and
 * "set" only before "for" or "to".
 */
export const EVENT_VERBS = new Set(["happen", "occur", "begin", "start", "hold", "schedul", "slat", "due", "unfold"]);

/** The stemmer's keys for "take", "took", "taken", "taking". */
const TAKE = new Set(["take", "tak"]);

/**
 * Indices of the tokens (by key) that say an event happens: an event verb, or "take place" in any form.
 *
 * @example
 * eventTokens(["talk", "tak", "plac", "monday"]) // [1, 2]
 */
export function eventTokens(keys: readonly string[]): number[] {
  const out: number[] = [];
  keys.forEach((k, i) => {
    const takePlace = (TAKE.has(k) && keys[i + 1] === "plac") || (k === "plac" && TAKE.has(keys[i - 1] ?? ""));
    // "set for January 12", "set to begin": scheduled.
    const setFor = k === "set" && (keys[i + 1] === "for" || keys[i + 1] === "to");
    if (EVENT_VERBS.has(k) || takePlace || setFor) out.push(i);
  });
  return out;
}

/**
 * The claim's words for an event happening, each as a text to judge it against, when the evidence says the
 * event happens in words of its own: "took place" is carried by "was held". One word each, so that no clause
 * of them can stand in for an evidence clause when negations are compared.
 *
 * @example
 * eventRestated(analyzeText("The vote took place."), [analyzeText("The vote was held.")]).map((a) => a.text)
 * // ["took", "place"]
 */
export function eventRestated(claim: Analyzed, evidence: readonly Analyzed[]): Analyzed[] {
  const keysOf = (a: Analyzed) => a.features.tokens.map((t) => t.key);
  if (!evidence.some((e) => eventTokens(keysOf(e)).length > 0)) return [];
  return eventTokens(keysOf(claim)).map((i) => analyzeText(claim.features.tokens[i]!.raw));
}
