/**
 * Generated request bodies for every POST route of the app, valid and nearly valid: real and random articles,
 * unicode, huge and empty strings, wrong types, extra fields, deep nesting, citations with bad offsets, bodies
 * that are not JSON. `fuzzApp` sends them through `app.request` and checks what no answer may break: no 5xx,
 * every error in the contract's envelope, every citation of a 200 slicing back to its quote. Used by
 * test/http/fuzz.test.ts (a few hundred bodies) and bench/fuzz.ts (10,000).
 */
import fc from "fast-check";
import { createApp } from "../../src/http/app.js";
import { SEEDS } from "../seeds.js";

const ERROR_CODES: Record<string, number> = {
  invalid_request: 400,
  unauthorized: 401,
  not_found: 404,
  payload_too_large: 413,
  rate_limited: 429,
  llm_error: 502,
  llm_timeout: 504,
  internal: 500,
};

const seedSentences = SEEDS.flatMap((s) => s.text.split(/(?<=[.!?])\s+/)).filter((s) => s.length > 0);

/** Texts from the plausible to the hostile; the huge ones stay rare so 10,000 bodies run in minutes. */
const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SEEDS.map((s) => s.text)) },
  {
    weight: 4,
    arbitrary: fc.array(fc.constantFrom(...seedSentences), { minLength: 1, maxLength: 30 }).map((l) => l.join(" ")),
  },
  { weight: 3, arbitrary: fc.lorem({ mode: "sentences", maxCount: 20 }) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 400 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 400 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("", " ", "\n\n\n", "\u0000", "\uFEFF", "\uD800", "😀".repeat(50), ".".repeat(500)),
  },
  { weight: 1, arbitrary: fc.array(fc.integer(), { maxLength: 300 }).map((n) => n.join(" ")) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom("a", "word ", "The 3 ministers met. ", "\u00e9", "\u200b", "12 "),
        fc.integer({ min: 1_000, max: 100_001 }),
      )
      .map(([unit, chars]) => unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars)),
  },
);

const id = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{1,12}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 140 }) },
  { weight: 1, arbitrary: fc.constantFrom("", "a1", "x".repeat(129), "a b", "ü") },
);

/** Any JSON value, some deeply nested: where a string or object is expected, the wrong type goes instead. */
const wrong: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 1, max: 2_000 }).map((depth) => {
    let v: unknown = "deep";
    for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { v };
    return v;
  }),
);

const maybe = <T>(arb: fc.Arbitrary<T>, freq = 3) => fc.option(arb, { nil: undefined, freq });
/** The value's own kind five times in six, else a wrong one. */
const mostly = (arb: fc.Arbitrary<unknown>) => fc.oneof({ weight: 5, arbitrary: arb }, { weight: 1, arbitrary: wrong });

/** An article the schema accepts: ids (when present) unique by position, every field within its limits. */
const validArticles = fc
  .array(
    fc.record(
      {
        url: maybe(fc.webUrl()),
        source: maybe(fc.string({ maxLength: 60 })),
        title: maybe(fc.string({ maxLength: 80 })),
        publishedAt: maybe(fc.constantFrom("2026-03-03", "2026-03-03T08:00:00Z", "2026-03-03T08:00:00+01:00")),
        text: text.filter((t) => t.length >= 1 && t.length <= 100_000),
        named: fc.boolean(),
      },
      { requiredKeys: ["text", "named"] },
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((list) => list.map(({ named, ...a }, i) => (named ? { id: `n${i}.x`, ...a } : a)));

/** Nearly an article: any field may be of the wrong kind, out of bounds, or joined by one the schema lacks. */
const nearArticle = fc
  .record(
    {
      id: maybe(id),
      url: maybe(fc.oneof(fc.webUrl(), fc.string({ maxLength: 40 }))),
      source: maybe(fc.oneof(fc.string({ maxLength: 60 }), fc.constant("x".repeat(201)))),
      title: maybe(fc.string({ maxLength: 80 })),
      publishedAt: maybe(fc.oneof(fc.constantFrom("2026-03-03", "yesterday"), fc.string({ maxLength: 20 }))),
      text,
      extra: maybe(wrong, 5),
    },
    { requiredKeys: ["text"] },
  )
  .chain((a) => fc.oneof({ weight: 9, arbitrary: fc.constant<unknown>(a) }, { weight: 1, arbitrary: wrong }));

const articles: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 10, arbitrary: validArticles },
  { weight: 6, arbitrary: fc.array(nearArticle, { minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.array(nearArticle, { minLength: 0, maxLength: 60 }) },
  { weight: 1, arbitrary: wrong },
);

const offset = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0, max: 30_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(2 ** 31, Number.MAX_SAFE_INTEGER, -1, 0.5) },
);

