import { analyzeText } from "./features.js";
import type { Article } from "./types.js";
import { verificationContext, verifyClaim, type CitationInput, type Verdict } from "./verify.js";

export interface VerifyResponse {
  sentences: Verdict[];
  supportedCount: number;
  unsupportedCount: number;
}

/**
 * `POST /verify`: judges every sentence of any summary against the articles as sent. Each claim is analysed
 * once, each cited span once however many claims cite it, and the articles' vocabulary once per request.
 *
 * @example
 * const citations = [{ articleId: "a1", quote: "talks on January 10" }];
 * verifySummary(articles, [{ text: "Talks begin January 10.", citations }])
 * // { sentences: [{ supported: true, ... }], supportedCount: 1, unsupportedCount: 0 }
 */
export function verifySummary(
  articles: Article[],
  summary: { text: string; citations: CitationInput[] }[],
): VerifyResponse {
  const ctx = verificationContext(new Map(articles.map((a) => [a.id, a.text])));
  const sentences = summary.map((s) => verifyClaim(analyzeText(s.text), s.citations, ctx));
  const supportedCount = sentences.filter((s) => s.supported).length;
  return { sentences, supportedCount, unsupportedCount: sentences.length - supportedCount };
}
