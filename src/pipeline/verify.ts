import { analyzeText, type Analyzed, type Clause } from "./features.js";
import { factMatches, type Fact } from "./facts.js";
import {
  antonymsOf,
  NEGATION_CUES,
  hasNumber,
  isNumberWord,
  NEGATIVE_PREDICATES,
  STOPWORDS,
  stem,
  synonymsOf,
  vocabularyOf,
  type Token,
  type Vocabulary,
} from "./lexicon.js";
import { foldForMatching, locateQuote } from "./normalize.js";
import type { AnalyzedSentence, Span } from "./types.js";

/** A citation as a client may send it to `POST /verify`: offsets are optional hints. */
export interface CitationInput {
  articleId: string;
  quote: string;
  start?: number;
  end?: number;
}

export interface CheckedCitation {
  articleId: string;
  quote: string;
  found: boolean;
  start?: number;
  end?: number;
}

export interface Verdict {
  text: string;
  supported: boolean;
  reasons: string[];
  citations: CheckedCitation[];
}

/**
 * What verifying needs besides the claim: the articles as sent, the words they write in lower case, and the
 * analysis of any span of them (the analysis's own sentence when the span is one, else analysed once here).
 */
export interface VerifyContext {
  texts: ReadonlyMap<string, string>;
  vocabulary: Vocabulary;
  evidenceAt(articleId: string, start: number, end: number): Analyzed;
  /**
   * What the checks judge the claim against, given the spans its quotes were found at: by default the quotes
   * themselves; a context may narrow a long quote to the sentence the claim restates, and add reasons of its
   * own checks (see src/verify/).
   */
  judge?(
    claim: Analyzed,
    found: readonly Span[],
    quotes: readonly Analyzed[],
  ): { evidence: Analyzed[]; reasons: string[] };
}

/**
 * A context for one request: spans that are sentences of the analysis are read from it; any other quote is
 * analysed the first time it is cited and reused by every later claim that cites it.
 *
 * @example
 * const ctx = verificationContext(analysis.texts, analysis.vocabulary, analysis.sentences);
 * verifyClaim(analyzeText("Talks begin Monday."), citations, ctx).supported
 */
export function verificationContext(
  texts: ReadonlyMap<string, string>,
  vocabulary: Vocabulary = vocabularyOf(texts),
  sentences: readonly AnalyzedSentence[] = [],
): VerifyContext {
  const spans = new Map<string, Analyzed>();
  for (const s of sentences) spans.set(`${s.articleId}\u0000${s.start}\u0000${s.end}`, s);
  return {
    texts,
    vocabulary,
    evidenceAt(articleId, start, end) {
      const key = `${articleId}\u0000${start}\u0000${end}`;
      let a = spans.get(key);
      if (!a) {
        a = analyzeText((texts.get(articleId) ?? "").slice(start, end));
        spans.set(key, a);
      }
      return a;
    },
  };
}

/**
 * Judges one summary sentence against its cited quotes. Quotes are located in the articles as sent (exactly,
 * then up to white space, quote-mark and dash style); the sentence is then checked against the union of the
 * quotes found: numbers, dates, times and money; names and places; quoted speech; content words; and meaning
 * flips that add nothing new (negation, antonyms, quantifiers, before/after, who did what to whom, certainty).
 *
 * @example
 * verifySentence("Russia massed 200,000 troops.", [{ articleId: "a1", quote: "Russia massed 100,000 troops." }], texts)
 * // { supported: false, reasons: ['number "200,000" is not in the cited evidence'], ... }
 */
export function verifySentence(
  text: string,
  citations: CitationInput[],
  articles: ReadonlyMap<string, string>,
): Verdict {
  return verifyClaim(analyzeText(text), citations, verificationContext(articles));
}

/**
 * `verifySentence` for a claim already analysed, in a request's context: what `/verify`, the use case and the
 * citation choice call, so no claim or quote is analysed twice.
 *
 * @example
 * verifyClaim(unit, [{ articleId: "a1", quote: unit.text }], ctx).supported // true
 */
