import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  PermissionDeniedError,
  RateLimitError,
} from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { LimitFunction } from "p-limit";
import { z } from "zod";
import type { LlmConfig } from "../env.js";
import { LlmError, LlmTimeoutError, WirebriefError } from "../errors.js";
import type { Analysis } from "../pipeline/analyze.js";
import type { AnalyzedUnit } from "../pipeline/types.js";
import { NEGATION_CUES } from "../pipeline/lexicon.js";
import { cosine, scoreUnits } from "./extractive.js";
import { outletsFor, renderRepairPrompt, renderSystemPrompt, renderUserPrompt } from "./prompts.js";
import type { CandidateSentence, GeneratedSummary, LlmBackend } from "./types.js";

/** The LLM's answer, as the contract's wire format fixes it. Minimal on purpose: IDs are checked later. */
export const LlmAnswerSchema = z.object({
  sentences: z.array(z.object({ text: z.string(), evidence: z.array(z.string()) })),
});

const RESPONSE_FORMAT = zodResponseFormat(LlmAnswerSchema, "summary");

/** Characters of evidence lines the user prompt may carry; beyond it the best-scored units are kept. */
export const DEFAULT_PROMPT_CHARS = 24_000;
/** Retries of one call on 429 (honouring Retry-After), 5xx and connection errors, done by the SDK. */
export const DEFAULT_MAX_RETRIES = 2;
/** The whole LLM part of a request (generation, a retry for malformed output, one repair) gets this many timeouts. */
const DEADLINE_TIMEOUTS = 3;

export interface LlmBackendOptions {
  config: LlmConfig;
  /** The one limiter for LLM calls, shared by every request (and the digest). */
  limit: LimitFunction;
  maxRetries?: number;
  promptChars?: number;
  fetch?: typeof fetch;
}

/**
 * The OpenAI-compatible backend (OpenAI, Azure, Workers AI, vLLM, Ollama, llama.cpp): shows the model the
 * evidence units as `[ID] text` lines and asks for sentences citing IDs, as `json_schema` structured output,
 * parsed tolerantly for servers that ignore `response_format`. Retries and timeouts are explicit; the whole
 * request has a hard deadline; failures become 502 `llm_error` or 504 `llm_timeout`.
 *
 * @example
 * const config = { apiKey, model: "gpt-4o-mini", timeoutMs: 30000, concurrency: 4 };
 * const llm = createLlmBackend({ config, limit: pLimit(4) });
 * await summarize(articles, { backend: "llm" }, { llm });
 */
export function createLlmBackend(options: LlmBackendOptions): LlmBackend {
  const { config } = options;
  const client = openaiClient(config, options);
  const budget = options.promptChars ?? DEFAULT_PROMPT_CHARS;

  return {
    model: config.model,
    async summarize(analysis: Analysis, maxSentences: number, signal?: AbortSignal): Promise<GeneratedSummary> {
      const deadline = new Deadline(config.timeoutMs * DEADLINE_TIMEOUTS, signal);
      const units = selectUnits(analysis, budget);
      const shown = new Set(units.map((u) => u.id));
      const system = renderSystemPrompt();
      const user = renderUserPrompt({
        units,
        outletsOf: outletsFor(analysis),
        conflicts: analysis.conflicts.map((c) => ({
          about: c.about,
          sides: c.claims.map((claim) => unitIdsCarrying(analysis, claim.text)).filter((ids) => ids.length > 0),
        })),
        maxSentences,
      });
      const usage = { promptTokens: 0, completionTokens: 0 };
      const ends = Date.now() + deadline.ms;
      let sentences: CandidateSentence[];
      try {
        const messages: ChatCompletionMessageParam[] = [
          { role: "system", content: system },
          { role: "user", content: user },
        ];
        sentences = await answer(client, config, options.limit, messages, deadline, usage);
      } finally {
        deadline.clear();
      }
      const byId = new Map(analysis.units.map((u) => [u.id, u]));
      return {
        sentences,
        shownIds: shown,
        model: config.model,
        promptChars: system.length + user.length,
        usage,
        repair: async (failed) => {
          // The repair shares the request's deadline: it gets whatever time the first answer left.
          const left = ends - Date.now();
          if (left < config.timeoutMs / 2) throw new LlmTimeoutError("no time was left for a repair request");
          const repairDeadline = new Deadline(left, signal);
          const prompt = renderRepairPrompt(
            failed.map((f) => ({
              text: f.sentence.text,
              evidence: f.sentence.evidence.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
              reasons: f.reasons,
            })),
          );
          try {
            return await answer(
              client,
              config,
              options.limit,
              [
                { role: "system", content: system },
                { role: "user", content: user },
                { role: "assistant", content: JSON.stringify({ sentences: failed.map((f) => f.sentence) }) },
                { role: "user", content: prompt },
              ],
              repairDeadline,
              usage,
            );
          } finally {
            repairDeadline.clear();
          }
        },
      };
    },
  };
}

