import type { Analyzed } from "../pipeline/features.js";
import { STOPWORDS, synonymsOf, type Token } from "../pipeline/lexicon.js";

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
 * splice(analyzeText("Police arrested the driver."), analyzeText("Police said a witness who saw the crash late on Friday near the bridge arrested the driver."))
 * // 'joins “Police” and “arrested”, which its evidence keeps apart (“said a witness who saw the crash late…”)'
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
      if (skipped > maxSkipped && (!worst || skipped > worst.skipped)) {
        worst = { skipped, from: previous, to: t, start: theirs[at]!.end, end: theirs[j]!.start };
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
