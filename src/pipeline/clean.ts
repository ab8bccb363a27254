/**
 * Scraping junk removal. Works on lines (scrapers put junk on lines of its own) and returns regions of the
 * original text: nothing is rewritten, so later stages keep indexing the text as sent.
 */

import { isSpace } from "./normalize.js";

export type RegionKind = "body" | "heading";

export interface Region {
  start: number;
  end: number;
  kind: RegionKind;
}

export interface RemovedRegion {
  start: number;
  end: number;
  reason: string;
}

export interface CleanResult {
  /** Kept lines: `body` lines carry sentences, `heading` lines are titles and section heads. */
  regions: Region[];
  removed: RemovedRegion[];
}

/** Whole-line junk, by shape. Each entry: a pattern over the trimmed line, and why it is junk. */
const JUNK_LINES: [RegExp, string][] = [
  [/^\[\s*[a-z][a-z0-9_ -]{0,30}\]$/i, "ad or embed marker"],
  [
    new RegExp(
      "^(read|read more|read also|also read|related|see also|more|recommended|watch|listen)" +
        String.raw`(\s*[:>»|-]\s*|\s{2,}|\s+(?=\p{Lu}))\S`,
      "iu",
    ),
    "inserted link to another story",
  ],
  [/^leave\s+a\s+(reply|comment)\b/i, "comment form"],
  [/^(cancel reply|post comment|add comment|\d+\s+comments?|comments?)\s*$/i, "comment form"],
  [/your email address will not be published|required fields are marked/i, "comment form"],
  [/^deja\s+(una\s+respuesta|un\s+comentario)\b/i, "comment form"],
  [/direcci[oó]n de correo electr[oó]nico no ser[aá] publicada|campos obligatorios est[aá]n marcados/i, "comment form"],
  [/^laisser un (commentaire|r[ée]ponse)|votre adresse (e-)?mail ne sera pas publi[ée]e/i, "comment form"],
  [/^comments are (closed|disabled)\.?$/i, "comment form"],
  [/^source\s*(link|:)?\s*(-\s*\d+)?\s*$/i, "source link"],
  [/^(©|\(c\)|copyright\b)/i, "copyright line"],
  [
    /all rights reserved|may not be (published|reproduced|copied)|without (prior )?(written )?permission\.?$/i,
    "copyright line",
  ],
  [/contributed (to )?(this|the) (report|story|article)\.?$/i, "agency line"],
  [/^\(?(reporting|writing|editing|additional reporting) by\b/i, "agency line"],
  [/^[-–—\s]*(agence france-presse|associated press|reuters|afp|ap|dpa|efe)[\s,\d-]*$/i, "agency line"],
  [
    new RegExp(
      String.raw`\b(support us|support our (work|journalism)|donate|donation|your contributions?|you contribution|` +
        "keep delivering|subscribe( now| today| to our)?|newsletter|sign up (for|to)|" +
        String.raw`become a (member|subscriber))\b`,
      "i",
    ),
    "donation or newsletter blurb",
  ],
  [/^(share|tweet|email|print|follow us)( (this|on) [\p{L} ]+)?$/iu, "sharing widget"],
  [/^(advertisement|sponsored( content)?|ad)$/i, "advertisement label"],
];

/** Inline junk inside otherwise good lines: markers such as `[ad_1]`, and residue glued to a final period. */
const INLINE_MARKER = /\[\s*ad[_ -]?\d*\s*\]|\[\s*(embed|caption|video|image|photo)[^\]]{0,40}\]/gi;
const GLUED_RESIDUE = /(?<=\p{L}{3}\.)(?!com\b|org\b|net\b|gov\b|edu\b|int\b|io\b|uk\b|fr\b|de\b)\p{Ll}{1,4}$/u;

/** `"'“”’»)]`: what may follow a sentence's final punctuation on its line. */
const TRAILING = new Set([...`"'\u201C\u201D\u2019\u00BB)]`].map((c) => c.charCodeAt(0)));
const SENTENCE_END = new Set([...".!?…:;"].map((c) => c.charCodeAt(0)));

