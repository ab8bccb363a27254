import { extractFacts, factMatches, type Fact } from "./facts.js";
import { STOPWORDS, synonymsOf, tokenize, type Token } from "./lexicon.js";
import type { Citation, Conflict, EvidenceUnit } from "./types.js";

/** How far (in words) a name may stand from a date or number and still say what it is about. */
const ANCHOR_WINDOW = 7;
/** Names found in more than this share of units (the story's protagonists) say nothing about which event. */
const COMMON_ANCHOR_SHARE = 0.12;
const EVENT_NOUNS = ["talk", "meeting", "negotiation", "summit", "call", "conference", "vote", "election", "visit", "deadline", "session", "discussion", "meet"];
const TITLE_WORDS = new Set(["president", "minister", "secretary", "spokesman", "spokesperson", "official", "officials", "deputy", "senior", "former", "foreign", "general", "state", "national", "prime", "chief", "head", "ambassador", "council"]);

interface Mention {
  unit: EvidenceUnit;
  fact: Fact;
  anchors: string[];
  /** For counts: the noun counted ("troop"), folded to its synonym group. */
  counted?: string;
  event?: string;
  anchorText: Map<string, string>;
}

/**
 * Units that report the same thing with different dates or numbers. A date or count is tied to the rarest
 * names near it ("Geneva" for "talks on January 10 in Geneva"); mentions of one name from independent
 * sources whose values disagree make a conflict, each side cited with every occurrence.
 *
 * @example
 * findConflicts(units, texts)[0]
 * // { about: "talks in Geneva: January 10 or January 9 and 10", claims: [{ text, citations }, { text, citations }] }
 */
export function findConflicts(
  units: EvidenceUnit[],
  textOf: (articleId: string) => string,
  originOf: (articleId: string) => string = (id) => id,
): Conflict[] {
  const mentions: Mention[] = [];
  const anchorUnits = new Map<string, number>();
  for (const unit of units) {
    const found = mentionsOf(unit);
    const anchorsHere = new Set(found.flatMap((m) => m.anchors));
    for (const t of tokenize(unit.text)) if (t.capitalized) anchorsHere.add(t.key);
    for (const a of anchorsHere) anchorUnits.set(a, (anchorUnits.get(a) ?? 0) + 1);
    mentions.push(...found);
  }
  const common = (a: string) => (anchorUnits.get(a) ?? 0) > Math.max(3, COMMON_ANCHOR_SHARE * units.length);

  const byAnchor = new Map<string, Mention[]>();
  for (const m of mentions) {
    for (const a of m.anchors) {
      if (common(a)) continue;
      const key = `${m.fact.kind === "date" ? "date" : `count:${m.counted}`}|${a}`;
      byAnchor.set(key, [...(byAnchor.get(key) ?? []), m]);
    }
  }

  const conflicts: Conflict[] = [];
  const seen = new Set<string>();
  for (const [key, group] of byAnchor) {
    const sides: Mention[][] = [];
    for (const m of group) {
      const side = sides.find((s) => agree(s[0]!.fact, m.fact));
      if (side) {
        if (!side.some((x) => x.unit === m.unit)) side.push(m);
      } else sides.push([m]);
    }
    if (sides.length < 2) continue;
    const origins = sides.map((s) => new Set(s.flatMap((m) => m.unit.occurrences.map((o) => originOf(o.articleId)))));
    // Disagreement only counts between sources: one outlet contradicting itself needs a second source.
    const independent = origins.some((o, i) => origins.some((p, j) => j !== i && [...o].some((x) => !p.has(x))));
    if (!independent) continue;
    const signature = sides.map((s) => s.map((m) => m.unit.id).sort().join(",")).sort().join("|");
    if (seen.has(signature)) continue;
    seen.add(signature);

    const anchor = key.split("|")[1]!;
    const first = sides[0]![0]!;
    const anchorName = group.find((m) => m.anchorText.has(anchor))?.anchorText.get(anchor) ?? anchor;
    const event = group.find((m) => m.event)?.event;
    const what = first.fact.kind === "date" ? "date" : (first.counted ?? "number");
    const values = sides.map((s) => s[0]!.fact.text.trim()).join(" or ");
    conflicts.push({
      about: `${event ? `${event} ` : ""}${what === "date" ? "in" : `(${what}) in`} ${anchorName}`.trim() + `: ${values}`,
      claims: sides.map((side) => ({
        text: side[0]!.unit.text,
        citations: side.flatMap((m) => citationsOf(m.unit, textOf)),
      })),
    });
  }
  return conflicts;
}

