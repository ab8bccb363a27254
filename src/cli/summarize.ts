/**
 * `npm run summarize -- <folder | files… | request.json> [--json] [--max N] [--backend auto|llm|extractive]`
 * Prints the summary with [n] markers and the numbered sources, duplicates, conflicts and dropped sentences.
 */
import { existsSync, readFileSync } from "node:fs";
import { extname } from "node:path";
import { readTextArticles } from "./text-articles.js";
import { parseArgs } from "node:util";
import { loadConfig } from "../env.js";
import { WirebriefError } from "../errors.js";
import { SummarizeRequestSchema, withIds } from "../http/schemas.js";
import { summarize, type BackendChoice, type SummaryResponse } from "../summarize.js";
import { llmBackendFor } from "../backends/llm-factory.js";
import { memoryCache } from "../store/cache.js";

const USAGE = `usage: npm run summarize -- <folder | article.txt … | request.json>
                             [--json] [--max N] [--backend auto|llm|extractive]

  A folder or .txt files: one article per file, id = file name without .txt.
  A .json file: a POST /summarize request body ({ "articles": [...] }).
  Set OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_MODEL to use an LLM; without them the offline extractive backend runs.`;

function readRequest(paths: string[]): unknown {
  for (const p of paths) if (!existsSync(p)) throw new Error(`no such file or folder: ${p}`);
  if (paths.length === 1 && extname(paths[0]!) === ".json") return JSON.parse(readFileSync(paths[0]!, "utf8"));
  return { articles: readTextArticles(paths) };
}

/** Renders a response for people: sentences with [n] markers pointing into the numbered source list. */
export function renderText(res: SummaryResponse, titles: Map<string, string>): string {
  const number = new Map(res.sources.map((s, i) => [s.articleId, i + 1]));
  const marks = (cs: { articleId: string }[]) =>
    [...new Set(cs.map((c) => number.get(c.articleId)))]
      .sort((a, b) => a! - b!)
      .map((n) => `[${n}]`)
      .join("");
  const lines = [`Summary (${res.backend}${res.model ? `, ${res.model}` : ""}):`, ""];
  for (const s of res.summary) lines.push(`  ${s.text} ${marks(s.citations)}`);
  if (res.conflicts.length > 0) {
    lines.push("", "Where sources disagree:");
    for (const c of res.conflicts) {
      lines.push(`  - ${c.about}`);
      for (const claim of c.claims) lines.push(`      ${marks(claim.citations)} ${claim.text}`);
    }
  }
  if (res.dropped.length > 0) {
    lines.push("", "Dropped (failed verification):");
    for (const d of res.dropped) lines.push(`  - ${d.text}\n      because ${d.reason}`);
  }
  lines.push("", "Sources:");
  for (const s of res.sources) {
    const title = s.title ?? titles.get(s.articleId) ?? "(untitled)";
    const dup = s.duplicateOf ? ` — duplicate of [${number.get(s.duplicateOf)}], cut` : "";
    lines.push(`  [${number.get(s.articleId)}] ${s.articleId}: ${title}${s.source ? ` (${s.source})` : ""}${dup}`);
    lines.push(`      ${s.sentences} sentences, ${s.uniqueSentences} found in no other source`);
  }
  const st = res.stats;
  lines.push(
    "",
    `${st.sentences} sentences, ${st.uniqueSentences} unique, ` +
      `${st.inputChars.toLocaleString("en-US")} characters in ${st.durationMs} ms`,
  );
  return lines.join("\n");
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      max: { type: "string" },
      backend: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals.length === 0) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const raw = readRequest(positionals) as Record<string, unknown>;
  if (values.max !== undefined) raw.maxSentences = Number(values.max);
  if (values.backend !== undefined) raw.backend = values.backend as BackendChoice;
  const parsed = SummarizeRequestSchema.safeParse(raw);
  if (!parsed.success) {
    for (const i of parsed.error.issues)
      console.error(`invalid input: ${i.path.join(".") || "(request)"}: ${i.message}`);
    return 2;
  }
  const config = loadConfig(process.env);
  const llm = llmBackendFor(config);
  const articles = withIds(parsed.data.articles);
  const backend = llm && parsed.data.backend !== "extractive" ? `the LLM (${llm.model})` : "the extractive backend";
  console.error(`summarizing ${articles.length} article(s) with ${backend}…`);
  const res = await summarize(
    articles,
    {
      ...(parsed.data.maxSentences !== undefined ? { maxSentences: parsed.data.maxSentences } : {}),
      ...(parsed.data.backend !== undefined ? { backend: parsed.data.backend } : {}),
    },
    llm ? { llm, cache: memoryCache() } : {},
  );
  if (values.json) console.log(JSON.stringify(res, null, 2));
  else {
    const { analyze } = await import("../pipeline/analyze.js");
    console.log(renderText(res, analyze(articles).headings));
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof WirebriefError) console.error(`error (${err.code}): ${err.message}`);
    else console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
