/**
 * `npm run eval -- [--backend extractive,replay,llm] [--suite seeds,harbor-fire,…] [--out DIR] [--replay-dir DIR]
 * [--qags-dir DIR]`
 * Runs the suites, prints a table (progress on stderr), writes DIR/latest.json and DIR/latest.md, and exits 1
 * when a threshold of evals/thresholds.json is missed, naming what missed it.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { llmBackendFor, llmLimiter } from "../src/backends/llm-factory.js";
import { createLlmBackend } from "../src/backends/llm.js";
import { loadConfig } from "../src/env.js";
import { analyze } from "../src/pipeline/analyze.js";
import type { Article, Citation } from "../src/pipeline/types.js";
import { summarize, type LlmBackend, type SummaryResponse } from "../src/summarize.js";
import { llmJudge } from "./judge.js";
import {
  citationScores,
  conflictRecall,
  dedupScores,
  factCoverage,
  quoteValidity,
  redundancy,
  verifierJudge,
  verifierScores,
  type SupportJudge,
} from "./metrics.js";
import { qagsSuiteResult } from "./qags/suite.js";
import { readRecording, recordingFetch, replayBackend, writeRecording, type Recording } from "./replay.js";
import { runStories } from "./stories.js";
import { ALL_SUITES, loadAdversarialSuite, loadStorySuite, ROOT } from "./suite.js";

export type EvalBackend = "extractive" | "replay" | "llm";
type Bound = { min?: number; max?: number };
export type Thresholds = Record<string, Record<string, Bound>>;

export interface SuiteResult {
  suite: string;
  backend: EvalBackend | "verifier" | "grouping";
  metrics: Record<string, number | null>;
  failures: string[];
  details: Record<string, unknown>;
  skipped?: string;
}

export interface EvalReport {
  generatedAt: string;
  passed: boolean;
  results: SuiteResult[];
  thresholds: Thresholds;
}

export interface EvalOptions {
  backends: EvalBackend[];
  suites: string[];
  outDir?: string;
  replayDir: string;
  thresholds: Thresholds;
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
  /** Where the QAGS human judgements are; the `qags` suite is skipped when they are absent. */
  qagsDir?: string;
}

export function loadThresholds(path = join(ROOT, "evals/thresholds.json")): Thresholds {
  const raw = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith("$"))) as Thresholds;
}

/** Metrics that miss their bound, each as a line a person can act on. */
function checkThresholds(metrics: Record<string, number | null>, bounds: Record<string, Bound> | undefined): string[] {
  const out: string[] = [];
  for (const [name, bound] of Object.entries(bounds ?? {})) {
    const value = metrics[name];
    if (value === null || value === undefined) continue;
    if (bound.min !== undefined && value < bound.min - 1e-9)
      out.push(`${name} ${fmt(value)} is below the minimum ${bound.min}`);
    if (bound.max !== undefined && value > bound.max + 1e-9)
      out.push(`${name} ${fmt(value)} is above the maximum ${bound.max}`);
  }
  return out;
}

function fmt(v: number | null | undefined): string {
  return v === null || v === undefined ? "n/a" : Number.isInteger(v) ? String(v) : v.toFixed(3);
}

