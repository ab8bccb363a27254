import type { Analyzed } from "../pipeline/features.js";
import { STOPWORDS, synonymsOf, type Token } from "../pipeline/lexicon.js";

/** Longest doer after "by" that is compared: "by Deputy Secretary of State Wendy Sherman". */
const AGENT_TOKENS = 6;
const DETERMINERS = new Set(["the", "a", "an", "its", "his", "her", "their"]);

interface Passive {
  verb: Token;
  agent: Token[];
}

/** Each "VERB by DOER" of a text: the doer's words up to a clause break or a function word. */
function passives(a: Analyzed): Passive[] {
  const tokens = a.features.tokens;
  const out: Passive[] = [];
  tokens.forEach((t, i) => {
    const verb = tokens[i - 1];
    if (t.word !== "by" || !verb || STOPWORDS.has(verb.key) || verb.capitalized) return;
    const agent: Token[] = [];
    for (let k = i + 1; k < tokens.length && agent.length < AGENT_TOKENS; k++) {
      const next = tokens[k]!;
      if (/[,;:.()\u2013\u2014]/.test(a.text.slice(tokens[k - 1]!.end, next.start))) break;
      if (agent.length === 0 && DETERMINERS.has(next.word)) continue;
      if (STOPWORDS.has(next.key) && next.word !== "of") break;
      agent.push(next);
    }
    while (agent.length > 0 && agent[agent.length - 1]!.word === "of") agent.pop();
    if (agent.length > 0) out.push({ verb, agent });
  });
  return out;
}

/**
 * A passive whose doer the claim changes: "the call was requested by the White House" where the evidence says
 * "requested by the Kremlin leader". Only a doer that the evidence names after the same verb is compared; a
 * name of the claim's doer that the article ties to the evidence (`alsoNamed`) is the evidence's doer too.
 *
 * @example
 * passiveAgent(analyzeText("The call was requested by Biden."), [analyzeText("The call requested by Putin.")])
 * // 'says “requested” by “Biden” where its evidence says by “Putin”'
 */
export function passiveAgent(
  claim: Analyzed,
  evidence: readonly Analyzed[],
  alsoNamed: ReadonlySet<string> = new Set(),
): string | undefined {
  const theirs = evidence.flatMap(passives);
  for (const mine of passives(claim)) {
    const verbs = synonymsOf(mine.verb.key);
    const same = theirs.filter((p) => verbs.has(p.verb.key));
    if (same.length === 0) continue;
    const agrees = (p: Passive) => {
      const keys = new Set(p.agent.flatMap((t) => [...synonymsOf(t.key)]));
      // Every name of the claim's doer is in theirs, and they share a word.
      const names = mine.agent.filter((t) => t.capitalized && !alsoNamed.has(t.key));
      return names.every((t) => keys.has(t.key)) && mine.agent.some((t) => keys.has(t.key) || alsoNamed.has(t.key));
    };
    if (same.some(agrees)) continue;
    const words = (p: Passive) => p.agent.map((t) => t.raw).join(" ");
    const q = (s: string) => `\u201C${s}\u201D`;
    return `says ${q(mine.verb.raw)} by ${q(words(mine))} where its evidence says by ${q(words(same[0]!))}`;
  }
  return undefined;
}
