/**
 * Comparison-only normalisation. Stages never index normalised text; they map positions back to the
 * original through the `map` that comes with it, so citations keep pointing at the text as sent.
 */

const QUOTE_DOUBLE = /[\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033\u301D\u301E\uFF02]/;
const QUOTE_SINGLE = /[\u2018\u2019\u201A\u201B\u2039\u203A\u2032\u0060\u00B4]/;
const DASH = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D]/;

/** Folds one character's quote-mark and dash style; other characters are returned as they are. */
export function foldPunctuation(ch: string): string {
  if (ch.charCodeAt(0) < 128) return ch;
  if (QUOTE_DOUBLE.test(ch)) return '"';
  if (QUOTE_SINGLE.test(ch)) return "'";
  if (DASH.test(ch)) return "-";
  return ch;
}

export interface MappedText {
  /** The normalised text. */
  text: string;
  /** `map[i]` is the index in the original text of normalised character `i`. */
  map: number[];
}

/**
 * Drops all white space and folds quote-mark and dash style, keeping a map back to the original, so that a
 * quote can be found "up to white space, quote-mark and dash style" and reported at its original offsets.
 *
 * @example
 * foldForMatching("a \u201Cb\u201D").text // 'a"b"'
 */
export function foldForMatching(text: string): MappedText {
  let out = "";
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    out += c < 128 ? text[i]! : foldPunctuation(text[i]!);
    map.push(i);
  }
  return { text: out, map };
}

/**
 * Finds `quote` in `text`: exactly first, then up to white space, quote-mark and dash style.
 * Returns original offsets so that `text.slice(start, end)` is the occurrence as sent, or undefined.
 *
 * @example
 * locateQuote("He said \u201Cno\u201D.", 'said "no"') // { start: 3, end: 13, exact: false }
 */
export function locateQuote(
  text: string,
  quote: string,
  hint?: { start?: number; end?: number },
): { start: number; end: number; exact: boolean } | undefined {
  if (quote.trim() === "") return undefined;
  if (hint?.start !== undefined && hint.end !== undefined && text.slice(hint.start, hint.end) === quote) {
    return { start: hint.start, end: hint.end, exact: true };
  }
  const exact = text.indexOf(quote);
  if (exact >= 0) return { start: exact, end: exact + quote.length, exact: true };
  const hay = foldForMatching(text);
  const needle = foldForMatching(quote).text;
  if (needle === "") return undefined;
  const at = hay.text.indexOf(needle);
  if (at < 0) return undefined;
  return { start: hay.map[at]!, end: hay.map[at + needle.length - 1]! + 1, exact: false };
}

/** Lower case, no diacritics, folded quotes and dashes: for comparing words, never for offsets. */
export function foldWord(word: string): string {
  // Most words are plain ASCII: nothing to fold but case.
  if (isPrintableAscii(word)) return word.toLowerCase();
  let out = "";
  for (const ch of word.normalize("NFKD").replace(/\p{M}/gu, "")) out += foldPunctuation(ch);
  return out.toLowerCase();
}

function isPrintableAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/**
 * JavaScript's `\s`, by code unit, without a regular expression per character.
 *
 * @example
 * isSpace(" ".charCodeAt(0)) // true
 */
export function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