async function runStorySuite(name: string, backend: EvalBackend, options: EvalOptions): Promise<SuiteResult> {
  const { suite, articles } = loadStorySuite(name);
  const config = loadConfig(options.env ?? {});
  let llm: LlmBackend | undefined;
  let recording: Recording | undefined;
  const replayPath = join(options.replayDir, `${name}.json`);
  if (backend === "replay") {
    const recorded = readRecording(replayPath);
    if (!recorded)
      return { suite: name, backend, metrics: {}, failures: [`no recording at ${replayPath}`], details: {} };
    llm = replayBackend(recorded);
  } else if (backend === "llm") {
    if (!config.llm)
      return {
        suite: name,
        backend,
        metrics: {},
        failures: [],
        details: {},
        skipped: "no LLM configured (set OPENAI_API_KEY or OPENAI_BASE_URL)",
      };
    recording = { suite: name, model: config.llm.model, recordedAt: new Date().toISOString(), exchanges: [] };
    llm = createLlmBackend({
      config: config.llm,
      limit: llmLimiter(config.llm.concurrency),
      fetch: recordingFetch(recording),
    });
  }

  const response: SummaryResponse = await summarize(
    articles,
    { maxSentences: suite.maxSentences, backend: backend === "extractive" ? "extractive" : "llm" },
    llm ? { llm } : {},
  );
  if (recording) writeRecording(replayPath, recording);

  const verifier = verifierJudge(articles);
  const judgeConfig = config.llm;
  const judge: SupportJudge | undefined = judgeConfig ? llmJudge(judgeConfig) : undefined;
  const both: SupportJudge = async (s, c: Citation[]) => (await verifier(s, c)) && (judge ? await judge(s, c) : true);

  const cites = await citationScores(response.summary, verifier);
  const judged = judge ? await citationScores(response.summary, judge) : undefined;
  const strict = judge ? await citationScores(response.summary, both) : cites;
  const quotes = quoteValidity(response.summary, articles);
  const facts = factCoverage(response.summary, suite.keyFacts);
  const conflicts = conflictRecall(response.conflicts, suite.conflicts);
  const redundant = redundancy(response.summary);
  const dedup = dedupScores(analyze(articles as Article[]), suite);
  const generated = response.summary.length + response.dropped.length;

  const metrics: Record<string, number | null> = {
    sentences: response.summary.length,
    quoteValidity: quotes.value,
    citationRecall: cites.recall,
    citationPrecision: cites.precision,
    citationRecallJudge: judged?.recall ?? null,
    citationPrecisionJudge: judged?.precision ?? null,
    unsupportedRate: response.summary.length === 0 ? 0 : strict.unsupported.length / response.summary.length,
    generatedUnsupportedRate: generated === 0 ? 0 : response.dropped.length / generated,
    factCoverage: facts.value,
    conflictRecall: conflicts.value,
    redundancy: redundant.value,
    duplicateRecall: dedup.duplicateRecall,
    duplicatePrecision: dedup.duplicatePrecision,
    sameFactRecall: dedup.sameFactRecall,
    differentFactKeptApart: dedup.differentFactKeptApart,
  };
  const failures = checkThresholds(metrics, options.thresholds[backend]);
  const because: string[] = [];
  if (failures.length > 0) {
    for (const u of strict.unsupported) because.push(`unsupported sentence returned: "${u.text}"`);
    for (const d of response.dropped) because.push(`sentence failed verification: "${d.text}" — ${d.reason}`);
    for (const c of quotes.invalid) because.push(`invalid quote in ${c.articleId} at ${c.start}-${c.end}`);
    for (const f of facts.missed) because.push(`key fact not covered: ${f}`);
    for (const c of conflicts.missed) because.push(`conflict not found: ${c}`);
    for (const [a, b] of redundant.pairs) because.push(`redundant pair: "${a}" / "${b}"`);
    because.push(...dedup.errors);
  }
  return {
    suite: name,
    backend,
    metrics,
    failures: [...failures, ...because.map((b) => `  ${b}`)],
    details: {
      summary: response.summary.map((s) => ({
        text: s.text,
        articles: [...new Set(s.citations.map((c) => c.articleId))],
      })),
      dropped: response.dropped,
      missedFacts: facts.missed,
      missedConflicts: conflicts.missed,
      conflicts: response.conflicts.map((c) => c.about),
      redundantPairs: redundant.pairs,
      dedupErrors: dedup.errors,
      ...(response.model ? { model: response.model } : {}),
    },
  };
}

function runAdversarial(options: EvalOptions): SuiteResult {
  const suite = loadAdversarialSuite();
  const { articles } = loadStorySuite("seeds");
  const all = verifierScores([...suite.calibration, ...suite.heldOut, ...suite.probes], articles);
  const heldOut = verifierScores(suite.heldOut, articles);
  const probes = verifierScores(suite.probes, articles);
  const metrics = {
    claims: suite.calibration.length + suite.heldOut.length + suite.probes.length,
    caught: all.caught,
    kept: all.kept,
    accuracy: all.accuracy,
    balancedAccuracy: all.balancedAccuracy,
    heldOutAccuracy: heldOut.accuracy,
    heldOutBalancedAccuracy: heldOut.balancedAccuracy,
    probesAccuracy: probes.accuracy,
  };
  const failures = checkThresholds(metrics, options.thresholds.verifier);
  if (failures.length > 0)
    for (const w of all.wrong)
      failures.push(`  ${w.expected ? "flagged a faithful" : "kept an unfaithful"} claim (${w.kind}): "${w.claim}"`);
  return { suite: "adversarial", backend: "verifier", metrics, failures, details: { wrong: all.wrong } };
}