/**
 * A citation whose quote is cut from a seed (or is random), with offsets absent, wrong, past the end,
 * reversed, and now and then not whole numbers at all.
 */
const citation = fc.record(
  {
    articleId: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...SEEDS.map((s) => s.id)) },
      { weight: 1, arbitrary: id },
    ),
    quote: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...seedSentences).map((s) => s.slice(0, 80)) },
      { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 60 }) },
      { weight: 1, arbitrary: fc.constant("") },
    ),
    start: maybe(offset),
    end: maybe(offset),
    extra: maybe(wrong, 20),
  },
  { requiredKeys: ["articleId", "quote"] },
);

const summarySentence = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...seedSentences) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 200 }) },
  {
    weight: 30,
    arbitrary: fc.record({
      text: fc.oneof(fc.constantFrom(...seedSentences), fc.string({ maxLength: 200 })),
      citations: maybe(fc.array(citation, { maxLength: 3 }), 20),
    }),
  },
  { weight: 1, arbitrary: wrong },
);

const summarizeBody = fc.record(
  {
    articles,
    maxSentences: maybe(mostly(fc.integer({ min: -2, max: 25 }))),
    backend: maybe(mostly(fc.constantFrom("auto", "llm", "extractive", "gpt"))),
    extra: maybe(wrong, 8),
  },
  { requiredKeys: ["articles"] },
);

/** The seeds with a summary the schema accepts, its citations right, off, reversed or past the end. */
const seedsVerifyBody = fc.record({
  articles: fc.constant(SEEDS.map((a) => ({ id: a.id, text: a.text }))),
  summary: fc.array(
    fc.record({
      text: fc.oneof(fc.constantFrom(...seedSentences), fc.string({ minLength: 1, maxLength: 200 })),
      citations: fc.array(
        fc.record(
          {
            articleId: fc.constantFrom(...SEEDS.map((a) => a.id)),
            quote: fc.constantFrom(...seedSentences).map((q) => q.slice(0, 80)),
            start: maybe(fc.integer({ min: 0, max: 30_000 })),
            end: maybe(fc.integer({ min: 0, max: 30_000 })),
          },
          { requiredKeys: ["articleId", "quote"] },
        ),
        { maxLength: 3 },
      ),
    }),
    { maxLength: 20 },
  ),
});

const nearVerifyBody = fc.record(
  {
    articles,
    summary: fc.oneof(
      { weight: 12, arbitrary: fc.array(summarySentence, { maxLength: 12 }) },
      { weight: 1, arbitrary: wrong },
    ),
    extra: maybe(wrong, 8),
  },
  { requiredKeys: ["articles", "summary"] },
);

const verifyBody = fc.oneof(seedsVerifyBody, nearVerifyBody);

/** A raw request body for `route`: mostly JSON of the route's shape, sometimes not JSON at all. */
function bodyFor(route: string): fc.Arbitrary<{ body: string; contentType: string }> {
  const shape =
    route === "/summarize" ? summarizeBody : route === "/verify" ? verifyBody : fc.oneof(summarizeBody, verifyBody);
  return fc.oneof(
    { weight: 20, arbitrary: shape.map((v) => ({ body: JSON.stringify(v), contentType: "application/json" })) },
    {
      weight: 1,
      arbitrary: fc.record({
        body: fc.oneof(
          fc.string({ maxLength: 100 }),
          shape.map((v) => JSON.stringify(v).slice(0, 50)),
          fc.constantFrom("", "null", "[]", "{"),
        ),
        contentType: fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", ""),
      }),
    },
  );
}

export interface FuzzProblem {
  route: string;
  status: number;
  problem: string;
  /** The body that caused it, cut to 500 characters. */
  body: string;
}

export interface FuzzOutcome {
  runs: number;
  seed: number;
  ms: number;
  /** The slowest bodies: where the pipeline's cost is not bounded yet, it shows here first. */
  slowest: { route: string; status: number; ms: number; bodyChars: number; body: string }[];
  /** Answers by route and status. */
  statuses: Record<string, Record<string, number>>;
  problems: FuzzProblem[];
}