export function verifyClaim(claim: Analyzed, citations: CitationInput[], ctx: VerifyContext): Verdict {
  const reasons: string[] = [];
  const checked: CheckedCitation[] = [];
  const evidence: Analyzed[] = [];
  const found: Span[] = [];
  const articles = ctx.texts;

  if (citations.length === 0) reasons.push("the sentence has no citation");
  for (const c of citations) {
    const article = articles.get(c.articleId);
    if (article === undefined) {
      checked.push({ articleId: c.articleId, quote: c.quote, found: false });
      reasons.push(`cites article "${c.articleId}", which is not among the articles`);
      continue;
    }
    const at = locateQuote(article, c.quote, c);
    if (!at) {
      checked.push({ articleId: c.articleId, quote: c.quote, found: false });
      const elsewhere = [...articles].find(([id, t]) => id !== c.articleId && locateQuote(t, c.quote));
      reasons.push(
        `quote ${short(c.quote)} does not occur in article "${c.articleId}"` +
          (elsewhere ? ` (it occurs in article "${elsewhere[0]}")` : ""),
      );
      continue;
    }
    checked.push({ articleId: c.articleId, quote: c.quote, found: true, start: at.start, end: at.end });
    evidence.push(ctx.evidenceAt(c.articleId, at.start, at.end));
    found.push({ articleId: c.articleId, start: at.start, end: at.end });
  }

  if (evidence.length > 0) {
    const judged = ctx.judge?.(claim, found, evidence);
    reasons.push(...checkAnalyzed(claim, judged?.evidence ?? evidence, ctx.vocabulary), ...(judged?.reasons ?? []));
  } else if (citations.length > 0) reasons.push("none of the cited quotes was found, so nothing supports the sentence");
  return { text: claim.text, supported: reasons.length === 0, reasons: dedupe(reasons), citations: checked };
}

/**
 * The content checks alone: what in `claim` the evidence passages do not carry. Empty when supported.
 *
 * @example
 * checkClaim("Talks begin on January 9.", ["Talks begin on January 10."])
 * // ['date "January 9" is not in the cited evidence']
 */
export function checkClaim(claim: string, evidence: string[], vocabulary: Vocabulary = new Set()): string[] {
  return checkAnalyzed(analyzeText(claim), evidence.map(analyzeText), vocabulary);
}

/**
 * `checkClaim` on texts already analysed.
 *
 * @example
 * checkAnalyzed(analyzeText("Talks begin on January 9."), [analyzeText("Talks begin on January 10.")], new Set())
 */
export function checkAnalyzed(claim: Analyzed, evidence: Analyzed[], vocabulary: Vocabulary): string[] {
  const reasons: string[] = [];
  const joined = evidence.map((e) => e.text).join("\n");
  const claimTokens = claim.features.tokens;
  const evidenceTokens = evidence.flatMap((e) => e.features.tokens);
  // Parts of compounds count on their own: "50-minute call" supports "minutes", "Russia-NATO" supports "NATO".
  const evidenceKeys = new Set<string>();
  const evidenceWords = new Set<string>();
  const keyPieces = new Set<string>();
  for (const t of evidenceTokens) {
    evidenceKeys.add(t.key);
    if (t.parts) for (const p of t.parts) evidenceKeys.add(p.key);
    evidenceWords.add(t.word);
    if (t.key.includes("-")) for (const piece of t.key.split("-")) keyPieces.add(piece);
    else keyPieces.add(t.key);
  }

  reasons.push(
    ...checkFacts(
      claim.features.facts,
      evidence.flatMap((e) => e.features.facts),
      joined,
    ),
  );
  const names = nameTokens(claimTokens, vocabulary);
  reasons.push(...checkNames(names, keyPieces, evidenceKeys, evidenceWords));
  reasons.push(...checkQuotations(claim.text, joined));
  reasons.push(...checkContent(claimTokens, names, evidenceKeys));
  reasons.push(...checkRelations(claimTokens, evidenceTokens));
  reasons.push(...checkPolarity(claim, evidence));
  reasons.push(...checkRoles(claim, evidence));
  return reasons;
}

