import { z } from "zod";

/** Limits of the contract, in one place: the schemas, the docs and the errors all read them from here. */
export const LIMITS = {
  articles: 50,
  textChars: 100_000,
  maxSentences: 20,
  /** Whole request body. 50 articles of 100,000 characters, escaped, fit with room to spare. */
  bodyBytes: 16 * 1024 * 1024,
  summarySentences: 200,
  citationsPerSentence: 100,
};

export type ArticleInput = z.infer<typeof ArticleSchema>;

export const ArticleSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, "must be 1 to 128 characters of A-Z a-z 0-9 . _ : -")
    .optional(),
  url: z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" }).optional(),
  source: z.string().max(200).optional(),
  title: z.string().max(2_000).optional(),
  publishedAt: z
    .union([z.iso.datetime({ offset: true, local: true }), z.iso.date()], {
      error: "must be an ISO 8601 date or date-time",
    })
    .optional(),
  text: z
    .string({ error: "is required and must be a string" })
    .min(1, "must not be empty")
    .max(LIMITS.textChars, `must be at most ${LIMITS.textChars.toLocaleString("en-US")} characters`),
});

/**
 * 1..50 articles whose ids are unique. `defaultIds`: an article without an id counts as "a1", "a2", … by
 * position (the summarize routes); otherwise only the ids the client chose are compared (the store derives
 * the rest from the text).
 */
function articleList<T extends z.ZodType<ArticleInput>>(item: T, defaultIds: boolean) {
  return z
    .array(item, { error: "must be an array of articles" })
    .min(1, "must contain at least one article")
    .max(LIMITS.articles, `must contain at most ${LIMITS.articles} articles`)
    .superRefine((list, ctx) => {
      const seen = new Map<string, number>();
      list.forEach((a, i) => {
        const id = a.id ?? (defaultIds ? `a${i + 1}` : undefined);
        if (id === undefined) return;
        const first = seen.get(id);
        if (first !== undefined) {
          ctx.addIssue({ code: "custom", path: [i, "id"], message: `id "${id}" is already used by article ${first}` });
        } else seen.set(id, i);
      });
    });
}

const articles = articleList(ArticleSchema.meta({ id: "Article" }), true);

export const SummarizeRequestSchema = z
  .object({
    articles,
    maxSentences: z.number().int().min(1).max(LIMITS.maxSentences).optional(),
    backend: z.enum(["auto", "llm", "extractive"]).optional(),
  })
  .meta({ id: "SummarizeRequest" });

export const VerifyRequestSchema = z
  .object({
    articles,
    summary: z
      .array(
        z.union([
          z
            .string()
            .min(1)
            .max(10_000)
            .describe(
              "a sentence without citations: the service finds its evidence (several sentences are judged one by one)",
            ),
          z.object({
            text: z.string().min(1).max(10_000),
            citations: z
              .array(
                z.object({
                  articleId: z.string().min(1).max(128),
                  quote: z.string().min(1).max(LIMITS.textChars),
                  start: z.number().int().min(0).optional(),
                  end: z.number().int().min(0).optional(),
                }),
              )
              .max(LIMITS.citationsPerSentence)
              .optional()
              .describe("absent or empty: the service finds the evidence itself and returns it with cited: false"),
          }),
        ]),
      )
      .max(LIMITS.summarySentences),
  })
  .meta({ id: "VerifyRequest" });

/** Articles with their default ids ("a1", "a2", … by position) filled in. */
export function withIds<T extends ArticleInput>(list: T[]): (T & { id: string })[] {
  return list.map((a, i) => ({ ...a, id: a.id ?? `a${i + 1}` }));
}

/** `POST /articles`: the `/summarize` article shape; the store knows an article by its URL and by its text. */
export const IngestArticleSchema = ArticleSchema.extend({
  url: ArticleSchema.shape.url.describe("absolute http(s) URL; an article whose URL is stored already is a duplicate"),
  publishedAt: ArticleSchema.shape.publishedAt.describe("ISO 8601; grouping into stories weighs articles by it"),
  text: ArticleSchema.shape.text.describe("the article as scraped; the same text (up to white space) is a duplicate"),
}).meta({ id: "IngestArticle" });

export const IngestRequestSchema = z
  .object({ articles: articleList(IngestArticleSchema, false) })
  .meta({ id: "IngestRequest" });

/** Ids of stored and generated things: never a dot, so `/digests/:id.html` stays free for the page. */
export const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

export const DigestListQuerySchema = z.object({
  limit: z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(100, "must be at most 100")
    .default(20)
    .describe("how many digests to list (1..100, default 20)"),
  before: z.iso
    .datetime({ offset: true, error: "must be an ISO 8601 date-time" })
    .optional()
    .describe("only digests created before this time: pass the last createdAt to page on"),
});

