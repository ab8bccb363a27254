/**
 * The QAGS human judgements (Wang, Cho and Lewis, ACL 2020), read from outside the repository: they calibrate
 * and report, and are never a fixture the project ships. See `prepare.ts` for how the text is made readable.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../suite.js";
import { detokenize, truecaserFor } from "./prepare.js";

export const QAGS_FILES = { cnndm: "mturk_cnndm.jsonl", xsum: "mturk_xsum.jsonl" } as const;
export type QagsDatasetName = keyof typeof QAGS_FILES;
export type Half = "tuning" | "heldOut";

/** Where the data lives beside the checkouts: `../shared/data/qags` from the project root. */
export const DEFAULT_QAGS_DIR = join(ROOT, "../shared/data/qags");

export interface QagsSentence {
  /** Detokenised and re-cased, as a person would send it. */
  text: string;
  raw: string;
  /** How many of the three workers answered "yes". */
  yes: number;
  /** The majority label: at least two "yes" of three. */
  supported: boolean;
}

export interface QagsArticle {
  id: string;
  text: string;
  half: Half;
  sentences: QagsSentence[];
}

export interface QagsDataset {
  name: QagsDatasetName;
  articles: QagsArticle[];
}

interface RawLine {
  article: string;
  summary_sentences: { sentence: string; responses: { response: string }[] }[];
}

/**
 * The half an article belongs to, from a hash of its text as distributed: stable across runs and machines, and
 * the same for every sentence of the article.
 *
 * @example
 * halfOf("A g4s security van has been robbed ...") // "tuning" or "heldOut", always the same one
 */
export function halfOf(rawArticle: string): Half {
  return (createHash("sha256").update(rawArticle).digest()[0]! & 1) === 0 ? "tuning" : "heldOut";
}

/**
 * One dataset from its JSONL text: each article and its sentences prepared alike, with majority labels.
 *
 * @example
 * parseQags("xsum", '{"article":"Police said ...","summary_sentences":[{"sentence":"...","responses":[...]}]}')
 * // { name: "xsum", articles: [{ id: "xsum-0", half: "heldOut", sentences: [{ supported: true, ... }] }] }
 */
export function parseQags(name: QagsDatasetName, jsonl: string): QagsDataset {
  // CNN/DM's tokenisation split hyphenated words ("33 - year - old"); XSum's kept them ("five-figure").
  const hyphens = name === "cnndm";
  const articles = jsonl
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line, i): QagsArticle => {
      const row = JSON.parse(line) as RawLine;
      const article = detokenize(row.article, { hyphens });
      const sentences = row.summary_sentences.map((s) => ({
        raw: s.sentence,
        text: detokenize(s.sentence, { hyphens }),
        responses: s.responses,
      }));
      const recase = truecaserFor([article, ...sentences.map((s) => s.text)]);
      return {
        id: `${name}-${i}`,
        text: recase(article),
        half: halfOf(row.article),
        sentences: sentences.map((s) => {
          const yes = s.responses.filter((r) => r.response.trim().toLowerCase() === "yes").length;
          return { text: recase(s.text), raw: s.raw, yes, supported: yes * 2 > s.responses.length };
        }),
      };
    });
  return { name, articles };
}

/**
 * Both datasets from `dir`, or why the suite is skipped (never an error: the data is not part of the project).
 *
 * @example
 * const loaded = loadQags("/work/shared/data/qags");
 * if ("skipped" in loaded) console.error(loaded.skipped);
 */
export function loadQags(dir: string = DEFAULT_QAGS_DIR): { datasets: QagsDataset[] } | { skipped: string } {
  const missing = Object.values(QAGS_FILES).filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) {
    return { skipped: `QAGS data not found (${missing.join(", ")} missing in ${dir}); pass --qags-dir to point at it` };
  }
  const datasets = (Object.keys(QAGS_FILES) as QagsDatasetName[]).map((name) =>
    parseQags(name, readFileSync(join(dir, QAGS_FILES[name]), "utf8")),
  );
  return { datasets };
}