function checkFacts(wanted: Fact[], have: Fact[], evidence: string): string[] {
  const reasons: string[] = [];
  for (const want of wanted) {
    if (have.some((h) => factMatches(want, h))) continue;
    if (want.kind === "number" && want.value === 2 && /\b(both|two|pair|twice|second)\b/i.test(evidence)) continue;
    reasons.push(`${factLabel(want)} ${short(want.text.trim())} is not in the cited evidence`);
  }
  return reasons;
}

function factLabel(f: Fact): string {
  switch (f.kind) {
    case "money":
      return "amount";
    case "vague":
      return "quantity";
    case "weekday":
      return "day";
    default:
      return f.kind;
  }
}

/** Titles are capitalised but are not names: "President Biden" is supported by "Joe Biden". */
const TITLES = new Set(
  (
    "president presidents minister ministers secretary spokesman spokesperson spokeswoman official deputy " +
    "senior former foreign defense defence general prime chief head ambassador envoy leader council " +
    "governor senator representative mr mrs ms dr sir lord king queen prince pope chancellor mayor state " +
    "national security affairs administration government army navy"
  ).split(" "),
);

/**
 * Capitals standing for their governments, as news writes them: "Washington warned" is supported by
 * "the United States warned". One way only: "the United States" is not supported by "Washington" alone.
 */
const METONYMS: Record<string, string[]> = {
  washington: ["unitedstates", "whitehouse"],
  moscow: ["russia", "kremlin"],
  kremlin: ["russia", "moscow"],
  kiev: ["ukraine"],
  beijing: ["china"],
  london: ["unitedkingdom"],
  paris: ["france"],
  berlin: ["germany"],
  whitehouse: ["unitedstates"],
};

/** The claim's names and places: capitalised words that are not ordinary words opening a sentence or quotation. */
function nameTokens(tokens: Token[], vocabulary: Vocabulary): Token[] {
  return tokens.filter((t, i) => {
    if (!t.capitalized || STOPWORDS.has(t.word) || TITLES.has(t.word)) return false;
    if (/^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)$/.test(t.key)) return false;
    if (/^(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i.test(t.raw)) return false;
    if (isNumberWord(t.raw)) return false;
    if (!t.initial) return true;
    // A capital at the start is a name unless the articles also write the word in lower case, or it is a
    // word the lexicon knows: "Lavrov said" names someone, "Earlier Western sanctions" does not.
    const lower = t.raw.toLowerCase();
    if (vocabulary.has(lower) || STOPWORDS.has(lower) || LIGHT.has(t.key)) return false;
    const next = tokens[i + 1];
    if (next?.capitalized && !next.initial && !TITLES.has(next.word)) return true;
    return synonymsOf(t.key).size === 1 && antonymsOf(t.key).size === 0;
  });
}

/** `keyPieces`: every evidence key and the pieces of hyphenated keys ("russia-nato" → "russia", "nato"). */
function checkNames(names: Token[], keyPieces: Set<string>, keys: Set<string>, words: Set<string>): string[] {
  const reasons: string[] = [];
  for (const name of names) {
    const parts = name.raw.includes("-") && !keys.has(name.key) && name.parts ? name.parts : [name];
    const missing = parts.some(
      (p) =>
        !keys.has(p.key) &&
        !words.has(p.word) &&
        !(METONYMS[p.key] ?? []).some((m) => keys.has(m)) &&
        !keyPieces.has(p.key),
    );
    if (missing) reasons.push(`name ${short(name.raw)} is not in the cited evidence`);
  }
  return reasons;
}

