import { factMatches, type Fact } from "./facts.js";
import { canonicalKey, isNumberWord, startsWithNumber, STOPWORDS, synonymsOf, type Token } from "./lexicon.js";
import type { AnalyzedUnit, Citation, Conflict, EvidenceUnit } from "./types.js";

/** How far (in words) a name may stand from a date or number and still say what it is about. */
const ANCHOR_WINDOW = 7;
/** Names found in more than this share of units (the story's protagonists) say nothing about which event. */
const COMMON_ANCHOR_SHARE = 0.12;
const EVENT_NOUNS = [
  "talk",
  "meeting",
  "negotiation",
  "summit",
  "call",
  "conference",
  "vote",
  "election",
  "visit",
  "deadline",
  "session",
  "discussion",
  "meet",
];
const TIME_UNITS = new Set([
  "second",
  "minut",
  "minute",
  "hour",
  "day",
  "week",
  "month",
  "year",
  "decade",
  "century",
  "time",
]);
const TITLE_WORDS = new Set([
  "president",
  "minister",
  "secretary",
  "spokesman",
  "spokesperson",
  "official",
  "officials",
  "deputy",
  "senior",
  "former",
  "foreign",
  "general",
  "state",
  "national",
  "prime",
  "chief",
  "head",
  "ambassador",
  "council",
]);

