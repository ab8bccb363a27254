/**
 * `npm run eval:external -- FILE [--json OUT]`: the verifier, with no citations given, on a public benchmark of
 * human judgements that this project does not hold (report only, never part of `npm test`, never committed).
 * FILE is the SummaC benchmark's format — a JSON object of entries `{ document, claim, label }` with label 1 for
 * consistent and 0 for not (tingofurro/summac `data/*.json`) — or JSON lines of `{ document, claim | summary,
 * label }`. A summary of several sentences is supported when each of its sentences is. Prints balanced accuracy,
 * inconsistent caught and consistent kept with 95% intervals over resampled documents, by the entries' `origin`.
 * Read a file once, after the decisions it could inform are made: choosing between versions of the verifier by it
 * would tune on it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { segment } from "../src/pipeline/segment.js";
import { verifySummary } from "../src/verify/summary.js";
import { bootstrap, score } from "./scores.js";

/** One judged claim of an external benchmark. */
export interface ExternalItem {
  document: string;
  claim: string;
  /** Consistent with the document, by the benchmark's human label. */
  consistent: boolean;
  origin: string;
}

/**
 * The items of a benchmark file, from the SummaC format or JSON lines; entries without a text or label are left
 * out and counted.
 *
 * @example
 * parseExternal('{"a": {"document": "Talks began.", "claim": "talks began.", "label": 1}}').items.length // 1
 */
export function parseExternal(text: string): { items: ExternalItem[]; skipped: number } {
  let rows: unknown[];
  try {
    const whole = JSON.parse(text) as unknown;
    rows = Array.isArray(whole) ? whole : Object.values(whole as object);
  } catch {
    // JSON lines: one entry a line.
    rows = text
      .split(/\r?\n/)
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as unknown);
  }
  const items: ExternalItem[] = [];
  let skipped = 0;
  for (const row of rows) {
    const r = row as { document?: unknown; claim?: unknown; summary?: unknown; label?: unknown; origin?: unknown };
    const claim = typeof r.claim === "string" ? r.claim : r.summary;
    if (typeof r.document !== "string" || typeof claim !== "string" || (r.label !== 0 && r.label !== 1)) {
      skipped++;
      continue;
    }
    const origin = typeof r.origin === "string" ? r.origin : "all";
    items.push({ document: r.document, claim, consistent: r.label === 1, origin });
  }
  return { items, skipped };
}

/** The sentences of a claim or summary, by the pipeline's own segmentation. */
function sentencesOf(claim: string): string[] {
  const found = segment("claim", claim, [{ start: 0, end: claim.length, kind: "body" }]).map((s) => s.text);
  return found.length > 0 ? found : [claim];
}

export interface ExternalRow {
  origin: string;
  n: number;
  inconsistent: number;
  balancedAccuracy: number | null;
  ci: [number, number] | null;
  caught: number | null;
  kept: number | null;
}

/**
 * Verifies every item's sentences against its document (one article, no citations) and scores the verdicts.
 *
 * @example
 * runExternal(parseExternal(readFileSync("factcc.json", "utf8")).items, console.error)
 */
export function runExternal(items: readonly ExternalItem[], log: (line: string) => void = () => {}): ExternalRow[] {
  const started = Date.now();
  const judged = items.map((item, i) => {
    const verdicts = verifySummary([{ id: "d", text: item.document }], sentencesOf(item.claim)).sentences;
    if ((i + 1) % 200 === 0 || i + 1 === items.length) {
      log(`  external: ${i + 1}/${items.length} items, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    return {
      article: item.document,
      origin: item.origin,
      supported: item.consistent,
      predicted: verdicts.every((v) => v.supported),
    };
  });
  const origins = [...new Set(judged.map((j) => j.origin))];
  return [...(origins.length > 1 ? ["all"] : []), ...origins].map((origin) => {
    const part = judged.filter((j) => origin === "all" || j.origin === origin);
    const s = score(part);
    const ci = bootstrap(part, (sample) => score(sample).balancedAccuracy);
    return {
      origin,
      n: s.n,
      inconsistent: s.unsupported,
      balancedAccuracy: s.balancedAccuracy,
      ci,
      caught: s.caught,
      kept: s.kept,
    };
  });
}

function fmt(v: number | null): string {
  return v === null ? "n/a" : v.toFixed(3);
}

function main(): number {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: "string" } } });
  if (positionals.length !== 1) {
    console.error("usage: npm run eval:external -- FILE [--json OUT]   (SummaC benchmark JSON or JSON lines)");
    return 2;
  }
  const { items, skipped } = parseExternal(readFileSync(positionals[0]!, "utf8"));
  console.error(`${items.length} items${skipped > 0 ? `, ${skipped} without a document, claim or label` : ""}`);
  const rows = runExternal(items, (line) => console.error(line));
  console.log("origin  n  inconsistent  balancedAccuracy  ci95  inconsistentCaught  consistentKept");
  for (const r of rows) {
    const ci = r.ci ? `${fmt(r.ci[0])}–${fmt(r.ci[1])}` : "n/a";
    console.log([r.origin, r.n, r.inconsistent, fmt(r.balancedAccuracy), ci, fmt(r.caught), fmt(r.kept)].join("  "));
  }
  if (values.json) writeFileSync(values.json, `${JSON.stringify(rows, null, 2)}\n`);
  return 0;
}

if (process.argv[1] && /evals[\\/]external\.ts$/.test(process.argv[1])) process.exit(main());