const QUOTE_PAIRS: [string, string][] = [
  ["\u201C", "\u201D"],
  ["\u00AB", "\u00BB"],
  ['"', '"'],
  ["\u201E", "\u201C"],
  ["\u2018", "\u2019"],
];

/** Quoted speech in a claim must occur verbatim (up to white space, quote-mark and dash style). */
function checkQuotations(claim: string, evidence: string): string[] {
  const reasons: string[] = [];
  let folded: string | undefined;
  const hay = () => (folded ??= foldForMatching(evidence).text.toLowerCase());
  for (const [open, close] of QUOTE_PAIRS) {
    let from = 0;
    for (;;) {
      const a = claim.indexOf(open, from);
      if (a < 0) break;
      const b = claim.indexOf(close, a + 1);
      if (b < 0) break;
      from = b + 1;
      const inner = claim.slice(a + 1, b).trim();
      // Single-quote pairs are also apostrophes: only take multi-word spans between them.
      if (open === "\u2018" && !/\s/.test(inner)) continue;
      if (!/\p{L}{2,}/u.test(inner)) continue;
      const needle = foldForMatching(inner.replace(/[.,;:!?]+$/u, "")).text.toLowerCase();
      if (needle && !hay().includes(needle)) {
        reasons.push(`quotation ${short(inner)} does not occur in the cited evidence`);
      }
    }
  }
  return reasons;
}

