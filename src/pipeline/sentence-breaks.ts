/**
 * Unicode sentence boundaries (UAX #29, as ICU's English rules place them) for texts written in a small
 * alphabet: ASCII, Latin-1 letters, no-break space, curly quotes, guillemets, en and em dashes. News is nearly
 * always written in it, and scanning it by character class costs a fraction of `Intl.Segmenter` (the largest
 * single cost of segmenting the seeds). A text with any other character gets `undefined`: the caller asks
 * `Intl.Segmenter`, so the boundaries never differ from ICU's (test/pipeline/sentence-breaks.test.ts compares
 * them on every eval article and on generated text).
 */

// Sentence_Break classes of the alphabet (Other is 0). Format and Extend characters are not in it, so rule
// SB5 (ignore them) never applies.
const OTHER = 0;
const CR = 1;
const LF = 2;
const SP = 3;
const LOWER = 4;
const UPPER = 5;
const NUMERIC = 6;
const ATERM = 7;
const STERM = 8;
const CLOSE = 9;
const SCONTINUE = 10;
/** Outside the alphabet: the text goes to ICU. */
const UNKNOWN = 11;

const ASCII = new Uint8Array(128).fill(UNKNOWN);
for (let c = 0x20; c < 0x7f; c++) ASCII[c] = OTHER;
for (const c of [9, 11, 12, 32]) ASCII[c] = SP;
ASCII[13] = CR;
ASCII[10] = LF;
for (let c = 97; c <= 122; c++) ASCII[c] = LOWER;
for (let c = 65; c <= 90; c++) ASCII[c] = UPPER;
for (let c = 48; c <= 57; c++) ASCII[c] = NUMERIC;
ASCII[0x2e] = ATERM;
for (const c of "!?") ASCII[c.charCodeAt(0)] = STERM;
for (const c of `"'()[]{}`) ASCII[c.charCodeAt(0)] = CLOSE;
for (const c of ",-:;") ASCII[c.charCodeAt(0)] = SCONTINUE;

function classOf(c: number): number {
  if (c < 128) return ASCII[c]!;
  if (c >= 0xc0 && c <= 0xff) {
    if (c === 0xd7 || c === 0xf7) return OTHER;
    return c <= 0xde ? UPPER : LOWER;
  }
  switch (c) {
    case 0xa0:
      return SP;
    case 0xab:
    case 0xbb:
    case 0x2018:
    case 0x2019:
    case 0x201c:
    case 0x201d:
      return CLOSE;
    case 0x2013:
    case 0x2014:
      return SCONTINUE;
    default:
      return UNKNOWN;
  }
}

/** The class of the character at `i` (UNKNOWN past the end: `charCodeAt` gives NaN there). */
const kindAt = (text: string, i: number) => classOf(text.charCodeAt(i));

const isTerm = (k: number) => k === ATERM || k === STERM;

/**
 * The end offsets of the sentences of `text` (the last is `text.length`), or undefined when the text holds a
 * character outside the alphabet this scanner knows.
 *
 * @example
 * sentenceBreaks("It rained. Then it stopped.") // [11, 27]
 */
export function sentenceBreaks(text: string): number[] | undefined {
  const n = text.length;
  if (n === 0) return [];
  for (let i = 0; i < n; i++) if (classOf(text.charCodeAt(i)) === UNKNOWN) return undefined;
  // Classes are looked up again where needed rather than stored: a typed array per region costs more.
  const out: number[] = [];
  let i = 0;
  while (i < n) {
    const k = kindAt(text, i);
    if (k === CR || k === LF) {
      // SB3, SB4: a paragraph separator ends the sentence (CR LF together).
      const end = k === CR && kindAt(text, i + 1) === LF ? i + 2 : i + 1;
      if (end < n) out.push(end);
      i = end;
      continue;
    }
    if (!isTerm(k)) {
      i++;
      continue;
    }
    // SB9, SB10: the terminator keeps its closing marks and the spaces after them.
    let j = i + 1;
    while (j < n && kindAt(text, j) === CLOSE) j++;
    while (j < n && kindAt(text, j) === SP) j++;
    if (j >= n) break;
    const next = kindAt(text, j);
    if (next === CR || next === LF) {
      // SB11 after SB9/SB10: the separator belongs to the sentence it ends.
      const end = next === CR && kindAt(text, j + 1) === LF ? j + 2 : j + 1;
      if (end < n) out.push(end);
      i = end;
      continue;
    }
    if (keepsGoing(text, i, j)) {
      i++;
      continue;
    }
    out.push(j);
    i = j;
  }
  out.push(n);
  return out;
}

/** Whether rules SB6–SB8a forbid a break at `j`, after the terminator at `i` and its closers and spaces. */
function keepsGoing(text: string, i: number, j: number): boolean {
  const next = kindAt(text, j);
  // SB8a: a comma, colon, dash or another terminator continues the sentence.
  if (next === SCONTINUE || isTerm(next)) return true;
  if (kindAt(text, i) !== ATERM) return false;
  if (j === i + 1) {
    // SB6: "3.5"; SB7: "U.S" before a capital.
    if (next === NUMERIC) return true;
    const before = i > 0 ? kindAt(text, i - 1) : OTHER;
    if (next === UPPER && (before === UPPER || before === LOWER)) return true;
  }
  // SB8: after a full stop, a lower-case word before any other letter or terminator continues the sentence.
  for (let m = j; m < text.length; m++) {
    const k = kindAt(text, m);
    if (k === LOWER) return true;
    if (k === UPPER || k === CR || k === LF || isTerm(k)) return false;
  }
  return false;
}
