import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app.js";
import { LIMITS, SummarizeRequestSchema, VerifyRequestSchema } from "./schemas.js";

const CitationSchema = z.object({ articleId: z.string(), quote: z.string(), start: z.number().int(), end: z.number().int() });
const SummaryResponseSchema = z.object({
  summary: z.array(z.object({ text: z.string(), citations: z.array(CitationSchema) })),
  dropped: z.array(z.object({ text: z.string(), reason: z.string() })),
  conflicts: z.array(z.object({ about: z.string(), claims: z.array(z.object({ text: z.string(), citations: z.array(CitationSchema) })) })),
  sources: z.array(
    z.object({
      articleId: z.string(),
      title: z.string().optional(),
      url: z.string().optional(),
      source: z.string().optional(),
      duplicateOf: z.string().optional(),
      sentences: z.number().int(),
      uniqueSentences: z.number().int(),
    }),
  ),
  stats: z.object({
    inputChars: z.number().int(),
    promptChars: z.number().int().optional(),
    sentences: z.number().int(),
    uniqueSentences: z.number().int(),
    durationMs: z.number().int(),
  }),
  backend: z.enum(["llm", "extractive"]),
  model: z.string().optional(),
  usage: z.object({ promptTokens: z.number().int(), completionTokens: z.number().int() }).optional(),
});
const VerifyResponseSchema = z.object({
  sentences: z.array(
    z.object({
      text: z.string(),
      supported: z.boolean(),
      reasons: z.array(z.string()),
      citations: z.array(
        z.object({ articleId: z.string(), quote: z.string(), found: z.boolean(), start: z.number().int().optional(), end: z.number().int().optional() }),
      ),
    }),
  ),
  supportedCount: z.number().int(),
  unsupportedCount: z.number().int(),
});
const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });
const HealthSchema = z.object({ ok: z.literal(true), backend: z.enum(["llm", "extractive"]), model: z.string().optional() });

const json = (schema: z.ZodType) => ({ "application/json": { schema: z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) } });
const errors = Object.fromEntries(
  [
    ["400", "invalid_request: bad JSON or schema; details lists each problem with its path"],
    ["413", `payload_too_large: body over ${LIMITS.bodyBytes / 1024 / 1024} MiB`],
    ["500", "internal"],
    ["502", "llm_error: the LLM failed or kept answering badly"],
    ["504", "llm_timeout: the LLM did not answer in time"],
  ].map(([status, description]) => [status, { description, content: json(ErrorSchema) }]),
);

/** The OpenAPI document, generated from the same zod schemas that validate requests. */
export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "wirebrief",
      version: "1.0.0",
      description: "News summaries in which every sentence carries citations that trace back to the source articles.",
    },
    paths: {
      "/summarize": {
        post: {
          summary: "Summarize overlapping coverage of one story with verified citations",
          requestBody: { required: true, content: json(SummarizeRequestSchema) },
          responses: { "200": { description: "The summary", content: json(SummaryResponseSchema) }, ...errors },
        },
      },
      "/verify": {
        post: {
          summary: "Check any summary's sentences against the articles",
          requestBody: { required: true, content: json(VerifyRequestSchema) },
          responses: { "200": { description: "One verdict per sentence", content: json(VerifyResponseSchema) }, ...errors },
        },
      },
      "/healthz": { get: { summary: "Liveness and backend", responses: { "200": { description: "OK", content: json(HealthSchema) } } } },
    },
  };
}

const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wirebrief API</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}code,pre{background:#f4f4f4;padding:.1rem .3rem}pre{padding:1rem;overflow:auto}</style>
</head><body>
<h1>wirebrief API</h1>
<p>Every summary sentence carries citations <code>{ articleId, quote, start, end }</code> with
<code>article.text.slice(start, end) === quote</code>. The machine-readable description is at <a href="/openapi.json">/openapi.json</a>.</p>
<h2>POST /summarize</h2>
<pre>curl -s localhost:8787/summarize -H 'content-type: application/json' \\
  -d '{"articles":[{"id":"a1","text":"..."},{"id":"a2","text":"..."}],"maxSentences":4}'</pre>
<p>Up to ${LIMITS.articles} articles of up to ${LIMITS.textChars.toLocaleString("en-US")} characters; <code>maxSentences</code> 1–${LIMITS.maxSentences} (default 6);
<code>backend</code> "auto" | "llm" | "extractive".</p>
<h2>POST /verify</h2>
<pre>{"articles":[...],"summary":[{"text":"...","citations":[{"articleId":"a1","quote":"..."}]}]}</pre>
<p>Each sentence comes back with <code>supported</code> and readable <code>reasons</code>.</p>
<h2>GET /healthz</h2>
<h2>Errors</h2>
<p>Every error is <code>{ "error": { "code", "message", "details"? } }</code>: 400 invalid_request, 401 unauthorized,
404 not_found, 413 payload_too_large, 429 rate_limited, 502 llm_error, 504 llm_timeout, 500 internal.</p>
</body></html>`;

export const docsRoutes = new Hono<AppEnv>()
  .get("/openapi.json", (c) => c.json(openApiDocument()))
  .get("/docs", (c) => c.html(DOCS_HTML));
