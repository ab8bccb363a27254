/**
 * Turns QAGS text (lower-cased, tokenised CNN/DM and XSum) back into text as a person would send it, so that the
 * verifier, which keys on capitals, quotes and punctuation, sees what it sees in production.
 *
 * Two steps, applied in the same way to an article and to the summary sentences judged against it:
 * 1. `detokenize`: mojibake of the BBC pound sign and accents ("â£" → "£", "ã©" → "é"); numbers split at a
 *    separator ("235, 000", "102. 5"); in CNN/DM, hyphens split into " - " ("33 - year - old"), unless a function
 *    word stands beside them; "` `" / "``" / "`" open and "''" / "'" close a quotation, paired in order, written
 *    as curly double quotes; an apostrophe between letters stays one; no space before , . ; : ! ? % ) n't 's;
 *    none after ( $ £ €; ". . ." → "...".
 * 2. `truecaserFor`: restores capitals. Sentence starts and the first word of a quotation that opens a sentence;
 *    "I"; days and months ("may"/"march" only in a date context); a spelling the article itself capitalises
 *    mid-sentence; otherwise the word's commonest written form in the o200k BPE vocabulary of `gpt-tokenizer` (a
 *    devDependency), whose merge ranks order tokens by frequency in a large web corpus: a capitalised form wins when
 *    it is a single token and clearly commoner (rank below half the lower-case rank; a fifth for "-ly" adverbs,
 *    which are capitalised mostly at sentence starts), or when only it is a single token; short all-capital
 *    forms ("BBC", "NHS") the same way. A rare word that neither form encodes as one token is taken for a name
 *    (capitalised) unless it ends like a verb form or derived word ("-ed", "-ing", "-ly", "-ness", "-tion"...) or
 *    is a common word plus an English prefix or suffix ("nutrition-ist", "un-processed").
 */
import { encode } from "gpt-tokenizer";

/**
 * Undoes the mojibake of a lower-cased Latin-1 reading of UTF-8: "â£" is "£", "ã©" is "é".
 *
 * @example
 * fixMojibake("cost the nhs \u00e2\u00a3120") // "cost the nhs £120"
 */
export function fixMojibake(text: string): string {
  return text
    .replace(/\u00e2([\u00a0-\u00bf])/g, (_, c: string) => c)
    .replace(/\u00e3([\u0080-\u00bf])/g, (_, c: string) =>
      String.fromCharCode(0xc0 + c.charCodeAt(0) - 0x80).toLowerCase(),
    );
}

/** Words a dash, not a hyphen, stands beside: "at home - the less likely", "the brotherhood - also". */
const DASH_NEIGHBOURS = new Set(
  (
    "the a an and or but nor which who whom whose he she it they we i you his her their its this that these those " +
    "there as with to for on at by from is was were are be been has have had not so then when while where if because " +
    "including after before during though although also even just than what him them us me my our your of in"
  ).split(" "),
);

