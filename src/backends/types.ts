import type { Analysis } from "../pipeline/analyze.js";
import type { Features } from "../pipeline/features.js";

/** A sentence a backend proposes, citing evidence units by ID (the LLM wire format's shape). */
export interface CandidateSentence {
  text: string;
  evidence: string[];
  /** The text's analysis when the backend has it already (extractive: its unit's), so it is not made twice. */
  features?: Features;
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