interface Mention {
  unit: AnalyzedUnit;
  fact: Fact;
  anchors: string[];
  /** Every name in the unit, common ones included. */
  names: string[];
  /** The unit's content words, synonyms folded. */
  content: Set<string>;
  /** For counts: the counted noun as written ("warehouses"). */
  countedText?: string;
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
  units: AnalyzedUnit[],
  textOf: (articleId: string) => string,
  originOf: (articleId: string) => string = (id) => id,
): Conflict[] {
  const mentions: Mention[] = [];
  const anchorUnits = new Map<string, number>();
  for (const unit of units) {
    const found = mentionsOf(unit);
    const anchorsHere = new Set(found.flatMap((m) => m.anchors));
    for (const t of unit.features.tokens) if (t.capitalized) anchorsHere.add(t.key);
    for (const a of anchorsHere) anchorUnits.set(a, (anchorUnits.get(a) ?? 0) + 1);
    mentions.push(...found);
  }
  const common = (a: string) => (anchorUnits.get(a) ?? 0) > Math.max(3, COMMON_ANCHOR_SHARE * units.length);

  // Dates are tied to the rare names near them ("talks on January 10 in Geneva"). Amounts and counts are tied
  // to what they count ("$", "warehouses"): two mentions of it are about the same thing when they share a
  // name, even a common one, and are of comparable size ("$1.2 billion" vs "$1.25 billion", not "$40 million").
  const byAnchor = new Map<string, Mention[]>();
  // The count groups of each counted noun, so a mention is compared with its own noun's groups only.
  const countGroups = new Map<string | undefined, Mention[][]>();
  for (const m of mentions) {
    if (m.fact.kind === "date") {
      for (const a of m.anchors) {
        if (common(a)) continue;
        const group = byAnchor.get(`date|${a}`);
        if (group) group.push(m);
        else byAnchor.set(`date|${a}`, [m]);
      }
    } else {
      const key = `count:${m.counted}|${m.names.sort().join(",")}`;
      const groups = countGroups.get(m.counted) ?? [];
      countGroups.set(m.counted, groups);
      let joined = false;
      for (const group of groups) {
        if (!group.some((g) => comparable(g, m))) continue;
        group.push(m);
        joined = true;
      }
      if (!joined) {
        // A group of the same names that took none of its members' values is started afresh, in its place.
        const fresh = [m];
        const old = byAnchor.get(key);
        byAnchor.set(key, fresh);
        const at = old ? groups.indexOf(old) : -1;
        if (at >= 0) groups[at] = fresh;
        else groups.push(fresh);
      }
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
    const signature = sides
      .map((s) =>
        s
          .map((m) => m.unit.id)
          .sort()
          .join(","),
      )
      .sort()
      .join("|");
    if (seen.has(signature)) continue;
    seen.add(signature);

    const first = sides[0]![0]!;
    const values = sides.map((s) => s[0]!.fact.text.trim()).join(" or ");
    let about: string;
    if (first.fact.kind === "date") {
      const anchor = key.split("|")[1]!;
      const anchorName = group.find((m) => m.anchorText.has(anchor))?.anchorText.get(anchor) ?? anchor;
      const event = group.find((m) => m.event)?.event;
      about = `${event ? `${event} ` : "date "}in ${anchorName}: ${values}`;
    } else {
      const subject = subjectOf(group);
      about = `${first.countedText ?? "number"}${subject ? ` (${subject})` : ""}: ${values}`;
    }
    conflicts.push({
      about,
      claims: sides.map((side) => ({
        text: side[0]!.unit.text,
        citations: side.flatMap((m) => citationsOf(m.unit, textOf)),
      })),
    });
  }
  return conflicts;
}

/** The name most mentions of a group share, as written: what the disputed number is about. */
function subjectOf(group: Mention[]): string | undefined {
  const counts = new Map<string, number>();
  for (const m of group) for (const n of m.names) counts.set(n, (counts.get(n) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!best) return undefined;
  for (const m of group) {
    const tokens = m.unit.features.tokens;
    const at = tokens.findIndex((x) => x.key === best);
    if (at < 0) continue;
    // The whole name it is part of: "Kestrel Bay", not "Bay".
    let from = at;
    let to = at;
    while (
      from > 0 &&
      tokens[from - 1]!.capitalized &&
      !tokens[from]!.initial &&
      tokens[from - 1]!.end + 1 >= tokens[from]!.start
    )
      from--;
    while (
      to + 1 < tokens.length &&
      tokens[to + 1]!.capitalized &&
      !tokens[to + 1]!.initial &&
      tokens[to]!.end + 1 >= tokens[to + 1]!.start
    )
      to++;
    return m.unit.text.slice(tokens[from]!.start, tokens[to]!.end);
  }
  return best;
}

function agree(a: Fact, b: Fact): boolean {
  if (a.kind === "date" && b.kind === "date") return factMatches(a, b) && factMatches(b, a);
  if (a.value === undefined || b.value === undefined) return false;
  // Reported head counts are rounded ("about 100,000"): within 5% they agree. Amounts of money are exact.
  const tolerance = a.kind === "money" || b.kind === "money" ? 0.001 : 0.05;
  return Math.abs(a.value - b.value) <= tolerance * Math.max(Math.abs(a.value), Math.abs(b.value));
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

function mentionsOf(unit: AnalyzedUnit): Mention[] {
  const tokens = unit.features.tokens;
  const facts = unit.features.facts.filter(
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

  // Asked once per token: the names and the anchors near each fact both read it.
  const anchor = tokens.map((t, i) => isAnchor(t, i));
  const names = [...new Set(tokens.filter((_, i) => anchor[i]).map((t) => t.key))];
  const content = new Set(
    tokens
      .filter((t) => !STOPWORDS.has(t.key) && !t.capitalized && !startsWithNumber(t.key))
      .map((t) => canonicalKey(t.key)),
  );
  const mentions: Mention[] = facts.map((fact) => ({ unit, fact, anchors: [], names, content, anchorText: new Map() }));
  tokens.forEach((t, i) => {
    if (!anchor[i]) return;
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
    if (f.kind === "money") {
      mentions[k]!.counted = "money";
      mentions[k]!.countedText = "amount";
    } else if (f.kind !== "date") {
      // The counted noun: the first content word after the number ("100,000 Russian troops" → troop).
      const after = tokens
        .slice(factEnd[k]!, factEnd[k]! + 3)
        .find(
          (t) =>
            !STOPWORDS.has(t.key) &&
            !t.capitalized &&
            !startsWithNumber(t.key) &&
            !/^(million|billion|thousand|hundred)$/i.test(t.raw),
        );
      // Spans of time ("two weeks", "three years") are rarely the same span in two reports.
      if (after && !TIME_UNITS.has(after.key)) {
        mentions[k]!.counted = [...synonymsOf(after.key)].sort()[0];
        mentions[k]!.countedText = after.raw.toLowerCase();
      }
    }
  });
  return mentions.filter((m) => (m.fact.kind === "date" ? m.anchors.length > 0 : m.counted !== undefined));
}

/**
 * Two amounts or counts that could be reports of one quantity: within a factor of 2, and a shared name or,
 * where a sentence names nothing ("Fourteen warehouses were destroyed"), two shared content words.
 */
function comparable(a: Mention, b: Mention): boolean {
  const sharedName = a.names.some((n) => b.names.includes(n));
  const shared = [...a.content].filter((k) => b.content.has(k) && k !== a.counted).length;
  if (!sharedName && shared < 2) return false;
  const x = a.fact.value ?? 0;
  const y = b.fact.value ?? 0;
  return x > 0 && y > 0 && Math.max(x, y) / Math.min(x, y) <= 2;
}

function isAnchor(t: Token, i: number): boolean {
  if (!t.capitalized || STOPWORDS.has(t.key) || startsWithNumber(t.key) || isNumberWord(t.raw)) return false;
  if (TITLE_WORDS.has(t.raw.toLowerCase())) return false;
  if (/^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)$/.test(t.key)) return false;
  if (/^(sunday|monday|tuesday|wednesday|thursday|friday|saturday)$/i.test(t.raw)) return false;
  return i > 0 || t.raw.length > 1;
}
