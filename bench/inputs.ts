/**
 * Request bodies for the bench and the bound tests: a realistic story at the contract's limits, and degenerate
 * texts that are valid requests (repetitive liveblog-like sentences, one giant sentence, no punctuation,
 * numbers only). Deterministic: every run builds the same texts.
 */
import { clean } from "../src/pipeline/clean.js";
import { segment } from "../src/pipeline/segment.js";
import type { Article } from "../src/pipeline/types.js";
import { loadStorySuite } from "../evals/suite.js";

/** The contract's limits: articles per request, characters per article. */
export const LIMIT_ARTICLES = 50;
export const LIMIT_CHARS = 100_000;

/** A deterministic pseudo-random generator, so every run uses the same corpus. */
export function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return x / 2 ** 32;
  };
}

let pool: string[] | undefined;
/** Every sentence of the three story suites. */
export function suiteSentences(): string[] {
  pool ??= ["seeds", "harbor-fire", "dairy-merger"].flatMap((n) =>
    loadStorySuite(n).articles.flatMap((a) => segment(a.id, a.text, clean(a.text).regions).map((s) => s.text)),
  );
  return pool;
}

/**
 * A synthetic story of `count` articles built from the eval suites' real sentences: each article reuses some
 * sentences (as outlets do), lightly reworded, with a few numbers changed, so there are true near-duplicates.
 */
export function corpus(count: number, sentencesPerArticle: number, seed = 42): Article[] {
  const sentences = suiteSentences();
  const random = rng(seed);
  const words = ["officials", "said", "reported", "on", "Monday", "talks", "new", "the", "and"];
  return Array.from({ length: count }, (_, i) => {
    const lines: string[] = [];
    for (let k = 0; k < sentencesPerArticle; k++) {
      let s = sentences[Math.floor(random() * sentences.length)]!;
      if (random() < 0.3) s = s.replace(/\b(said|told)\b/, "stated");
      if (random() < 0.2) s = s.replace(/\d+/, (d) => String(Number(d) + 1));
      if (random() < 0.3) s = `${s.replace(/[.!?]$/, "")} ${words[Math.floor(random() * words.length)]}.`;
      lines.push(s);
    }
    return { id: `b${i}`, text: lines.join("\n") };
  });
}

/** `corpus` articles grown to `chars` characters each: real prose at the contract's size limit. */
export function proseAtLimits(count = LIMIT_ARTICLES, chars = LIMIT_CHARS): Article[] {
  const sentences = suiteSentences();
  const random = rng(7);
  return Array.from({ length: count }, (_, i) => {
    let text = "";
    while (text.length < chars) {
      const paragraph = Array.from({ length: 4 }, () => sentences[Math.floor(random() * sentences.length)]!).join(" ");
      text += `${paragraph}\n`;
    }
    return { id: `p${i}`, text: cut(text, chars) };
  });
}

const COMMON = [
  "the",
  "officials",
  "said",
  "police",
  "government",
  "on",
  "Monday",
  "in",
  "city",
  "and",
  "people",
  "were",
  "reported",
  "new",
];

/**
 * The degenerate input: sentences of 8–27 words drawn from 14 common news words, about one in ten with a
 * number, cut at `chars` characters an article. Every sentence looks like every other.
 */
export function repetitive(count = LIMIT_ARTICLES, chars = LIMIT_CHARS, seed = 3): Article[] {
  const random = rng(seed);
  return Array.from({ length: count }, (_, i) => {
    let text = "";
    while (text.length < chars) {
      const n = 8 + Math.floor(random() * 20);
      const words = Array.from({ length: n }, () => COMMON[Math.floor(random() * COMMON.length)]!);
      if (random() < 0.1) words.splice(Math.floor(random() * n), 0, String(Math.floor(random() * 1000)));
      const sentence = words.join(" ");
      text += `${sentence[0]!.toUpperCase()}${sentence.slice(1)}. `;
      if (random() < 0.15) text += "\n";
    }
    return { id: `r${i}`, text: cut(text, chars) };
  });
}

/** One sentence per article, `chars` long, of real words, with a final period. */
export function giantSentence(count = LIMIT_ARTICLES, chars = LIMIT_CHARS): Article[] {
  const words = suiteSentences()
    .join(" ")
    .replace(/[.!?;:]/g, "")
    .split(/\s+/);
  const random = rng(11);
  return Array.from({ length: count }, (_, i) => {
    let text = "";
    while (text.length < chars - 1) text += `${words[Math.floor(random() * words.length)]} `;
    return { id: `g${i}`, text: `${text.slice(0, chars - 1).trimEnd()}.` };
  });
}

/** Real words without any punctuation, with or without line breaks. */
export function noPunctuation(count = LIMIT_ARTICLES, chars = LIMIT_CHARS, lines = true): Article[] {
  const words = suiteSentences()
    .join(" ")
    .replace(/[^\p{L}\p{N}\s]/gu, "")
    .split(/\s+/);
  const random = rng(13);
  return Array.from({ length: count }, (_, i) => {
    let text = "";
    while (text.length < chars) {
      text += `${words[Math.floor(random() * words.length)]}${lines && random() < 0.05 ? "\n" : " "}`;
    }
    return { id: `n${i}`, text: cut(text, chars) };
  });
}

/** Digits, spaces and the odd period only. */
export function numbersOnly(count = LIMIT_ARTICLES, chars = LIMIT_CHARS): Article[] {
  const random = rng(17);
  return Array.from({ length: count }, (_, i) => {
    let text = "";
    while (text.length < chars) text += `${Math.floor(random() * 100_000)}${random() < 0.1 ? ". " : " "}`;
    return { id: `d${i}`, text: cut(text, chars) };
  });
}

function cut(text: string, chars: number): string {
  return text.slice(0, chars).trimEnd() || "x";
}