function agree(a: Fact, b: Fact): boolean {
  if (a.kind === "date" && b.kind === "date") return factMatches(a, b) && factMatches(b, a);
  if (a.value === undefined || b.value === undefined) return false;
  // Reported counts are rounded: within 5% they agree.
  return Math.abs(a.value - b.value) <= 0.05 * Math.max(Math.abs(a.value), Math.abs(b.value));
}

/** Converts a unit's occurrences to contract citations. */
export function citationsOf(unit: EvidenceUnit, textOf: (articleId: string) => string): Citation[] {
  return unit.occurrences.map((o) => ({
    articleId: o.articleId,
    quote: textOf(o.articleId).slice(o.start, o.end),
    start: o.start,
    end: o.end,
  }));
}

function mentionsOf(unit: EvidenceUnit): Mention[] {
  const text = unit.text;
  const tokens = tokenize(text);
  const facts = extractFacts(text).filter(
    (f) => (f.kind === "date" && (f.days?.length ?? 0) > 0) || f.kind === "number" || f.kind === "money",
  );
  if (facts.length === 0) return [];
  // Token index of each fact: the first token at or after the fact's start.
  const offsets = tokens.map((t) => t.start);
  const factAt = facts.map((f) => {
    const i = offsets.findIndex((o) => o >= f.start);
    return i < 0 ? tokens.length : i;
  });
  const factEnd = facts.map((f) => {
    let i = offsets.findIndex((o) => o >= f.end);
    if (i < 0) i = tokens.length;
    return i;
  });

  const mentions: Mention[] = facts.map((fact) => ({ unit, fact, anchors: [], anchorText: new Map() }));
  tokens.forEach((t, i) => {
    if (!isAnchor(t, i)) return;
    let best = -1;
    let bestDistance = Infinity;
    facts.forEach((_, k) => {
      const d = i < factAt[k]! ? factAt[k]! - i : Math.max(0, i - factEnd[k]! + 1);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    });
    if (best >= 0 && bestDistance <= ANCHOR_WINDOW) {
      mentions[best]!.anchors.push(t.key);
      mentions[best]!.anchorText.set(t.key, t.raw);
    }
  });
  facts.forEach((f, k) => {
    const near = tokens.slice(Math.max(0, factAt[k]! - 5), factEnd[k]! + 5);
    const event = near.find((t) => EVENT_NOUNS.includes(t.key));
    if (event) mentions[k]!.event = event.raw.toLowerCase();
    if (f.kind !== "date") {
      // The counted noun: the first content word after the number ("100,000 Russian troops" → troop).
      const after = tokens.slice(factEnd[k]!, factEnd[k]! + 3).find((t) => !STOPWORDS.has(t.key) && !t.capitalized && !/^\p{N}/u.test(t.key));
      if (after) mentions[k]!.counted = [...synonymsOf(after.key)].sort()[0];
    }
  });
  return mentions.filter((m) => m.anchors.length > 0 && (m.fact.kind === "date" || m.counted));
}

function isAnchor(t: Token, i: number): boolean {
  if (!t.capitalized || STOPWORDS.has(t.key) || /^\p{N}/u.test(t.key)) return false;
  if (TITLE_WORDS.has(t.raw.toLowerCase())) return false;
  if (/^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)$/.test(t.key)) return false;
  if (/^(sunday|monday|tuesday|wednesday|thursday|friday|saturday)$/i.test(t.raw)) return false;
  return i > 0 || t.raw.length > 1;
}