export const DigestIdParamsSchema = z.object({
  id: z.string().regex(ID_PATTERN, "must be letters, digits, _ or -").describe("the digest's id"),
});

/** `/digests/{id}.html`: the router hands the id over with its suffix. */
export const DigestPageParamsSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]+\.html$/, "must be a digest id followed by .html")
    .describe("the digest's id, then .html"),
});

// Response shapes: they validate nothing at run time, they describe the answers in /openapi.json.

export const CitationSchema = z
  .object({ articleId: z.string(), quote: z.string(), start: z.number().int(), end: z.number().int() })
  .describe("article.text.slice(start, end) === quote, in the text as the client sent it")
  .meta({ id: "Citation" });

const CitedSentence = z.object({ text: z.string(), citations: z.array(CitationSchema) });
const Dropped = z.object({ text: z.string(), reason: z.string() });
const ConflictSchema = z
  .object({ about: z.string(), claims: z.array(CitedSentence) })
  .describe("sources disagree about this")
  .meta({ id: "Conflict" });
const Backend = z.enum(["llm", "extractive"]);

export const SummaryResponseSchema = z
  .object({
    summary: z.array(CitedSentence),
    dropped: z.array(Dropped).describe("sentences the LLM wrote that failed verification"),
    conflicts: z.array(ConflictSchema),
    sources: z.array(
      z.object({
        articleId: z.string(),
        title: z.string().optional(),
        url: z.string().optional(),
        source: z.string().optional(),
        duplicateOf: z.string().optional().describe("set when this article is a copy of another"),
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
    backend: Backend,
    model: z.string().optional(),
    usage: z.object({ promptTokens: z.number().int(), completionTokens: z.number().int() }).optional(),
    cached: z.enum(["kv", "memory"]).optional().describe("served from the cache of identical LLM requests"),
  })
  .meta({ id: "SummaryResponse" });

export const VerifyResponseSchema = z
  .object({
    sentences: z.array(
      z.object({
        text: z.string(),
        supported: z.boolean(),
        reasons: z.array(z.string()),
        cited: z.boolean().describe("false when the service found the evidence itself"),
        citations: z.array(
          z.object({
            articleId: z.string(),
            quote: z.string(),
            found: z.boolean(),
            start: z.number().int().optional(),
            end: z.number().int().optional(),
          }),
        ),
      }),
    ),
    supportedCount: z.number().int(),
    unsupportedCount: z.number().int(),
  })
  .meta({ id: "VerifyResponse" });

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z
        .string()
        .describe(
          "invalid_request, unauthorized, not_found, payload_too_large, rate_limited, llm_error, llm_timeout, " +
            "unavailable, internal",
        ),
      message: z.string(),
      details: z.unknown().optional().describe("for invalid_request: each problem with its path"),
    }),
  })
  .meta({ id: "Error" });

export const HealthSchema = z
  .object({ ok: z.literal(true), backend: Backend, model: z.string().optional() })
  .meta({ id: "Health" });

export const IngestResponseSchema = z
  .object({
    stored: z.array(z.string()).describe("ids of the articles stored now"),
    duplicates: z.array(z.string()).describe("ids of already-known articles that some of the sent ones matched"),
  })
  .meta({ id: "IngestResponse" });

const Window = z.object({ from: z.string(), to: z.string() }).describe("first-seen times of the digest's articles");

export const DigestStorySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    articles: z.array(
      z.object({
        id: z.string(),
        url: z.string().optional(),
        title: z.string().optional(),
        source: z.string().optional(),
        publishedAt: z.string().optional(),
        duplicateOf: z.string().optional().describe("set on a wire copy of another member"),
      }),
    ),
    summary: z.array(CitedSentence).describe("citations point into the stored text of the story's articles"),
    conflicts: z.array(ConflictSchema),
    dropped: z.array(Dropped),
    backend: Backend,
    model: z.string().optional(),
    error: z.string().optional().describe("why the LLM was not used for this story; the next run retries it"),
  })
  .meta({ id: "DigestStory" });

export const DigestSchema = z
  .object({ id: z.string(), createdAt: z.string(), window: Window, stories: z.array(DigestStorySchema) })
  .meta({ id: "Digest" });

export const DigestRunSchema = DigestSchema.extend({
  created: z.boolean().describe("false when nothing new arrived: this is the latest digest, unchanged"),
}).meta({ id: "DigestRun" });

export const DigestListSchema = z
  .object({
    digests: z.array(z.object({ id: z.string(), createdAt: z.string(), window: Window, stories: z.number().int() })),
  })
  .meta({ id: "DigestList" });