/** Story grouping and wire copies on the labelled events; the held-out half carries the gate. */
function runStoriesSuite(options: EvalOptions): SuiteResult {
  const { metrics, problems, details } = runStories();
  const failures = [...problems, ...checkThresholds(metrics, options.thresholds.stories)];
  if (failures.length > 0) {
    for (const m of details.heldOut?.misplaced ?? [])
      failures.push(`  ${m.id} (${m.event}) grouped with "${m.groupTitle}"`);
    for (const p of details.heldOut?.copies.missed ?? []) failures.push(`  wire copy not marked: ${p}`);
    for (const p of details.heldOut?.copies.wrong ?? []) failures.push(`  marked as wire copies but not: ${p}`);
  }
  return { suite: "stories", backend: "grouping", metrics, failures, details };
}

/**
 * Runs the evals and returns the report; writes latest.json and latest.md when `outDir` is set.
 *
 * @example
 * const report = await runEvals({
 *   backends: ["extractive"], suites: ["seeds"], replayDir: "evals/replay", thresholds: loadThresholds(),
 * });
 * report.passed // true
 */
export async function runEvals(options: EvalOptions): Promise<EvalReport> {
  const log = options.log ?? (() => {});
  const results: SuiteResult[] = [];
  const jobs: (["story", string, EvalBackend] | ["adversarial"] | ["stories"] | ["qags"])[] = [];
  for (const name of options.suites) {
    if (name === "adversarial") jobs.push(["adversarial"]);
    else if (name === "stories") jobs.push(["stories"]);
    else if (name === "qags") jobs.push(["qags"]);
    else for (const b of options.backends) jobs.push(["story", name, b]);
  }
  const labels = { adversarial: "adversarial (verifier)", stories: "stories (grouping)", qags: "qags (verifier)" };
  for (const [i, job] of jobs.entries()) {
    const label = job[0] === "story" ? `${job[1]} (${job[2]})` : labels[job[0]];
    const started = Date.now();
    log(`[${i + 1}/${jobs.length}] ${label} …`);
    const result =
      job[0] === "story"
        ? await runStorySuite(job[1], job[2], options)
        : job[0] === "adversarial"
          ? runAdversarial(options)
          : job[0] === "stories"
            ? runStoriesSuite(options)
            : qagsSuiteResult({ ...(options.qagsDir ? { dir: options.qagsDir } : {}), log });
    results.push(result);
    const status = result.skipped
      ? `skipped: ${result.skipped}`
      : result.failures.length === 0
        ? "ok"
        : "MISSED THRESHOLDS";
    log(`[${i + 1}/${jobs.length}] ${label} ${status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const report: EvalReport = {
    generatedAt: new Date().toISOString(),
    passed: results.every((r) => r.failures.length === 0),
    results,
    thresholds: options.thresholds,
  };
  if (options.outDir) {
    mkdirSync(options.outDir, { recursive: true });
    writeFileSync(join(options.outDir, "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(options.outDir, "latest.md"), renderMarkdown(report));
  }
  return report;
}

const STORY_COLUMNS = [
  "sentences",
  "quoteValidity",
  "citationRecall",
  "citationPrecision",
  "citationRecallJudge",
  "citationPrecisionJudge",
  "unsupportedRate",
  "generatedUnsupportedRate",
  "factCoverage",
  "conflictRecall",
  "redundancy",
  "duplicateRecall",
  "duplicatePrecision",
  "sameFactRecall",
  "differentFactKeptApart",
];
const GROUPING_COLUMNS = [
  "events",
  "ari",
  "baselineAri",
  "baselineThreshold",
  "ariOverBaseline",
  "purity",
  "inversePurity",
  "clusters",
  "copyPrecision",
  "copyRecall",
  "tuneAri",
  "tuneBaselineAri",
];
const VERIFIER_COLUMNS = [
  "claims",
  "caught",
  "kept",
  "accuracy",
  "balancedAccuracy",
  "heldOutAccuracy",
  "heldOutBalancedAccuracy",
  "probesAccuracy",
];

function table(rows: SuiteResult[], columns: string[], markdown: boolean): string {
  const head = ["suite", "backend", ...columns, "result"];
  const body = rows.map((r) => [
    r.suite,
    r.backend,
    ...columns.map((c) => fmt(r.metrics[c])),
    r.skipped ? "skipped" : r.failures.length === 0 ? "pass" : "FAIL",
  ]);
  if (markdown)
    return [
      `| ${head.join(" | ")} |`,
      `|${head.map(() => "---").join("|")}|`,
      ...body.map((b) => `| ${b.join(" | ")} |`),
    ].join("\n");
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  return [line(head), ...body.map(line)].join("\n");
}

function qagsText(result: SuiteResult, markdown: boolean): string {
  if (result.skipped) return `QAGS skipped: ${result.skipped}`;
  return String(markdown ? result.details.markdown : result.details.table);
}

/** The results by the table they go in: story suites, adversarial claims, grouping, QAGS. */
function byKind(report: EvalReport) {
  return {
    story: report.results.filter((r) => r.backend !== "verifier" && r.backend !== "grouping"),
    verifier: report.results.filter((r) => r.backend === "verifier" && r.suite !== "qags"),
    grouping: report.results.filter((r) => r.backend === "grouping"),
    qags: report.results.find((r) => r.suite === "qags"),
  };
}

/** The report for people: one table per kind of suite, then what missed a threshold and why. */
export function renderMarkdown(report: EvalReport): string {
  const { story, verifier, grouping, qags } = byKind(report);
  const parts = [
    `# wirebrief evals — ${report.passed ? "passed" : "FAILED"}`,
    "",
    `Generated ${report.generatedAt}. Metrics are defined in the README.`,
    "",
  ];
  if (story.length > 0) parts.push("## Story suites", "", table(story, STORY_COLUMNS, true), "");
  if (verifier.length > 0)
    parts.push("## Verifier on adversarial claims", "", table(verifier, VERIFIER_COLUMNS, true), "");
  if (grouping.length > 0) {
    parts.push(
      "## Story grouping (held-out events 19–36; tune* = events 01–18)",
      "",
      table(grouping, GROUPING_COLUMNS, true),
      "",
    );
  }
  if (qags) parts.push("## Verifier on QAGS human judgements (report only)", "", qagsText(qags, true), "");
  const failed = report.results.filter((r) => r.failures.length > 0);
  if (failed.length > 0) {
    parts.push("## Missed thresholds", "");
    for (const r of failed)
      parts.push(
        `### ${r.suite} (${r.backend})`,
        "",
        ...r.failures.map((f) => (f.startsWith("  ") ? `  - ${f.trim()}` : `- ${f}`)),
        "",
      );
  }
  return `${parts.join("\n")}\n`;
}

function renderText(report: EvalReport): string {
  const { story, verifier, grouping, qags } = byKind(report);
  const out: string[] = [];
  if (story.length > 0) out.push(table(story, STORY_COLUMNS, false), "");
  if (verifier.length > 0) out.push(table(verifier, VERIFIER_COLUMNS, false), "");
  if (grouping.length > 0) out.push(table(grouping, GROUPING_COLUMNS, false), "");
  if (qags) out.push(qagsText(qags, false), "");
  for (const r of report.results.filter((x) => x.failures.length > 0)) {
    out.push(`${r.suite} (${r.backend}) missed:`, ...r.failures.map((f) => `  ${f}`), "");
  }
  out.push(report.passed ? "evals passed" : "evals FAILED");
  return out.join("\n");
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      backend: { type: "string", default: "extractive,replay" },
      suite: { type: "string", default: ALL_SUITES.join(",") },
      out: { type: "string", default: join(ROOT, "evals/out") },
      "replay-dir": { type: "string", default: join(ROOT, "evals/replay") },
      thresholds: { type: "string", default: join(ROOT, "evals/thresholds.json") },
      "qags-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(
      "usage: npm run eval -- [--backend extractive,replay,llm] [--suite " +
        ALL_SUITES.join(",") +
        "] [--out DIR] [--replay-dir DIR] [--thresholds FILE] [--qags-dir DIR]",
    );
    return 0;
  }
  const backends = values.backend.split(",").map((b) => b.trim()) as EvalBackend[];
  for (const b of backends)
    if (!["extractive", "replay", "llm"].includes(b))
      throw new Error(`unknown backend "${b}" (extractive, replay or llm)`);
  const suites = values.suite.split(",").map((s) => s.trim());
  for (const s of suites)
    if (!(ALL_SUITES as readonly string[]).includes(s))
      throw new Error(`unknown suite "${s}" (${ALL_SUITES.join(", ")})`);
  if (backends.includes("llm") && !llmBackendFor(loadConfig(process.env))) {
    console.error("note: --backend llm needs OPENAI_API_KEY or OPENAI_BASE_URL; those runs are skipped");
  }
  const report = await runEvals({
    backends,
    suites,
    outDir: values.out,
    replayDir: values["replay-dir"],
    thresholds: loadThresholds(values.thresholds),
    env: process.env,
    log: (line) => console.error(line),
    ...(values["qags-dir"] ? { qagsDir: values["qags-dir"] } : {}),
  });
  console.log(renderText(report));
  console.error(`report: ${join(values.out, "latest.md")}`);
  return report.passed ? 0 : 1;
}

if (process.argv[1] && /evals[\\/]run\.ts$/.test(process.argv[1])) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`eval error: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(2);
    },
  );
}
