import { extractFacts, type Fact } from "./facts.js";
import { hasNumber, STOPWORDS, startsWithNumber, tokenize, type Token } from "./lexicon.js";
import { isSpace } from "./normalize.js";

/**
 * What every stage compares about a piece of text, computed once: by the analysis for each sentence, by the
 * verifier for each claim and quote it is sent. Later stages read these and never tokenize the text again.
 */
export interface Features {
  tokens: Token[];
  /** Numbers, money, dates, times… left to right (see facts.ts). */
  facts: Fact[];
  /** Stemmed content words in order (no stop words, no numbers): what similarity and centrality compare. */
  content: string[];
  /** The text cut at commas, dashes and conjunctions: negation and meaning are judged clause by clause. */
  clauses: Clause[];
  /** White-space separated words, as a reader counts them. */
  words: number;
}

export interface Clause {
  text: string;
  tokens: Token[];
  /** Keys of the clause's content words (numbers left out). */
  content: Set<string>;
}

/** A text with its features: an analysed sentence, claim or quote. */
export interface Analyzed {
  text: string;
  features: Features;
}

/**
 * Tokens, facts, content words and clauses of a text.
 *
 * @example
 * const f = featuresOf("Biden told Putin, but not in Geneva.");
 * f.clauses.map((c) => c.text) // ["Biden told Putin", "not in Geneva."]
 */
export function featuresOf(text: string): Features {
  const tokens = tokenize(text);
  // Whether each token is a stop word, looked up once for the content words and the clauses' content.
  // A plain array: a typed array of more than 64 bytes would be an external buffer for the collector to sweep.
  const stop: boolean[] = [];
  const content: string[] = [];
  for (const t of tokens) {
    const isStopWord = isStop(t);
    stop.push(isStopWord);
    // As `contentOf(tokens)`.
    if (!isStopWord && !startsWithNumber(t.key)) content.push(t.key);
  }
  return {
    tokens,
    facts: extractFacts(text),
    content,
    clauses: clausesOf(text, tokens, stop),
    words: countWords(text),
  };
}

const isStop = (t: Token) => STOPWORDS.has(t.key) || STOPWORDS.has(t.word);

/**
 * `{ text, features }` for a text.
 *
 * @example
 * analyzeText("Talks begin Monday.").features.tokens.length // 3
 */
export function analyzeText(text: string): Analyzed {
  return { text, features: featuresOf(text) };
}

// No "u" flag: nothing here needs it (no property escapes, no case folding), and V8 scans faster without it.
const CLAUSE_BREAK = /[,;:()\u2013\u2014]|\s-\s|\b(?:but|while|whereas|although|though|and that|because)\b/g;
const TWO_LETTERS = /\p{L}{2,}/u;

/**
 * The clauses of a text with the tokens inside each. A compound cut by a clause break ("Russia–NATO" at the
 * dash) gives each clause its own part.
 */
function clausesOf(text: string, tokens: Token[], stop: boolean[]): Clause[] {
  const out: Clause[] = [];
  let from = 0;
  let t = 0;
  const push = (start: number, end: number) => {
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    const clauseText = text.slice(start, end);
    if (!TWO_LETTERS.test(clauseText)) return;
    const inside: Token[] = [];
    // The keys of the clause's content words (numbers left out), in the order of `inside`.
    const content = new Set<string>();
    while (t < tokens.length && tokens[t]!.end <= start) t++;
    for (let k = t; k < tokens.length && tokens[k]!.start < end; k++) {
      const token = tokens[k]!;
      if (token.start >= start && token.end <= end) {
        inside.push(token);
        if (!stop[k] && !hasNumber(token.key)) content.add(token.key);
      } else if (token.parts) {
        for (const p of token.parts) {
          if (p.start < start || p.end > end) continue;
          inside.push(p);
          if (!isStop(p) && !hasNumber(p.key)) content.add(p.key);
        }
      }
    }
    out.push({ text: clauseText, tokens: inside, content });
  };
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(text); m; m = CLAUSE_BREAK.exec(text)) {
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, text.length);
  return out;
}

/** `text.split(/\s+/).length` without building the pieces. */
function countWords(text: string): number {
  let runs = 0;
  let inRun = false;
  for (let i = 0; i < text.length; i++) {
    const blank = isSpace(text.charCodeAt(i));
    if (blank && !inRun) runs++;
    inRun = blank;
  }
  return runs + 1;
}
