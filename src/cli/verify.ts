/**
 * `npm run verify -- --summary FILE <folder | article.txt … | request.json> [--json]`
 * Checks a summary written anywhere against the articles: each sentence supported or why not, with its
 * evidence. Exit code 0 when every sentence is supported, 1 when some is not, 2 on bad input.
 */
import { existsSync, readFileSync } from "node:fs";
import { extname } from "node:path";
import { readTextArticles } from "./text-articles.js";
import { parseArgs } from "node:util";
import { VerifyRequestSchema, withIds } from "../http/schemas.js";
import { verifySummary, type SummaryItem, type VerifyResponse } from "../verify/summary.js";

const USAGE = `usage: npm run verify -- --summary FILE <folder | article.txt … | request.json> [--json]

  FILE: one sentence per line, or JSON: a list of sentences (strings or { text, citations? }), or an object with
  a "summary" list (a /summarize response or a /verify request; its "articles" are used when no articles are given).
  Sentences without citations are aligned to the article sentences that carry them.
  A folder or .txt files: one article per file, id = file name without .txt. A .json file: { "articles": [...] }.`;

/**
 * The summary sentences of a file: JSON as described in the usage, else one sentence per non-blank line.
 *
 * @example
 * parseSummary("Talks begin Monday.\n\nThey end Friday.\n") // { summary: ["Talks begin Monday.", "They end Friday."] }
 */
export function parseSummary(text: string): { summary: unknown[]; articles?: unknown } {
  const trimmed = text.trim();
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
    const json = JSON.parse(trimmed) as unknown;
    if (Array.isArray(json)) return { summary: json };
    const o = json as { summary?: unknown; articles?: unknown };
    if (!Array.isArray(o.summary)) throw new Error('a JSON summary file must be a list or have a "summary" list');
    return { summary: o.summary, ...(o.articles !== undefined ? { articles: o.articles } : {}) };
  }
  return {
    summary: trimmed
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0),
  };
}

function readArticles(paths: string[]): unknown {
  for (const p of paths) if (!existsSync(p)) throw new Error(`no such file or folder: ${p}`);
  if (paths.length === 1 && extname(paths[0]!) === ".json") {
    return (JSON.parse(readFileSync(paths[0]!, "utf8")) as { articles?: unknown }).articles;
  }
  return readTextArticles(paths);
}

/**
 * The verdicts for people: each sentence numbered, supported or the reasons it is not, and its evidence (the
 * citations given, or those the verifier found).
 *
 * @example
 * console.log(renderVerify(verifySummary(articles, ["Talks begin Monday."])))
 */
export function renderVerify(res: VerifyResponse): string {
  const lines: string[] = [];
  res.sentences.forEach((s, i) => {
    lines.push(`[${i + 1}] ${s.supported ? "supported" : "NOT SUPPORTED"}: ${s.text}`);
    for (const r of s.reasons) lines.push(`      why: ${r}`);
    const kind = s.cited ? "cited" : "found";
    if (s.citations.length === 0) lines.push(`      evidence: none ${s.cited ? "given" : "found in the articles"}`);
    for (const c of s.citations) {
      const where = c.found ? `${c.articleId} ${c.start}-${c.end}` : `${c.articleId}, not found there`;
      lines.push(`      evidence (${kind}, ${where}): ${oneLine(c.quote)}`);
    }
    lines.push("");
  });
  const n = res.sentences.length;
  lines.push(`${res.supportedCount} supported, ${res.unsupportedCount} not supported, of ${n} sentences`);
  return lines.join("\n");
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > 300 ? `${t.slice(0, 297)}...` : t;
}

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { summary: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help || !values.summary) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const file = parseSummary(readFileSync(values.summary, "utf8"));
  const articles = positionals.length > 0 ? readArticles(positionals) : file.articles;
  if (articles === undefined) {
    console.error("no articles: give a folder, .txt files or a .json request after --summary FILE");
    return 2;
  }
  const parsed = VerifyRequestSchema.safeParse({ articles, summary: file.summary });
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      console.error(`invalid input: ${i.path.join(".") || "(request)"}: ${i.message}`);
    }
    return 2;
  }
  const res = verifySummary(withIds(parsed.data.articles), parsed.data.summary as SummaryItem[]);
  console.log(values.json ? JSON.stringify(res, null, 2) : renderVerify(res));
  return res.unsupportedCount === 0 ? 0 : 1;
}

if (process.argv[1] && /cli[\\/]verify\.ts$/.test(process.argv[1])) {
  try {
    process.exit(main());
  } catch (err: unknown) {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
}
