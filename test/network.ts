/**
 * The network edge for tests: an msw server standing in for an OpenAI-compatible API, and helpers that read
 * what the service sent. Answers come from fixtures in test/fixtures/llm/ (chat completions in the API's
 * recorded shape) whose evidence is written as phrases, resolved to the IDs of the prompt that asked.
 */
import { readFileSync } from "node:fs";
import { http, HttpResponse, delay } from "msw";
import { setupServer } from "msw/node";

export const LLM_BASE_URL = "https://llm.test/v1";
export const CHAT_URL = `${LLM_BASE_URL}/chat/completions`;
export const server = setupServer();

export interface SentRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
}

/** `[ID] text` lines of the user prompt, as a map from text to ID. */
export function evidenceLines(request: SentRequest): Map<string, string> {
  const prompt = request.messages
    .filter((m) => m.role === "user")
    .map((m) => m.content)
    .join("\n");
  const lines = new Map<string, string>();
  for (const m of prompt.matchAll(/^\[([A-Za-z0-9_-]{1,16})\] (.+)$/gm)) lines.set(m[2]!, m[1]!);
  return lines;
}

/**
 * The ID of the evidence line containing `phrase`; throws when the prompt has none, so a test cannot pass by
 * accident.
 */
export function idOf(request: SentRequest, phrase: string): string {
  for (const [text, id] of evidenceLines(request)) if (text.includes(phrase)) return id;
  throw new Error(`no evidence line in the prompt contains "${phrase}"`);
}

interface Fixture {
  completion: { choices: { message: { content: string | null } }[]; [k: string]: unknown };
  sentences?: { text: string; evidence: string[] }[];
}

/**
 * A chat completion from a fixture file; `{{id:phrase}}` in its sentences' evidence becomes the prompt's ID.
 * With `sentences` in the fixture, the message content is their JSON; otherwise the recorded content is used.
 */
export function completionFrom(name: string, request: SentRequest): Record<string, unknown> {
  const fixture = JSON.parse(readFileSync(new URL(`./fixtures/llm/${name}.json`, import.meta.url), "utf8")) as Fixture;
  const resolve = (e: string) => e.replace(/\{\{id:(.+?)\}\}/g, (_, phrase: string) => idOf(request, phrase));
  const completion = structuredClone(fixture.completion);
  if (fixture.sentences) {
    const sentences = fixture.sentences.map((s) => ({ text: s.text, evidence: s.evidence.map(resolve) }));
    completion.choices[0]!.message.content = JSON.stringify({ sentences });
  }
  return { ...completion, model: request.model };
}

/** Records every chat request and answers each with the next responder (the last one repeats). */
export function scriptLlm(...responders: ((request: SentRequest) => Response | Promise<Response>)[]): SentRequest[] {
  const sent: SentRequest[] = [];
  server.use(
    http.post(CHAT_URL, async ({ request }) => {
      const body = (await request.json()) as SentRequest;
      sent.push(body);
      const respond = responders[Math.min(sent.length - 1, responders.length - 1)]!;
      return respond(body);
    }),
  );
  return sent;
}

export const answer = (fixture: string) => (request: SentRequest) =>
  HttpResponse.json(completionFrom(fixture, request));
export const content = (text: string | null) => () =>
  HttpResponse.json({
    id: "chatcmpl-test",
    object: "chat.completion",
    created: 1_767_000_000,
    model: "test-model",
    choices: [
      { index: 0, message: { role: "assistant", content: text, refusal: null }, finish_reason: "stop", logprobs: null },
    ],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  });
/**
 * A retryable error (429, 5xx) for tests where the SDK retries. Its body is empty on purpose: the SDK cancels
 * an error body before retrying, and cancelling an msw-made body never resolves in msw 2.15
 * (mswjs/interceptors#799), which would hang the test instead of exercising the retry.
 */
export const retryable =
  (code: number, headers: Record<string, string> = {}) =>
  () =>
    new HttpResponse(null, { status: code, headers });
export const status =
  (
    code: number,
    headers: Record<string, string> = {},
    body: Record<string, unknown> = { error: { message: `status ${code}` } },
  ) =>
  () =>
    HttpResponse.json(body, { status: code, headers });
export const hang = () => async () => {
  await delay("infinite");
  return HttpResponse.json({});
};