function covered(key: string, evidence: Set<string>): boolean {
  if (evidence.has(key)) return true;
  for (const s of synonymsOf(key)) if (evidence.has(s)) return true;
  for (const e of evidence) {
    // Same word family: "diplomatic" / "diplomacy", "negotiators" / "negotiations".
    const p = commonPrefix(key, e);
    if (p >= 6 && p >= 0.75 * Math.min(key.length, e.length)) return true;
  }
  return false;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * Words that carry no claim of their own in a news summary, including the words a summary uses to
 * attribute and to state that outlets disagree ("Outlets differ on the date…"): facts and names in such a
 * sentence are still checked, and "disagree" still clashes with an evidence "agree".
 */
const LIGHT = new Set(
  (
    "also however meanwhile according instead rather indeed reportedly part counterpart side way thing " +
    "time year week day month people person report news leader country make take give get put outlet " +
    "source account media press coverage version " +
    "disagree differ vary conflict date figure number detail other another either both respectively"
  )
    .split(" ")
    .map(stem),
);

function checkContent(claim: Token[], names: Token[], evidence: Set<string>): string[] {
  const nameSet = new Set(names);
  // Names, numbers (digits or words) and titles are checked elsewhere or are not claims of their own.
  const content = claim.filter(
    (t) =>
      !nameSet.has(t) &&
      !STOPWORDS.has(t.key) &&
      !STOPWORDS.has(t.word) &&
      !hasNumber(t.key) &&
      !isNumberWord(t.raw) &&
      !TITLES.has(t.word) &&
      !LIGHT.has(t.key) &&
      !NEGATION_CUES.has(t.word) &&
      !/n't$/.test(t.raw),
  );
  const reasons: string[] = [];
  const uncovered: string[] = [];
  for (const t of content) {
    if (covered(t.key, evidence)) continue;
    const opposite = [...synonymsOf(t.key)].flatMap((s) => [...antonymsOf(s)]).find((a) => evidence.has(a));
    if (opposite) reasons.push(`says ${short(t.raw)} where the evidence says the opposite (${short(opposite)})`);
    else uncovered.push(t.raw);
  }
  const distinct = [...new Set(uncovered.map((w) => w.toLowerCase()))];
  if (distinct.length >= 3 || (distinct.length >= 2 && distinct.length > 0.15 * content.length)) {
    reasons.push(
      `goes beyond its evidence: ${distinct.map((w) => short(w)).join(", ")} not supported by the cited quotes`,
    );
  }
  return reasons;
}

/** Relation words the content check skips as stop words, but whose swap reverses a statement. */
const RELATION_FAMILIES: [string, string[], string[]][] = [
  [
    "before/after",
    ["before", "ahead", "prior", "earlier", "preceding", "preceded", "until"],
    ["after", "following", "later", "afterwards", "subsequently", "since", "followed"],
  ],
  [
    "more/less",
    ["more", "over", "above", "exceed", "exceeded", "exceeds", "greater", "larger", "higher", "least"],
    ["less", "fewer", "under", "below", "smaller", "lower", "most"],
  ],
];
const UNIVERSALS = ["all", "every", "each", "entire", "whole", "always", "everyone", "everything", "everybody", "any"];
const QUANTIFIER_RANK: Record<string, number> = {
  few: 1,
  some: 2,
  several: 2,
  certain: 2,
  many: 3,
  much: 3,
  most: 4,
  majority: 4,
};
for (const u of UNIVERSALS) QUANTIFIER_RANK[u] = 5;
const CERTAIN = ["will", "must", "definitely", "certainly", "surely", "shall"];
const HEDGES = ["may", "might", "could", "possibly", "perhaps", "likely", "probably", "potentially", "possible"];

function checkRelations(claim: Token[], evidence: Token[]): string[] {
  const reasons: string[] = [];
  const cw = new Set(claim.map((t) => t.word));
  const ew = new Set(evidence.map((t) => t.word));
  const evidenceKeys = new Set(evidence.map((t) => t.key));
  // "Earlier sanctions" means "previous sanctions": a relation word whose synonym the evidence has is fine.
  const paraphrased = (word: string) => [...synonymsOf(stem(word))].some((s) => evidenceKeys.has(s));
  for (const [label, a, b] of RELATION_FAMILIES) {
    for (const [mine, theirs] of [
      [a, b],
      [b, a],
    ] as const) {
      const said = mine.find((w) => cw.has(w));
      if (said && !mine.some((w) => ew.has(w)) && theirs.some((w) => ew.has(w)) && !paraphrased(said)) {
        reasons.push(
          `reverses ${label}: says ${short(said)} where the evidence says ${short(theirs.find((w) => ew.has(w))!)}`,
        );
      }
    }
  }
  // "How many", "so much", "as many as" ask or compare; they claim no quantity.
  const quantifying = new Set(
    claim.filter((_, i) => !/^(how|so|too|as)$/i.test(claim[i - 1]?.raw ?? "")).map((t) => t.word),
  );
  for (const word of Object.keys(QUANTIFIER_RANK)) {
    const rank = QUANTIFIER_RANK[word]!;
    if (rank < 3 || !quantifying.has(word) || word === "any") continue;
    const evidenceRank = Math.max(0, ...[...ew].map((w) => QUANTIFIER_RANK[w] ?? 0));
    if (evidenceRank < rank) reasons.push(`overstates: says ${short(word)} where the evidence does not`);
  }
  if (cw.has("only") && !ew.has("only")) reasons.push(`adds ${short("only")}, which the evidence does not say`);
  const certain = CERTAIN.find((w) => cw.has(w));
  if (certain && !CERTAIN.some((w) => ew.has(w)) && HEDGES.some((w) => ew.has(w))) {
    reasons.push(`states as certain (${short(certain)}) what the evidence only says may happen`);
  }
  return reasons;
}

/** How far after its cue a negation reaches: "could not deliver a satisfying result". */
const NEGATION_SCOPE = 6;

/**
 * Number of negations in a clause: cues ("not", "no", "never", "n't") and negative predicates ("ruled out",
 * "denies"). With `about`, only those whose scope (the words after the cue) holds one of those keys: "a goal
 * meant he could not deliver" negates nothing of a claim that only says "an early goal".
 */
function negations(tokens: Token[], about?: Set<string>): { count: number; cue?: string } {
  const inScope = (i: number) =>
    !about || tokens.slice(i + 1, i + 1 + NEGATION_SCOPE).some((t) => [...synonymsOf(t.key)].some((k) => about.has(k)));
  let count = 0;
  let cue: string | undefined;
  let neither = false;
  tokens.forEach((t, i) => {
    const w = t.word;
    const next = tokens[i + 1]?.word ?? "";
    if (w === "not" && next === "only") return;
    // "neither … nor" is one negation, not two that cancel out.
    if (w === "nor" && neither) return;
    if (w === "neither") neither = true;
    // "far from ready" denies readiness as "not ready" does.
    if (w === "far" && next === "from") {
      count++;
      cue ??= "far from";
      return;
    }
    // "has yet to sign" says it has not signed.
    if (w === "yet" && next === "to") {
      if (inScope(i)) {
        count++;
        cue ??= "yet to";
      }
      return;
    }
    if (w === "no" && (next === "longer" || next === "doubt")) {
      if (next === "doubt") return;
    }
    // "No. 1", "no 1 jersey": a number, not a negation.
    if (w === "no" && /^\d/.test(next)) return;
    const isCue = NEGATION_CUES.has(w) || /n't$/.test(w) || /n’t$/.test(t.raw);
    const isPredicate = NEGATIVE_PREDICATES.has(t.key) && (t.key !== "rule" || next === "out");
    if ((isCue || isPredicate) && inScope(i)) {
      count++;
      cue ??= t.raw;
    }
  });
  return { count, ...(cue ? { cue } : {}) };
}

function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const x of a) {
    if (b.has(x)) n++;
    else
      for (const s of synonymsOf(x))
        if (b.has(s)) {
          n++;
          break;
        }
  }
  return n;
}