/** A line without sentence-final punctuation is a heading (title, section head), not body text. */
function isHeading(line: string): boolean {
  if (/^#{1,6}\s/.test(line)) return true;
  // The last character before trailing white space, quotation marks and brackets (a loop: an anchored
  // `[…]+$` pattern is tried from every position of the line).
  let i = line.length - 1;
  while (i >= 0 && (isSpace(line.charCodeAt(i)) || TRAILING.has(line.charCodeAt(i)))) i--;
  return i < 0 || !SENTENCE_END.has(line.charCodeAt(i));
}

function wordCount(line: string): number {
  return (line.match(/\p{L}[\p{L}\p{N}'’.-]*/gu) ?? []).length;
}

/**
 * Splits an article into kept regions and removed junk, by line. With `limit`, only the text before that
 * offset is read (the analysis bounds the work a request may cause).
 *
 * @example
 * const text = "Title\n[ad_1]\nA sentence here.\nLeave a Reply";
 * clean(text).regions.map((r) => text.slice(r.start, r.end)); // ["Title", "A sentence here."]
 */
export function clean(text: string, limit = Infinity): CleanResult {
  const regions: Region[] = [];
  const removed: RemovedRegion[] = [];
  const lineRe = /[^\n\r]+/g;
  for (let m = lineRe.exec(text); m && m.index < limit; m = lineRe.exec(text)) {
    let start = m.index;
    // Past `limit` nothing is read: a line it cuts ends there (and, without its final punctuation, is no body).
    let end = Math.min(m.index + m[0].length, limit);
    // Trim white space without losing offsets.
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (start === end) continue;
    const line = text.slice(start, end);

    const junk = JUNK_LINES.find(([re]) => re.test(line));
    if (junk && (wordCount(line) <= 40 || junk[1] === "comment form")) {
      removed.push({ start, end, reason: junk[1] });
      continue;
    }

    for (const piece of splitInlineJunk(text, start, end, removed)) {
      const pieceText = text.slice(piece.start, piece.end);
      if (!/\p{L}/u.test(pieceText)) {
        removed.push({ ...piece, reason: "punctuation only" });
        continue;
      }
      const heading = isHeading(pieceText);
      if (heading && wordCount(pieceText) <= 3) {
        // Stray short lines: datelines, tags, decorations such as "– No concession –" or "top channel".
        removed.push({ ...piece, reason: "stray short line" });
        continue;
      }
      regions.push({ ...piece, kind: heading ? "heading" : "body" });
    }
  }
  return { regions, removed };
}

/** Cuts inline markers and glued residue out of a line; returns the pieces that remain. */
function splitInlineJunk(
  text: string,
  start: number,
  end: number,
  removed: RemovedRegion[],
): { start: number; end: number }[] {
  const line = text.slice(start, end);
  const cuts: { start: number; end: number; reason: string }[] = [];
  // Both patterns need a character the line may lack: a bracket, or a period among its last five characters.
  if (line.includes("[")) {
    for (const m of line.matchAll(INLINE_MARKER)) {
      cuts.push({ start: start + m.index, end: start + m.index + m[0].length, reason: "ad or embed marker" });
    }
  }
  const residue = line.slice(-5).includes(".") ? GLUED_RESIDUE.exec(line) : null;
  if (residue) cuts.push({ start: start + residue.index, end, reason: "residue glued to a sentence" });
  if (cuts.length === 0) return [{ start, end }];

  const pieces: { start: number; end: number }[] = [];
  let cursor = start;
  for (const cut of cuts.sort((a, b) => a.start - b.start)) {
    if (cut.start > cursor) pieces.push({ start: cursor, end: cut.start });
    removed.push(cut);
    cursor = Math.max(cursor, cut.end);
  }
  if (cursor < end) pieces.push({ start: cursor, end });
  return pieces
    .map((p) => {
      let s = p.start;
      let e = p.end;
      while (s < e && /\s/.test(text[s]!)) s++;
      while (e > s && /\s/.test(text[e - 1]!)) e--;
      return { start: s, end: e };
    })
    .filter((p) => p.end > p.start);
}
