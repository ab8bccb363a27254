import type { Region } from "./clean.js";
import { isSpace } from "./normalize.js";
import { sentenceBreaks } from "./sentence-breaks.js";
import type { Sentence } from "./types.js";

/** Titles and abbreviations that always precede more of the same sentence. */
const ALWAYS_JOIN = new Set(
  [
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "lt",
    "col",
    "capt",
    "cmdr",
    "adm",
    "sgt",
    "maj",
    "gov",
    "sen",
    "rep",
    "rev",
    "st",
    "sr",
    "jr",
    "pres",
    "amb",
    "no",
    "vs",
    "v",
    "messrs",
    "mt",
    "ft",
    "approx",
    "fig",
    "dept",
    "est",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
  ].map((a) => `${a}.`),
);

/** Abbreviations that can end a sentence too: joined only when the next piece does not open a new one. */
const MAYBE_JOIN = /(?:^|[\s(“"'«])((?:\p{L}\.){2,}|a\.m\.|p\.m\.|inc\.|corp\.|co\.|ltd\.|etc\.|e\.g\.|i\.e\.)$/iu;

/** Words that usually open a sentence: after "U.S." or "p.m.", one of these means the sentence did end. */
const SENTENCE_OPENERS = new Set(
  (
    "the a an it he she they we i you but and or so yet in on at this that these those there his her their our its " +
    "after before when while as if meanwhile however later earlier since during on then thus still also both " +
    "some many most all no one two three what who why how where"
  ).split(" "),
);

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/** ICU's sentence ends, for a text `sentenceBreaks` does not scan itself. */
function* icuBreaks(text: string): Generator<number> {
  for (const seg of segmenter.segment(text)) yield seg.index + seg.segment.length;
}

/**
 * Splits the body regions of one article into sentences with offsets into the original text. Unicode's
 * sentence breaks (ICU's, or `sentenceBreaks`'s where the text's alphabet lets it find the same ones faster) are
 * repaired where they split after an abbreviation ("Mr.", "Gen.", "U.S.", "p.m.", "Dec.", initials such as
 * "George W.") before a capital or a parenthesis.
 *
 * @example
 * const text = "Mr. Smith met Gen. Jones at 3 p.m. (2000 GMT). It went well.";
 * segment("a1", text, [{ start: 0, end: text.length, kind: "body" }]).map((s) => s.text);
 * // ["Mr. Smith met Gen. Jones at 3 p.m. (2000 GMT).", "It went well."]
 */
export function segment(
  articleId: string,
  text: string,
  regions: Region[],
  bounds: { maxSentences?: number; maxChars?: number } = {},
): Sentence[] {
  const out: Sentence[] = [];
  const maxSentences = bounds.maxSentences ?? Infinity;
  const maxChars = bounds.maxChars ?? Infinity;
  for (const region of regions) {
    if (out.length >= maxSentences) break;
    if (region.kind !== "body") continue;
    const regionText = text.slice(region.start, region.end);
    const pieces: { start: number; end: number }[] = [];
    let from = 0;
    for (const to of sentenceBreaks(regionText) ?? icuBreaks(regionText)) {
      // Pieces beyond what may still become sentences are not needed.
      if (pieces.length > maxSentences - out.length + 1) break;
      const piece = { start: region.start + from, end: region.start + to };
      const prev = pieces[pieces.length - 1];
      if (prev && shouldJoin(text.slice(prev.start, prev.end), regionText.slice(from, to))) prev.end = piece.end;
      else pieces.push(piece);
      from = to;
    }
    const split = pieces.flatMap((p) => splitTokenized(text, p));
    for (const piece of split.flatMap((p) => (p.end - p.start > maxChars ? cutLong(text, p, maxChars) : [p]))) {
      if (out.length >= maxSentences) break;
      let { start, end } = piece;
      while (start < end && /\s/.test(text[start]!)) start++;
      while (end > start && /\s/.test(text[end - 1]!)) end--;
      const sentenceText = text.slice(start, end);
      if (!/\p{L}/u.test(sentenceText)) {
        // A lone ". " or a closing quote: give it to the sentence before, which it belongs to.
        const last = out[out.length - 1];
        if (last && last.end <= start && start - last.end <= 3 && region.start <= last.start) {
          last.end = end;
          last.text = text.slice(last.start, last.end);
        }
        continue;
      }
      out.push({ articleId, start, end, text: sentenceText, index: out.length });
    }
  }
  return out;
}

/**
 * A run-on "sentence" longer than `max` characters (a text without full stops) cut at white space into pieces
 * of at most `max`, so no unit of evidence is unboundedly long.
 */
function cutLong(text: string, piece: { start: number; end: number }, max: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = piece.start;
  while (piece.end - start > max) {
    let end = start + max;
    while (end > start + max / 2 && !/\s/.test(text[end]!)) end--;
    if (end <= start + max / 2) end = start + max;
    // Never between the halves of a surrogate pair.
    if (/[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
    out.push({ start, end });
    start = end;
  }
  out.push({ start, end: piece.end });
  return out;
}

/**
 * A full stop written apart from the words on both sides ("burnley . andros townsend"), as tokenised text has it
 * (summaries from CNN/DM and XSum models, benchmark files): no abbreviation is written so, so it ends a sentence
 * even before a lower-case word, which Unicode's rules read as the same sentence going on. A spaced ellipsis
 * (". . .") is no such stop.
 */
const TOKENISED_STOP = /(?<![.!?] ?) \.(?=\s+["'\u201C\u2018(]?\p{L})/gu;

/** The piece cut after each tokenised full stop in it. */
function splitTokenized(text: string, piece: { start: number; end: number }): { start: number; end: number }[] {
  const inside = text.slice(piece.start, piece.end);
  if (!inside.includes(" .")) return [piece];
  const out: { start: number; end: number }[] = [];
  let start = piece.start;
  for (const m of inside.matchAll(TOKENISED_STOP)) {
    const end = piece.start + m.index + 2;
    out.push({ start, end });
    start = end;
  }
  out.push({ start, end: piece.end });
  return out;
}

/** What follows the last white space of `s` (all of it when it has none). */
function afterLastSpace(s: string): string {
  let i = s.length - 1;
  while (i >= 0 && !isSpace(s.charCodeAt(i))) i--;
  return s.slice(i + 1);
}

function shouldJoin(previous: string, next: string): boolean {
  const prev = previous.trimEnd();
  // Everything below looks at the end of `prev` only: its last word, not the whole sentence again.
  const tail = afterLastSpace(prev);
  const lastWord = tail.replace(/^[(“"'«‘]+/u, "");
  const nextTrim = next.trimStart();
  if (!/\p{L}/u.test(next)) return false;
  // A parenthetical fragment such as "(2035 GMT)." belongs to the sentence before it.
  if (/^\([^()]{1,40}\)[.!?]?["'”»’]?$/u.test(nextTrim.trimEnd())) return true;
  if (ALWAYS_JOIN.has(lastWord.toLowerCase())) return true;
  // A single initial: "George W. Bush".
  if (/^\p{Lu}\.$/u.test(lastWord) && /^\p{Lu}/u.test(nextTrim)) return true;
  // The abbreviation contains no space, so it lies in the last word (after a space, or an opening mark in it).
  if (MAYBE_JOIN.test(tail.replace(/[”"'’»)]+$/u, ""))) {
    if (nextTrim.startsWith("(")) return true;
    const firstWord = (nextTrim.match(/^[\p{L}']+/u)?.[0] ?? "").toLowerCase();
    return firstWord !== "" && !SENTENCE_OPENERS.has(firstWord);
  }
  return false;
}