/**
 * For each clause of the claim, the evidence clauses that say about as many of its words as the best one does
 * (at least two): a claim clause may restate any of them.
 */
function alignments(claim: Analyzed, evidence: Analyzed[]): [Clause, Clause[]][] {
  const theirs = evidence.flatMap((e) => e.features.clauses);
  const pairs: [Clause, Clause[]][] = [];
  for (const mine of claim.features.clauses) {
    if (mine.content.size < 2) continue;
    const scored = theirs
      .map((c) => ({ c, n: overlap(mine.content, c.content) }))
      .filter((x) => x.n >= 2)
      .sort((x, y) => y.n - x.n || x.c.content.size - y.c.content.size);
    const best = scored[0];
    if (best) pairs.push([mine, scored.filter((x) => x.n >= best.n - 1).map((x) => x.c)]);
  }
  return pairs;
}

function checkPolarity(claim: Analyzed, evidence: Analyzed[]): string[] {
  const reasons: string[] = [];
  for (const [mine, candidates] of alignments(claim, evidence)) {
    const theirContent = new Set(candidates.flatMap((c) => [...c.content]));
    const a = negations(mine.tokens, theirContent);
    if (candidates.some((c) => negations(c.tokens, mine.content).count % 2 === a.count % 2)) continue;
    const theirs = candidates[0]!;
    const b = negations(theirs.tokens, mine.content);
    reasons.push(
      a.count % 2 === 1
        ? `adds a negation (${short(a.cue ?? "not")}) that the evidence ${short(theirs.text)} does not have`
        : `drops the negation (${short(b.cue ?? "not")}) of the evidence ${short(theirs.text)}`,
    );
  }
  return reasons;
}

/** Verbs whose two sides may trade places without changing the meaning. */
const SYMMETRIC = new Set(
  [
    "meet",
    "speak",
    "talk",
    "call",
    "discuss",
    "negotiate",
    "agree",
    "sign",
    "confer",
    "clash",
    "fight",
    "exchange",
    "disagree",
    "differ",
  ].map(stem),
);
const PASSIVE_AUX = new Set(["is", "are", "was", "were", "be", "been", "being", "get", "got"]);

interface Participant {
  key: string;
  index: number;
}

