import { extractive, type CandidateSentence } from "./backends/extractive.js";
import { InvalidRequestError } from "./errors.js";
import { analyze, type Analysis, type SourceSummary } from "./pipeline/analyze.js";
import { citationsOf } from "./pipeline/conflicts.js";
import type { Article, Citation, Conflict } from "./pipeline/types.js";
import { verifySentence } from "./pipeline/verify.js";
import { cacheKey, type SummaryCache } from "./store/cache.js";

export type BackendChoice = "auto" | "llm" | "extractive";

export interface SummarizeOptions {
  maxSentences?: number;
  backend?: BackendChoice;
}

/** What an LLM backend returns for one request (see `backends/llm.ts`). */
export interface GeneratedSummary {
  sentences: CandidateSentence[];
  /** The evidence IDs the model was shown (the prompt budget may leave some out); citing others fails. */
  shownIds?: ReadonlySet<string>;
  model: string;
  promptChars: number;
  usage?: { promptTokens: number; completionTokens: number };
  /** Sentences that failed verification once, rewritten by the model; verified again before use. */
  repair?: (failed: { sentence: CandidateSentence; reasons: string[] }[]) => Promise<CandidateSentence[]>;
}

/** The LLM backend as the use case sees it: absent when no LLM is configured. */
export interface LlmBackend {
  model: string;
  summarize(analysis: Analysis, maxSentences: number, signal?: AbortSignal): Promise<GeneratedSummary>;
}

export interface SummaryResponse {
  summary: { text: string; citations: Citation[] }[];
  dropped: { text: string; reason: string }[];
  conflicts: Conflict[];
  sources: SourceSummary[];
  stats: { inputChars: number; promptChars?: number; sentences: number; uniqueSentences: number; durationMs: number };
  backend: "llm" | "extractive";
  model?: string;
  usage?: { promptTokens: number; completionTokens: number };
  /** Set when this answer was served from the cache of identical LLM requests ("kv" or "memory"). */
  cached?: "kv" | "memory";
}

export const DEFAULT_MAX_SENTENCES = 6;

/**
 * The one use case: articles (with ids) and options in, the contract's summary out. Every sentence any backend
 * proposes is mapped from evidence IDs to citations and judged by the verifier; only what passes is returned
 * as summary, the rest is reported in `dropped`.
 *
 * @example
 * const res = await summarize([{ id: "a1", text }, { id: "a2", text: other }], { maxSentences: 4 });
 * res.summary[0].citations[0] // { articleId: "a1", quote: "...", start: 120, end: 188 }
 */
export async function summarize(
  articles: Article[],
  options: SummarizeOptions = {},
  deps: { llm?: LlmBackend; cache?: SummaryCache; now?: () => number; signal?: AbortSignal } = {},
): Promise<SummaryResponse> {
  const now = deps.now ?? (() => Date.now());
  const started = now();
  const maxSentences = options.maxSentences ?? DEFAULT_MAX_SENTENCES;
  const choice = options.backend ?? "auto";
  if (choice === "llm" && !deps.llm) {
    throw new InvalidRequestError(
      'backend "llm" needs an LLM: set OPENAI_API_KEY (and OPENAI_BASE_URL for a non-OpenAI server), or use "auto" or "extractive"',
      [{ path: ["backend"], message: "no LLM is configured" }],
    );
  }
  const useLlm = choice === "llm" || (choice === "auto" && deps.llm !== undefined);

  const analysis = analyze(articles);
  const base = {
    conflicts: analysis.conflicts,
    sources: analysis.sources,
    inputChars: articles.reduce((n, a) => n + a.text.length, 0),
  };

  if (!useLlm) {
    const judged = judge(analysis, extractive(analysis, maxSentences));
    return {
      ...judged,
      conflicts: base.conflicts,
      sources: base.sources,
      stats: stats(analysis, base.inputChars, now() - started),
      backend: "extractive",
    };
  }

  const llm = deps.llm!;
  const key = deps.cache
    ? await cacheKey({ articles, maxSentences, model: llm.model })
    : undefined;
  if (deps.cache && key) {
    const hit = (await deps.cache.get(key)) as SummaryResponse | undefined;
    if (hit) return { ...hit, stats: { ...hit.stats, durationMs: Math.round(now() - started) }, cached: deps.cache.kind };
  }

  const generated = await llm.summarize(analysis, maxSentences, deps.signal);
  let judged = judge(analysis, generated.sentences, generated.shownIds);
  if (judged.failed.length > 0 && generated.repair) {
    try {
      const repaired = await generated.repair(judged.failed.map((f) => ({ sentence: f.sentence, reasons: f.reasons })));
      const second = judge(analysis, repaired, generated.shownIds);
      // What failed the first time is reported once, with both rounds' reasons when the repair failed too.
      judged = {
        summary: [...judged.summary, ...second.summary],
        dropped: [...judged.dropped, ...second.dropped.map((d) => ({ ...d, reason: `after repair: ${d.reason}` }))],
        failed: second.failed,
      };
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      judged = { ...judged, dropped: judged.dropped.map((d) => ({ ...d, reason: `${d.reason} (not repaired: ${why})` })) };
    }
  }
  const response: SummaryResponse = {
    summary: judged.summary.slice(0, maxSentences),
    dropped: judged.dropped,
    conflicts: base.conflicts,
    sources: base.sources,
    stats: { ...stats(analysis, base.inputChars, now() - started), promptChars: generated.promptChars },
    backend: "llm",
    model: generated.model,
    ...(generated.usage ? { usage: { ...generated.usage } } : {}),
  };
  if (deps.cache && key) await deps.cache.put(key, response);
  return response;
}

