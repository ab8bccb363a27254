import { extractive } from "./backends/extractive.js";
import type { CandidateSentence, LlmBackend } from "./backends/types.js";
import { InvalidRequestError } from "./errors.js";
import { analyze, type Analysis, type SourceSummary } from "./pipeline/analyze.js";
import { citationsOf } from "./pipeline/conflicts.js";
import { analyzeText, type Analyzed } from "./pipeline/features.js";
import type { Article, Citation, Conflict } from "./pipeline/types.js";
import { verificationContext, verifyClaim, type VerifyContext } from "./pipeline/verify.js";
import { cacheKey, type SummaryCache } from "./store/cache.js";
import { droppedQualifier } from "./verify/fragments.js";

export type { CandidateSentence, GeneratedSummary, LlmBackend } from "./backends/types.js";

export type BackendChoice = "auto" | "llm" | "extractive";

export interface SummarizeOptions {
  maxSentences?: number;
  backend?: BackendChoice;
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
      'backend "llm" needs an LLM: set OPENAI_API_KEY (and OPENAI_BASE_URL for a non-OpenAI server), ' +
        'or use "auto" or "extractive"',
      [{ path: ["backend"], message: "no LLM is configured" }],
    );
  }
  const useLlm = choice === "llm" || (choice === "auto" && deps.llm !== undefined);
  const inputChars = articles.reduce((n, a) => n + a.text.length, 0);

  if (!useLlm) {
    const analysis = analyze(articles);
    const judged = judge(analysis, extractive(analysis, maxSentences));
    return {
      ...judged,
      conflicts: analysis.conflicts,
      sources: analysis.sources,
      stats: stats(analysis, inputChars, now() - started),
      backend: "extractive",
    };
  }

  // The cache is asked before anything is analysed: a hit costs a hash, not the pipeline.
  const llm = deps.llm!;
  const key = deps.cache ? await cacheKey({ articles, maxSentences, model: llm.model }) : undefined;
  if (deps.cache && key) {
    const hit = (await deps.cache.get(key)) as SummaryResponse | undefined;
    if (hit)
      return { ...hit, stats: { ...hit.stats, durationMs: Math.round(now() - started) }, cached: deps.cache.kind };
  }
  const analysis = analyze(articles);
  const base = { conflicts: analysis.conflicts, sources: analysis.sources, inputChars };

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
      judged = {
        ...judged,
        dropped: judged.dropped.map((d) => ({ ...d, reason: `${d.reason} (not repaired: ${why})` })),
      };
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
  const ctx: VerifyContext = {
    ...verificationContext(analysis.texts, analysis.vocabulary, analysis.sentences),
    // A model's shortening that leaves out "allegedly" or "formerly" states more than the units it cites.
    judge: (claim, _found, quotes) => {
      const left = droppedQualifier(claim, quotes);
      return { evidence: [...quotes], reasons: left ? [left] : [] };
    },
  };
  const out: Judged = { summary: [], dropped: [], failed: [] };
  for (const sentence of candidates) {
    const reasons: string[] = [];
    const unknown = sentence.evidence.filter((id) => !byId.has(id));
    if (unknown.length > 0) reasons.push(`cites unknown evidence ${unknown.map((id) => `[${id}]`).join(", ")}`);
    const unshown = shown ? sentence.evidence.filter((id) => byId.has(id) && !shown.has(id)) : [];
    if (unshown.length > 0)
      reasons.push(`cites ${unshown.map((id) => `[${id}]`).join(", ")}, not among the evidence the model was shown`);
    const groups = sentence.evidence
      .filter((id) => !unshown.includes(id))
      .flatMap((id) => {
        const unit = byId.get(id);
        return unit ? [onePerArticle(citationsOf(unit, textOf))] : [];
      });
    const citations = groups.flat();
    const claim: Analyzed = sentence.features
      ? { text: sentence.text, features: sentence.features }
      : analyzeText(sentence.text);
    const verdict = verifyClaim(claim, citations, ctx);
    reasons.push(...verdict.reasons);
    if (reasons.length === 0) {
      out.summary.push({ text: sentence.text, citations: relevantCitations(claim, groups, ctx) });
    } else {
      out.dropped.push({ text: sentence.text, reason: reasons.join("; ") });
      out.failed.push({ sentence, reasons });
    }
  }
  return out;
}

/**
 * A unit's citations with one occurrence per article (the first, so the representative stays first): an
 * article that repeats a sentence supports it no more, and a unit repeated thousands of times (a liveblog's
 * boilerplate) would otherwise be verified thousands of times.
 */
function onePerArticle(citations: Citation[]): Citation[] {
  const seen = new Set<string>();
  return citations.filter((c) => !seen.has(c.articleId) && seen.add(c.articleId));
}

/**
 * The citations of a verified sentence, one group per cited unit (its representative occurrence first). Every
 * unit keeps its representative; another outlet's occurrence of the unit is kept when it can stand in for the
 * representative, so corroboration stays visible while a near-duplicate that lacks part of the sentence
 * ("talks of January 10" without "in Geneva") is not presented as support.
 *
 * @example
 * relevantCitations(analyzeText(text), groups, ctx) // [{ articleId: "a1", quote, start, end }, …]
 */
export function relevantCitations(claim: Analyzed, groups: Citation[][], ctx: VerifyContext): Citation[] {
  const reps = groups.map((g) => g[0]).filter((c): c is Citation => c !== undefined);
  return groups.flatMap((group, gi) => {
    // Wire copies quote the same words: one verdict per distinct quote of the group.
    const verdicts = new Map<string, boolean>();
    return group.filter((c, ci) => {
      if (ci === 0) return true;
      let ok = verdicts.get(c.quote);
      if (ok === undefined) {
        ok = verifyClaim(claim, [...reps.filter((_, j) => j !== gi), c], ctx).supported;
        verdicts.set(c.quote, ok);
      }
      return ok;
    });
  });
}

function stats(analysis: Analysis, inputChars: number, durationMs: number): SummaryResponse["stats"] {
  return {
    inputChars,
    sentences: analysis.sentences.length,
    uniqueSentences: analysis.units.length,
    durationMs: Math.max(0, Math.round(durationMs)),
  };
}