const SPLIT_COMPOUND = /(?<![\p{L}\p{N}'])([\p{L}\p{N}]+) - ([\p{L}\p{N}]+)(?![\p{L}\p{N}])/gu;

/** "33 - year - old" → "33-year-old", "5 - 3" → "5-3", "mother - of - two" → "mother-of-two"; dashes stay. */
function joinHyphens(s: string): string {
  let out = s.replace(/\b(mother|father|mum|dad|parent|grandmother|grandfather) - of - (?=\w)/gi, "$1-of-");
  out = out.replace(/\b(\w+) - in - law\b/gi, "$1-in-law");
  let before = "";
  while (before !== out) {
    before = out;
    out = out.replace(SPLIT_COMPOUND, (m, x: string, y: string) =>
      DASH_NEIGHBOURS.has(x.toLowerCase()) || DASH_NEIGHBOURS.has(y.toLowerCase()) ? m : `${x}-${y}`,
    );
  }
  return out;
}

/**
 * Undoes the PTB-style tokenisation of the QAGS text. `hyphens`: the text split hyphens into " - " (CNN/DM does,
 * "33 - year - old"; XSum keeps "five-figure", so there " - " is a dash); they are joined unless a function word
 * stands beside them.
 *
 * @example
 * detokenize("` the diet is processed,' says sarah . it cost $ 6 ( or less ) .")
 * // "“the diet is processed,” says sarah. it cost $6 (or less)."
 */
export function detokenize(raw: string, options: { hyphens?: boolean } = {}): string {
  let s = fixMojibake(raw).replace(/\s+/g, " ").trim();
  s = s.replace(/` `/g, "``");
  s = s.replace(/\.(?: \.){2,}/g, "...").replace(/\. \.(?= |$)/g, ".");
  // Numbers split at their separators: "235, 000" and "53, 193, 914"; "102. 5 kg" and "7. 30 pm".
  let before = "";
  while (before !== s) {
    before = s;
    s = s.replace(/(\d), (\d{3})(?!\d)/g, "$1,$2");
  }
  s = s.replace(/(\d)\. (\d)/g, "$1.$2");
  if (options.hyphens) s = joinHyphens(s);
  // Contractions first, so that their apostrophe is not taken for a quotation mark.
  s = s.replace(/ (n't|'s|'re|'ve|'ll|'m|'d)(?![\p{L}])/giu, "$1");
  s = pairQuotes(s);
  s = s.replace(/ ([,.;:!?%)])/g, "$1").replace(/([($£€]) /g, "$1");
  return s;
}

/** Backtick/apostrophe quotation marks, paired in order, as “ ”; apostrophes inside words are kept. */
function pairQuotes(s: string): string {
  let out = "";
  let open = false;
  let i = 0;
  while (i < s.length) {
    const two = s.slice(i, i + 2);
    const ch = s[i]!;
    const mark = two === "``" || two === "''" ? two : ch === "`" || ch === "'" ? ch : "";
    if (!mark) {
      out += ch;
      i++;
      continue;
    }
    const prev = s[i - 1] ?? " ";
    const next = s[i + mark.length] ?? " ";
    const inWord = mark === "'" && /[\p{L}\p{N}]/u.test(prev) && /\p{L}/u.test(next);
    // A trailing "s'" with no quotation open is a plural possessive ("the players' union").
    const possessive = mark === "'" && !open && /\p{L}/u.test(prev) && next === " ";
    if (inWord || possessive) {
      out += ch;
      i++;
      continue;
    }
    const opening = mark.startsWith("`") || !open;
    if (opening) {
      out = out.trimEnd();
      if (out.length > 0 && !/[([]$/.test(out)) out += " ";
      out += "\u201C";
      i += mark.length;
      while (s[i] === " ") i++;
      open = true;
    } else {
      out = `${out.trimEnd()}\u201D`;
      i += mark.length;
      open = false;
    }
  }
  return out;
}

const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const MONTHS = [
  "january",
  "february",
  "april",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
/** "may" and "march" are months only here; elsewhere they are a modal and a verb. */
const MONTH_CONTEXT = new Set([
  "in",
  "of",
  "last",
  "next",
  "since",
  "until",
  "till",
  "early",
  "late",
  "mid",
  "during",
  "from",
]);
/** Acronyms the BPE vocabulary writes in lower case about as often as in capitals. */
const ACRONYMS = new Set(["uk", "eu", "tv", "mp", "mps", "fbi", "cia", "nato"]);
const PREFIXES = [
  "un",
  "re",
  "mis",
  "non",
  "pre",
  "over",
  "under",
  "out",
  "dis",
  "multi",
  "anti",
  "co",
  "de",
  "in",
  "im",
  "inter",
  "sub",
  "super",
  "self",
  "semi",
  "mid",
  "counter",
  "post",
];
const SUFFIXES = [
  "s",
  "es",
  "ed",
  "d",
  "ing",
  "er",
  "ers",
  "est",
  "ist",
  "ists",
  "ism",
  "isms",
  "ly",
  "ally",
  "ness",
  "ment",
  "ments",
  "tion",
  "tions",
  "ation",
  "ations",
  "able",
  "ible",
  "ous",
  "ive",
  "ful",
  "less",
  "ier",
  "iest",
  "al",
  "ity",
  "ise",
  "ised",
  "ize",
  "ized",
  "ship",
  "hood",
  "y",
  "ies",
  "ician",
  "icians",
  "ery",
  "ish",
];

/** Endings of verb forms and derived words: a rare word ending so is taken for a common word ("swerving"). */
const INFLECTED = /(?:ed|ing|ings|ly|ness|ment|ments|tion|tions|ists|isms|ised|ized)$/;

const decisions = new Map<string, string>();

function rank(form: string): number | undefined {
  const ids = encode(` ${form}`);
  return ids.length === 1 ? ids[0] : undefined;
}

function tokens(form: string): number {
  return encode(` ${form}`).length;
}

function title(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** A lower-case word that the vocabulary holds as one token, commoner than its capitalised form. */
function commonSingle(w: string): boolean {
  const lo = rank(w);
  if (lo === undefined) return false;
  const ti = rank(title(w));
  return ti === undefined || ti >= lo * 0.5;
}

/** "nutritionist" = "nutrition" + "ist", "unprocessed" = "un" + "processed": a common word, not a name. */
function affixed(w: string, depth = 0): boolean {
  for (const suffix of SUFFIXES) {
    if (!w.endsWith(suffix) || w.length - suffix.length < 3) continue;
    const stem = w.slice(0, -suffix.length);
    const stems = [stem, `${stem}e`, stem.replace(/(\p{L})\1$/u, "$1"), stem.replace(/i$/, "y")];
    if (stems.some((s) => s.length >= 3 && commonSingle(s))) return true;
  }
  if (depth > 0) return false;
  for (const prefix of PREFIXES) {
    if (!w.startsWith(prefix) || w.length - prefix.length < 3) continue;
    const rest = w.slice(prefix.length).replace(/^-/, "");
    if (commonSingle(rest) || affixed(rest, depth + 1)) return true;
  }
  return false;
}

/** The written form of one lower-case word (no hyphen, no apostrophe) when nothing in the article says. */
function decide(w: string): string {
  if (w === "i") return "I";
  if (DAYS.includes(w) || MONTHS.includes(w)) return title(w);
  if (ACRONYMS.has(w)) return w.toUpperCase();
  if (w.length < 2 || /\p{N}/u.test(w)) return w;
  const lo = rank(w);
  const forms = [title(w), ...(w.length <= 5 ? [w.toUpperCase()] : [])];
  const singles = forms
    .map((f) => ({ f, r: rank(f) }))
    .filter((x): x is { f: string; r: number } => x.r !== undefined)
    .sort((a, b) => a.r - b.r);
  if (lo !== undefined) {
    const margin = w.endsWith("ly") ? 0.2 : 0.5;
    const better = singles.find((x) => x.r < lo * margin);
    return better ? better.f : w;
  }
  if (singles[0]) return singles[0].f;
  const lower = tokens(w);
  const capital = tokens(title(w));
  if (capital !== lower) return capital < lower ? title(w) : w;
  return INFLECTED.test(w) || affixed(w) ? w : title(w);
}

function caseWord(w: string, own: ReadonlyMap<string, string>): string {
  const mine = own.get(w);
  if (mine) return mine;
  let d = decisions.get(w);
  if (d === undefined) {
    d = decide(w);
    decisions.set(w, d);
  }
  return d;
}

const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;

/** Capitalised words the text itself writes mid-sentence: the article's own spelling wins over any guess. */
function ownSpellings(texts: string[]): Map<string, string> {
  const own = new Map<string, string>();
  for (const t of texts) {
    for (const m of t.matchAll(/(?<=[\p{Ll}\p{N},;] )\p{Lu}[\p{L}]*/gu)) {
      const lower = m[0].toLowerCase();
      if (!own.has(lower) && m[0] !== m[0].toUpperCase()) own.set(lower, m[0]);
    }
  }
  return own;
}

/**
 * A re-caser for one article and its summary sentences: call it on the detokenised article and on each
 * detokenised sentence so that both are cased alike.
 *
 * @example
 * const recase = truecaserFor(["Not according to author sarah flower, who spoke on monday."]);
 * recase("Not according to author sarah flower, who spoke on monday.")
 * // "Not according to author Sarah flower, who spoke on Monday."
 */
export function truecaserFor(texts: string[]): (text: string) => string {
  const own = ownSpellings(texts);
  return (text) => {
    const words = [...text.matchAll(WORD)];
    let out = "";
    let last = 0;
    for (const [i, m] of words.entries()) {
      const w = m[0];
      const at = m.index;
      out += text.slice(last, at);
      last = at + w.length;
      const before = text.slice(Math.max(0, at - 16), at);
      const first = i === 0 && /^[\s“"‘(]*$/u.test(text.slice(0, at));
      const sentenceStart = first || (/[.!?]["”’)]?\s+[“"‘(]?$/u.test(before) && !abbreviated(before));
      const quoteStart = /:\s+[“"]$/u.test(before);
      if (sentenceStart || quoteStart) {
        out += title(w);
        continue;
      }
      if (w !== w.toLowerCase() || /\p{N}/u.test(w)) {
        out += w;
        continue;
      }
      if (/^(\p{L}\.)+\p{L}$/u.test(w)) {
        out += w.toUpperCase();
        continue;
      }
      if (w === "may" || w === "march") {
        const prev = words[i - 1]?.[0].toLowerCase() ?? "";
        const next = words[i + 1]?.[0] ?? "";
        out += MONTH_CONTEXT.has(prev) || /^\d/.test(next) || /^\d+$/.test(prev) ? title(w) : w;
        continue;
      }
      out += w
        .split("-")
        .map((part) => {
          const apostrophe = part.search(/['’]/);
          const base = apostrophe < 0 ? part : part.slice(0, apostrophe);
          const tail = apostrophe < 0 ? "" : part.slice(apostrophe);
          if (/n['’]t$/.test(part)) return part;
          if (base.length <= 2 && base !== "i" && w.includes("-")) return part;
          return caseWord(base, own) + tail;
        })
        .join("-");
    }
    return out + text.slice(last);
  };
}

/** "u.s." or "mr." before the space: not the end of a sentence. */
function abbreviated(before: string): boolean {
  const titled = /\b(?:mr|mrs|ms|dr|st|jr|sr|vs|no|gen|lt|col|sgt|rep|sen|gov|det|insp|supt)\.\s+[“"‘(]?$/iu;
  return /\b\p{L}\.\p{L}\.\s+[“"‘(]?$/u.test(before) || titled.test(before);
}
