import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Article } from "../src/pipeline/types.js";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** A sentence of one article, named by text it contains. */
export interface SentenceRef {
  articleId: string;
  contains: string;
}

/** A story suite: articles and what a good summary of them must show. */
export interface StorySuite {
  name: string;
  description: string;
  articles: (Omit<Article, "text"> & { file: string })[];
  maxSentences: number;
  /** Each fact is covered when one summary sentence matches every pattern in `all` (case-insensitive). */
  keyFacts: { id: string; all: string[] }[];
  /** Each conflict is found when a reported conflict's `about` matches and its sides carry these articles. */
  conflicts: { about: string; sides: string[][] }[];
  /** [copy, original] pairs that must be detected as duplicates. */
  duplicates: [string, string][];
  /** Article pairs that must not be called duplicates. */
  distinct: [string, string][];
  /** Sentence pairs stating the same fact: they must end up in one evidence unit. */
  sameFact: [SentenceRef, SentenceRef][];
  /** Sentence pairs that look alike but state different facts: they must stay apart. */
  differentFact: [SentenceRef, SentenceRef][];
}

export interface ClaimCase {
  claim: string;
  cites: { articleId: string; quote: string }[];
  supported: boolean;
  kind: string;
}

export interface AdversarialSuite {
  name: string;
  description: string;
  calibration: ClaimCase[];
  heldOut: ClaimCase[];
  /** Written last, to look for weaknesses; some fixes followed, known misses remain. */
  probes: ClaimCase[];
}

export const STORY_SUITES = ["seeds", "harbor-fire", "dairy-merger"] as const;
export const ALL_SUITES = [...STORY_SUITES, "adversarial", "stories", "qags"] as const;

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(`${ROOT}${path}`, "utf8")) as T;
}

export function loadStorySuite(name: string): { suite: StorySuite; articles: Article[] } {
  const suite = readJson<StorySuite>(`evals/suites/${name}.json`);
  const articles = suite.articles.map(({ file, ...meta }) => ({
    ...meta,
    text: readFileSync(`${ROOT}${file}`, "utf8"),
  }));
  return { suite, articles };
}

export function loadAdversarialSuite(): AdversarialSuite {
  return readJson<AdversarialSuite>("evals/suites/adversarial.json");
}