interface Judged {
  summary: { text: string; citations: Citation[] }[];
  dropped: { text: string; reason: string }[];
  failed: { sentence: CandidateSentence; reasons: string[] }[];
}

/**
 * Maps each candidate's evidence IDs to citations (every occurrence of every cited unit) and verifies it.
 * Unknown IDs and uncited sentences never pass.
 */
export function judge(analysis: Analysis, candidates: CandidateSentence[], shown?: ReadonlySet<string>): Judged {
  const byId = new Map(analysis.units.map((u) => [u.id, u]));
  const textOf = (id: string) => analysis.texts.get(id) ?? "";
  const out: Judged = { summary: [], dropped: [], failed: [] };
  for (const sentence of candidates) {
    const reasons: string[] = [];
    const unknown = sentence.evidence.filter((id) => !byId.has(id));
    if (unknown.length > 0) reasons.push(`cites unknown evidence ${unknown.map((id) => `[${id}]`).join(", ")}`);
    const unshown = shown ? sentence.evidence.filter((id) => byId.has(id) && !shown.has(id)) : [];
    if (unshown.length > 0) reasons.push(`cites ${unshown.map((id) => `[${id}]`).join(", ")}, not among the evidence the model was shown`);
    const groups = sentence.evidence.filter((id) => !unshown.includes(id)).flatMap((id) => {
      const unit = byId.get(id);
      return unit ? [citationsOf(unit, textOf)] : [];
    });
    const citations = groups.flat();
    const verdict = verifySentence(sentence.text, citations, analysis.texts);
    reasons.push(...verdict.reasons);
    if (reasons.length === 0) out.summary.push({ text: sentence.text, citations: relevantCitations(sentence.text, groups, analysis.texts) });
    else {
      out.dropped.push({ text: sentence.text, reason: reasons.join("; ") });
      out.failed.push({ sentence, reasons });
    }
  }
  return out;
}

/**
 * The citations of a verified sentence, one group per cited unit (its representative occurrence first). Every
 * unit keeps its representative; another outlet's occurrence of the unit is kept when it can stand in for the
 * representative, so corroboration stays visible while a near-duplicate that lacks part of the sentence
 * ("talks of January 10" without "in Geneva") is not presented as support.
 */
export function relevantCitations(text: string, groups: Citation[][], texts: ReadonlyMap<string, string>): Citation[] {
  const reps = groups.map((g) => g[0]).filter((c): c is Citation => c !== undefined);
  return groups.flatMap((group, gi) =>
    group.filter((c, ci) => ci === 0 || verifySentence(text, [...reps.filter((_, j) => j !== gi), c], texts).supported),
  );
}

function stats(analysis: Analysis, inputChars: number, durationMs: number): SummaryResponse["stats"] {
  return {
    inputChars,
    sentences: analysis.sentences.length,
    uniqueSentences: analysis.units.length,
    durationMs: Math.max(0, Math.round(durationMs)),
  };
}
