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

export const ArticleSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, "must be 1 to 128 characters of A-Z a-z 0-9 . _ : -")
    .optional(),
  url: z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" }).optional(),
  source: z.string().max(200).optional(),
  title: z.string().max(2_000).optional(),
  publishedAt: z
    .union([z.iso.datetime({ offset: true, local: true }), z.iso.date()], { error: "must be an ISO 8601 date or date-time" })
    .optional(),
  text: z
    .string({ error: "is required and must be a string" })
    .min(1, "must not be empty")
    .max(LIMITS.textChars, `must be at most ${LIMITS.textChars.toLocaleString("en-US")} characters`),
});

const articles = z
  .array(ArticleSchema, { error: "must be an array of articles" })
  .min(1, "must contain at least one article")
  .max(LIMITS.articles, `must contain at most ${LIMITS.articles} articles`)
  .superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    list.forEach((a, i) => {
      const id = a.id ?? `a${i + 1}`;
      const first = seen.get(id);
      if (first !== undefined) {
        ctx.addIssue({ code: "custom", path: [i, "id"], message: `id "${id}" is already used by article ${first}` });
      } else seen.set(id, i);
    });
  });

export const SummarizeRequestSchema = z.object({
  articles,
  maxSentences: z.number().int().min(1).max(LIMITS.maxSentences).optional(),
  backend: z.enum(["auto", "llm", "extractive"]).optional(),
});

export const VerifyRequestSchema = z.object({
  articles,
  summary: z
    .array(
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
          .max(LIMITS.citationsPerSentence),
      }),
    )
    .max(LIMITS.summarySentences),
});

export type ArticleInput = z.infer<typeof ArticleSchema>;

/** Articles with their default ids ("a1", "a2", … by position) filled in. */
export function withIds<T extends ArticleInput>(list: T[]): (T & { id: string })[] {
  return list.map((a, i) => ({ ...a, id: a.id ?? `a${i + 1}` }));
}