/** Entities in a clause, in order, with "unitedstates"/"russia" style keys. */
function participants(tokens: Token[]): Participant[] {
  const out: Participant[] = [];
  tokens.forEach((t, index) => {
    if ((t.capitalized && !STOPWORDS.has(t.word) && !TITLES.has(t.word)) || t.key === "unitedstates") {
      out.push({ key: t.key, index });
    }
  });
  return out;
}

/** Two participants further apart than this are not one action's doer and receiver. */
const ROLE_WINDOW = 8;

/** Words between two participants, and whether a passive ("was warned by") reverses their order. */
function between(tokens: Token[], from: number, to: number): { words: Set<string>; passive: boolean } {
  const words = new Set<string>();
  let by = -1;
  for (let i = from + 1; i < to; i++) {
    const t = tokens[i]!;
    if (!STOPWORDS.has(t.key) && !STOPWORDS.has(t.word) && !t.capitalized && !hasNumber(t.key)) words.add(t.key);
    if (t.word === "by") by = i;
  }
  // "was warned by": a "by" among the last three words, after a passive auxiliary.
  let passive = false;
  if (by >= 0 && by - (from + 1) >= to - (from + 1) - 3) {
    for (let i = from + 1; i < by && !passive; i++) passive = PASSIVE_AUX.has(tokens[i]!.word);
  }
  return { words, passive };
}

/**
 * Who did what to whom: for two participants close around the same action word in both the claim and its
 * evidence, their order (turned around by a passive) must agree. "Biden told Putin" is not "Putin told Biden";
 * symmetric actions ("met", "spoke with") are exempt.
 */
function checkRoles(claim: Analyzed, evidence: Analyzed[]): string[] {
  const mine = claim.features.tokens;
  const p = participants(mine);
  const reasons: string[] = [];
  const theirParticipants = evidence.map((e) => participants(e.features.tokens));
  for (let i = 0; i < p.length; i++) {
    for (let j = i + 1; j < p.length; j++) {
      const a = p[i]!;
      const b = p[j]!;
      if (a.key === b.key || b.index - a.index > ROLE_WINDOW) continue;
      const claimSide = between(mine, a.index, b.index);
      // No action word between them: nothing whose two sides could be swapped.
      if (claimSide.words.size === 0) continue;
      const claimOrder = claimSide.passive ? -1 : 1;
      // One quote with the claim's order is support enough; a swap is reported only when the quotes that
      // relate these two around the same action all have them the other way round.
      let same = false;
      let swapped: { verb: string; quote: string } | undefined;
      for (const [k, e] of evidence.entries()) {
        const quote = e.text;
        const theirs = e.features.tokens;
        const q = theirParticipants[k]!;
        for (const qa of q.filter((x) => x.key === a.key)) {
          for (const qb of q.filter((x) => x.key === b.key)) {
            if (Math.abs(qa.index - qb.index) > ROLE_WINDOW) continue;
            const [lo, hi] = qa.index < qb.index ? [qa, qb] : [qb, qa];
            const evidenceSide = between(theirs, lo.index, hi.index);
            const shared = [...claimSide.words].filter((v) =>
              [...synonymsOf(v)].some((s) => evidenceSide.words.has(s)),
            );
            if (shared.length === 0 || shared.some((v) => SYMMETRIC.has(v))) continue;
            const evidenceOrder = (qa.index < qb.index ? 1 : -1) * (evidenceSide.passive ? -1 : 1);
            if (evidenceOrder === claimOrder) same = true;
            else swapped ??= { verb: shared[0]!, quote };
          }
        }
      }
      if (swapped && !same) {
        reasons.push(
          `swaps who did what to whom: ${short(mine[a.index]!.raw)} and ${short(mine[b.index]!.raw)} ` +
            `trade places around ${short(swapped.verb)} compared with ${short(swapped.quote)}`,
        );
      }
    }
  }
  return reasons;
}

function short(s: string): string {
  const t = s.replace(/\s+/g, " ").trim();
  return `\u201C${t.length > 80 ? `${t.slice(0, 77)}...` : t}\u201D`;
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}