/**
 * The SDK client for a config: always an explicit per-call timeout and retry count (`maxRetries: 0` in tests
 * that exercise faults), and a custom `fetch` for replay and recording.
 */
export function openaiClient(config: LlmConfig, options: { maxRetries?: number; fetch?: typeof fetch } = {}): OpenAI {
  return new OpenAI({
    apiKey: config.apiKey,
    ...(config.baseURL ? { baseURL: config.baseURL } : {}),
    timeout: config.timeoutMs,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/**
 * Share of the cleaned articles' characters the evidence lines may take: a prompt should cost less than
 * pasting the articles. The best-scored units are kept (central, corroborated, early, with facts), those in a
 * known disagreement always.
 */
export const EVIDENCE_SHARE = 0.47;
/** Evidence characters any article may send, however short it is next to the others. */
export const MIN_ARTICLE_SHARE = 400;
/** Below this many characters of evidence a story is small enough to be shown whole. */
export const MIN_EVIDENCE_CHARS = 3_000;

/**
 * Units for the prompt, in story order: every unit when they fit the budget, else those in a disagreement and
 * then the best-scored that fit. A near-duplicate of a unit already kept (same facts, nearly the same content
 * words: an article repeating itself) is not sent again.
 *
 * @example
 * selectUnits(analysis, 24_000).map((u) => u.id) // ["E1", "E4", …]
 */
export function selectUnits(analysis: Analysis, maxChars: number): AnalyzedUnit[] {
  const candidates = analysis.units.filter((u) => u.features.words >= 4);
  let cleanedChars = 0;
  for (const c of analysis.cleaned.values()) for (const r of c.regions) cleanedChars += r.end - r.start;
  const budget = Math.min(maxChars, Math.max(MIN_EVIDENCE_CHARS, EVIDENCE_SHARE * cleanedChars));
  const size = (u: AnalyzedUnit) => u.text.length + u.id.length + 4;
  let used = 0;
  if (candidates.reduce((n, u) => n + size(u), 0) <= budget) return dropNearDuplicates(candidates);
  const disputed = new Set(
    analysis.conflicts.flatMap((c) => c.claims.flatMap((claim) => unitIdsCarrying(analysis, claim.text))),
  );
  const { score, vectors } = scoreUnits(analysis, candidates);
  // Maximal marginal relevance, as the extractive summary picks: another outlet's wording of a fact already
  // kept is worth less than a fact not yet shown. Quoted speech and denials count extra (see `salience`).
  const n = candidates.length;
  const value = candidates.map((u, i) => score[i]! + (disputed.has(u.id) ? 1 : 0) + salience(u));
  const overlap = new Float64Array(n);
  const keep = new Set<AnalyzedUnit>();
  const kept: AnalyzedUnit[] = [];
  const out = new Uint8Array(n);
  // Each article may fill its share of the budget (by its size): one long article's paraphrases must not
  // crowd out what only another outlet reports. A unit counts against the article of its wording.
  const share = new Map<string, number>();
  for (const [id, c] of analysis.cleaned) {
    let chars = 0;
    for (const r of c.regions) chars += r.end - r.start;
    // A short article (a brief, a one-line update) may still send its best line: what only it reports counts.
    share.set(id, Math.max(MIN_ARTICLE_SHARE, (budget * chars) / Math.max(1, cleanedChars)));
  }
  const spent = new Map<string, number>();
  const owner = (u: AnalyzedUnit) => u.occurrences[0]!.articleId;
  const take = (best: number) => {
    out[best] = 1;
    const u = candidates[best]!;
    if (kept.some((k) => nearDuplicate(k, u))) return;
    keep.add(u);
    kept.push(u);
    used += size(u);
    spent.set(owner(u), (spent.get(owner(u)) ?? 0) + size(u));
    for (let i = 0; i < n; i++) {
      if (out[i] === 0) overlap[i] = Math.max(overlap[i]!, REDUNDANCY * cosine(vectors[i]!, vectors[best]!));
    }
  };
  // Every article's best line first, whatever the others weigh: what only a brief or a one-line update reports
  // must reach the model, or the summary cannot say it.
  const firstOf = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const u = candidates[i]!;
    const at = firstOf.get(owner(u));
    if (size(u) <= (share.get(owner(u)) ?? 0) && (at === undefined || value[i]! > value[at]!)) firstOf.set(owner(u), i);
  }
  for (const i of [...firstOf.values()].sort((a, b) => value[b]! - value[a]!)) take(i);
  for (;;) {
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (out[i] === 1) continue;
      const u = candidates[i]!;
      if (used + size(u) > budget || (spent.get(owner(u)) ?? 0) + size(u) > (share.get(owner(u)) ?? 0)) {
        out[i] = 1;
        continue;
      }
      if (best < 0 || value[i]! - overlap[i]! > value[best]! - overlap[best]!) best = i;
    }
    if (best < 0) break;
    take(best);
  }
  return candidates.filter((u) => keep.has(u));
}

/** How much a unit's similarity to one already kept lowers its value. */
const REDUNDANCY = 0.8;
/** Quoted words (two or more between quotation marks). */
const QUOTED = /[“"«][^”"»]*\s[^”"»]*[”"»]/u;
const SALIENCE_BONUS = 0.15;

/**
 * What a summary must not lose and the unit scores do not see: quoted speech (a summary may quote only what
 * the evidence quotes) and denials ("no plans to deploy"), whose loss reverses what a reader takes away.
 */
function salience(u: AnalyzedUnit): number {
  const quoted = QUOTED.test(u.text) ? SALIENCE_BONUS : 0;
  const denies = u.features.tokens.some((t) => NEGATION_CUES.has(t.word)) ? SALIENCE_BONUS : 0;
  return quoted + denies;
}

function dropNearDuplicates(units: AnalyzedUnit[]): AnalyzedUnit[] {
  const kept: AnalyzedUnit[] = [];
  for (const u of units) if (!kept.some((k) => nearDuplicate(k, u))) kept.push(u);
  return kept;
}

/** Same facts and content words that overlap this much: one of the two says it all. */
const NEAR_DUPLICATE = 0.7;

function nearDuplicate(a: AnalyzedUnit, b: AnalyzedUnit): boolean {
  const x = new Set(a.features.content);
  const y = new Set(b.features.content);
  let shared = 0;
  for (const k of x) if (y.has(k)) shared++;
  if (shared / Math.max(1, x.size + y.size - shared) < NEAR_DUPLICATE) return false;
  const facts = (u: AnalyzedUnit) =>
    u.features.facts
      .map((f) => f.text.trim())
      .sort()
      .join("|");
  return facts(a) === facts(b);
}

function unitIdsCarrying(analysis: Analysis, text: string): string[] {
  return analysis.units.filter((u) => u.text === text).map((u) => u.id);
}

/** A hard deadline for the LLM part of one request, also ended by the client going away. */
class Deadline {
  readonly controller = new AbortController();
  private readonly ends: number;
  private readonly timer: ReturnType<typeof setTimeout>;
  readonly ms: number;

  constructor(ms: number, outer?: AbortSignal) {
    this.ms = ms;
    this.ends = Date.now() + ms;
    this.timer = setTimeout(
      () => this.controller.abort(new LlmTimeoutError(`the LLM did not answer within ${ms} ms`)),
      ms,
    );
    outer?.addEventListener("abort", () => this.controller.abort(outer.reason), { once: true });
  }

  remaining(): number {
    return this.ends - Date.now();
  }

  /**
   * Resolves or rejects with `work`, or rejects with 504 when the deadline passes first (SDK retry sleeps cannot
   * be aborted).
   */
  race<T>(work: Promise<T>): Promise<T> {
    const signal = this.controller.signal;
    if (signal.aborted) return Promise.reject(this.timeoutError());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(this.timeoutError());
      signal.addEventListener("abort", onAbort, { once: true });
      work.then(
        (v) => {
          signal.removeEventListener("abort", onAbort);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(e);
        },
      );
    });
  }

  timeoutError(): LlmTimeoutError {
    return new LlmTimeoutError(`the LLM did not answer within ${this.ms} ms`);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

/**
 * One answer from the model, parsed and schema-checked. Malformed output is asked for once more; a server
 * that rejects `response_format` is asked again without it.
 */
async function answer(
  client: OpenAI,
  config: LlmConfig,
  limit: LimitFunction,
  messages: ChatCompletionMessageParam[],
  deadline: Deadline,
  usage: { promptTokens: number; completionTokens: number },
): Promise<CandidateSentence[]> {
  let problem = "";
  let structured = true;
  let temperature = true;
  for (let attempt = 0; attempt < 4; attempt++) {
    let content: string | null | undefined;
    try {
      const completion = await deadline.race(
        limit(() =>
          client.chat.completions.create(
            {
              model: config.model,
              messages,
              ...(temperature ? { temperature: 0 } : {}),
              ...(structured ? { response_format: RESPONSE_FORMAT } : {}),
            },
            { signal: deadline.controller.signal },
          ),
        ),
      );
      usage.promptTokens += completion.usage?.prompt_tokens ?? 0;
      usage.completionTokens += completion.usage?.completion_tokens ?? 0;
      content = completion.choices[0]?.message?.content;
    } catch (err) {
      // Servers differ in what they accept: ask again without what this one rejected (a server without
      // structured output, a reasoning model that fixes its own temperature). Malformed output is checked below.
      if (err instanceof BadRequestError && structured && /response_format|json_schema|schema/i.test(err.message)) {
        structured = false;
        continue;
      }
      if (err instanceof BadRequestError && temperature && /temperature/i.test(err.message)) {
        temperature = false;
        continue;
      }
      throw toServiceError(err, config, deadline);
    }
    const parsed = parseAnswer(content);
    if (parsed.ok) return parsed.sentences;
    if (problem !== "") break;
    problem = parsed.problem;
  }
  throw new LlmError(`the LLM answered with malformed output twice: ${problem}`);
}

/**
 * Reads the model's JSON tolerantly: code fences and prose around the object are ignored; what remains must
 * match the schema.
 *
 * @example
 * parseAnswer('Sure!\n```json\n{"sentences":[{"text":"A.","evidence":["E1"]}]}\n```')
 * // { ok: true, sentences: [{ text: "A.", evidence: ["E1"] }] }
 */
export function parseAnswer(
  content: string | null | undefined,
): { ok: true; sentences: CandidateSentence[] } | { ok: false; problem: string } {
  if (!content || content.trim() === "") return { ok: false, problem: "the answer was empty" };
  const unfenced = content.replace(/```(?:json)?/gi, "");
  const start = unfenced.indexOf("{");
  const end = unfenced.lastIndexOf("}");
  if (start < 0 || end <= start) return { ok: false, problem: "the answer contains no JSON object" };
  let json: unknown;
  try {
    json = JSON.parse(unfenced.slice(start, end + 1));
  } catch (err) {
    return { ok: false, problem: `the answer is not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  const checked = LlmAnswerSchema.safeParse(json);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return {
      ok: false,
      problem: `the answer does not match the schema (${issue?.path.join(".") || "root"}: ${issue?.message})`,
    };
  }
  return { ok: true, sentences: checked.data.sentences };
}

/** Maps SDK failures to the contract's errors; never echoes the key. */
function toServiceError(err: unknown, config: LlmConfig, deadline: Deadline): WirebriefError {
  if (err instanceof WirebriefError) return err;
  if (
    err instanceof APIUserAbortError ||
    err instanceof APIConnectionTimeoutError ||
    deadline.controller.signal.aborted
  ) {
    return deadline.timeoutError();
  }
  const where = config.baseURL ? new URL(config.baseURL).host : "the OpenAI API";
  const scrub = (s: string) => (config.apiKey.length >= 4 ? s.split(config.apiKey).join("***") : s);
  if (err instanceof AuthenticationError || err instanceof PermissionDeniedError) {
    return new LlmError(
      `the LLM server at ${where} rejected the credentials (HTTP ${err.status}); check OPENAI_API_KEY`,
    );
  }
  if (err instanceof RateLimitError) {
    return new LlmError(`the LLM server at ${where} kept rate-limiting (HTTP 429) after retries`, { retryable: true });
  }
  if (err instanceof APIConnectionError) {
    return new LlmError(`could not reach the LLM server at ${where}: ${scrub(err.message)}`, { retryable: true });
  }
  if (err instanceof APIError) {
    const status = err.status ?? "no status";
    return new LlmError(
      `the LLM server at ${where} failed (HTTP ${status}) after retries: ${scrub(err.message).slice(0, 300)}`,
      {
        retryable: typeof err.status === "number" && err.status >= 500,
      },
    );
  }
  return new LlmError(`the LLM call failed: ${scrub(err instanceof Error ? err.message : String(err)).slice(0, 300)}`);
}
