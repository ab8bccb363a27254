import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import pLimit from "p-limit";
import { createLlmBackend } from "../src/backends/llm.js";
import type { LlmBackend } from "../src/summarize.js";

/**
 * A recorded LLM conversation for one suite: each exchange is the assistant's answer to one request, with the
 * text of every evidence line the answer cites, so that IDs can be mapped onto a later prompt by text.
 */
export interface Recording {
  suite: string;
  model: string;
  recordedAt: string;
  note?: string;
  exchanges: { kind: "summarize" | "repair"; evidence: Record<string, string>; content: string }[];
}

interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
}

/** `[ID] text` lines of a request's user messages, text → ID. */
export function promptLines(request: ChatRequest): Map<string, string> {
  const lines = new Map<string, string>();
  for (const m of request.messages) {
    if (m.role !== "user") continue;
    for (const line of m.content.matchAll(/^\[([A-Za-z0-9_-]{1,16})\] (.+)$/gm))
      if (!lines.has(line[2]!)) lines.set(line[2]!, line[1]!);
  }
  return lines;
}

function kindOf(request: ChatRequest): "summarize" | "repair" {
  return /failed verification/.test(request.messages[request.messages.length - 1]?.content ?? "")
    ? "repair"
    : "summarize";
}

function completion(model: string, content: string): Response {
  return new Response(
    JSON.stringify({
      id: "chatcmpl-replay",
      object: "chat.completion",
      created: 0,
      model,
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop", logprobs: null }],
      usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    }),
    { status: 200, headers: { "content-type": "application/json" } },
  );
}

/**
 * Rewrites the evidence IDs of a recorded answer to the IDs the current prompt gives the same lines. A line
 * that is no longer in the prompt becomes an ID the service does not know, so the sentence is dropped and the
 * eval shows it, rather than silently citing something else.
 */
export function remapAnswer(content: string, recorded: Record<string, string>, current: Map<string, string>): string {
  let json: { sentences?: { text: string; evidence: string[] }[] };
  try {
    json = JSON.parse(content) as typeof json;
  } catch {
    return content; // A recorded malformed answer is replayed as it was.
  }
  if (!Array.isArray(json.sentences)) return content;
  return JSON.stringify({
    ...json,
    sentences: json.sentences.map((s) => ({
      ...s,
      evidence: (s.evidence ?? []).map((id) => {
        const text = recorded[id];
        return (text !== undefined ? current.get(text) : undefined) ?? `${id}-not-in-prompt`;
      }),
    })),
  });
}

/**
 * The LLM backend answering from a recording: the real backend code (prompt rendering, parsing, mapping,
 * repair) runs; only the network is replaced, by the SDK's `fetch` option.
 *
 * @example
 * const llm = replayBackend(JSON.parse(readFileSync("evals/replay/seeds.json", "utf8")));
 * await summarize(articles, { backend: "llm" }, { llm });
 */
export function replayBackend(recording: Recording): LlmBackend {
  const byKind = {
    summarize: recording.exchanges.filter((e) => e.kind === "summarize"),
    repair: recording.exchanges.filter((e) => e.kind === "repair"),
  };
  const used = { summarize: 0, repair: 0 };
  const replayFetch = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = JSON.parse(String(init?.body)) as ChatRequest;
    const kind = kindOf(request);
    const exchange = byKind[kind][used[kind]++];
    // Nothing recorded for this request: an empty answer (a repair that fixes nothing).
    if (!exchange) return completion(request.model, JSON.stringify({ sentences: [] }));
    return completion(request.model, remapAnswer(exchange.content, exchange.evidence, promptLines(request)));
  };
  return createLlmBackend({
    config: {
      apiKey: "replay",
      baseURL: "https://replay.invalid/v1",
      model: recording.model,
      timeoutMs: 10_000,
      concurrency: 1,
    },
    limit: pLimit(1),
    maxRetries: 0,
    fetch: replayFetch as typeof fetch,
  });
}

/**
 * A fetch that passes requests to the real server and records each answer with the evidence lines it cites.
 */
export function recordingFetch(recording: Recording, inner: typeof fetch = fetch): typeof fetch {
  return (async (url: string | URL | Request, init?: RequestInit) => {
    const response = await inner(url, init);
    if (!response.ok || !init?.body) return response;
    const request = JSON.parse(String(init.body)) as ChatRequest;
    const body = (await response.clone().json()) as { choices?: { message?: { content?: string | null } }[] };
    const content = body.choices?.[0]?.message?.content ?? "";
    const lines = promptLines(request);
    const byId = new Map([...lines].map(([text, id]) => [id, text]));
    const evidence: Record<string, string> = {};
    for (const m of content.matchAll(/"([A-Za-z0-9_-]{1,16})"/g))
      if (byId.has(m[1]!)) evidence[m[1]!] = byId.get(m[1]!)!;
    recording.exchanges.push({ kind: kindOf(request), evidence, content });
    return response;
  }) as typeof fetch;
}

export function readRecording(path: string): Recording | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Recording) : undefined;
}

export function writeRecording(path: string, recording: Recording): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(recording, null, 2)}\n`);
}