interface CitationLike {
  articleId?: unknown;
  quote?: unknown;
  start?: unknown;
  end?: unknown;
  found?: unknown;
}

/** What a 200 may not break: every returned citation with offsets slices the article as sent to its quote. */
function citationProblem(sent: unknown, answer: unknown): string | undefined {
  const list = (sent as { articles?: unknown }).articles;
  if (!Array.isArray(list)) return undefined;
  const texts = new Map<string, string>(
    list.map((a, i) => [String((a as { id?: unknown }).id ?? `a${i + 1}`), String((a as { text?: unknown }).text)]),
  );
  const a = answer as { summary?: { citations?: CitationLike[] }[]; sentences?: { citations?: CitationLike[] }[] };
  const cited = [...(a.summary ?? []), ...(a.sentences ?? [])].flatMap((s) => s.citations ?? []);
  for (const c of cited) {
    if (c.found === false || typeof c.start !== "number" || typeof c.end !== "number") continue;
    const text = texts.get(String(c.articleId));
    if (text === undefined) return `citation names unknown article ${String(c.articleId)}`;
    if (text.slice(c.start, c.end) !== c.quote) {
      return `citation [${c.start}, ${c.end}) of ${String(c.articleId)} does not slice to its quote`;
    }
  }
  return undefined;
}

function envelopeProblem(status: number, answer: unknown): string | undefined {
  const e = (answer as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (!e || typeof e.code !== "string" || typeof e.message !== "string" || e.message.length === 0) {
    return "error is not in the envelope";
  }
  if (Object.keys(answer as object).length !== 1) return "error envelope has keys besides error";
  if (ERROR_CODES[e.code] !== status) return `error code ${e.code} does not belong to status ${status}`;
  if (/\n\s+at /.test(JSON.stringify(answer))) return "error carries a stack trace";
  return undefined;
}

/**
 * Sends `runs` generated bodies (seeded, so a run can be repeated) to the app's POST routes and returns every
 * broken rule found; an empty `problems` is the pass.
 *
 * @example
 * const outcome = await fuzzApp({ runs: 300, seed: 8 });
 * outcome.problems // []
 */
export async function fuzzApp(options: {
  runs: number;
  seed: number;
  onProgress?: (done: number) => void;
}): Promise<FuzzOutcome> {
  const app = createApp();
  const env = { ENVIRONMENT: "test" };
  const posts = app.routes.filter((r) => r.method === "POST" && !r.path.includes(":"));
  const routes = [...new Set(posts.map((r) => r.path))];
  const statuses: Record<string, Record<string, number>> = {};
  const problems: FuzzProblem[] = [];
  const slowest: FuzzOutcome["slowest"] = [];
  let done = 0;
  const started = performance.now();
  const request = fc.constantFrom(...routes).chain((route) => bodyFor(route).map((b) => ({ route, ...b })));
  await fc.assert(
    fc.asyncProperty(request, async ({ route, body, contentType }) => {
      const headers: Record<string, string> = contentType ? { "content-type": contentType } : {};
      const sent = performance.now();
      const res = await app.request(route, { method: "POST", headers, body }, env);
      const ms = Math.round(performance.now() - sent);
      if (slowest.length < 5 || ms > slowest[slowest.length - 1]!.ms) {
        slowest.push({ route, status: res.status, ms, bodyChars: body.length, body: body.slice(0, 300) });
        slowest.sort((x, y) => y.ms - x.ms).splice(5);
      }
      if (++done % 500 === 0) options.onProgress?.(done);
      const byRoute = (statuses[route] ??= {});
      byRoute[res.status] = (byRoute[res.status] ?? 0) + 1;
      const raw = await res.text();
      let answer: unknown;
      try {
        answer = JSON.parse(raw);
      } catch {
        problems.push({ route, status: res.status, problem: "answer is not JSON", body: body.slice(0, 500) });
        return;
      }
      let problem: string | undefined;
      if (res.status >= 500) problem = `answered ${res.status}: ${raw.slice(0, 200)}`;
      else if (res.status >= 300) problem = envelopeProblem(res.status, answer);
      else problem = citationProblem(JSON.parse(body), answer);
      if (problem) problems.push({ route, status: res.status, problem, body: body.slice(0, 500) });
    }),
    { numRuns: options.runs, seed: options.seed, endOnFailure: true },
  );
  const ms = Math.round(performance.now() - started);
  return { runs: options.runs, seed: options.seed, ms, slowest, statuses, problems };
}
