/**
 * A tiny OpenAI-compatible chat completions server on 127.0.0.1 for end-to-end checks of the real LLM code
 * path (the worker's openai SDK calls go over the loopback network to it). It is scripted by a marker the
 * test puts in an article, `stub:<scenario>`, or by the model name `stub-<scenario>`:
 *   grounded (default)  copies up to N evidence lines as sentences citing their IDs, plus one fabricated
 *                       sentence (a changed number) that verification must drop
 *   malformed           answers text that is not JSON
 *   error500            always HTTP 500
 *   ratelimit           HTTP 429 with Retry-After: 1 once per request body, then the grounded answer
 *   hang                never answers
 * `delayMs` holds every answer that long, so a load test can see how many calls the worker keeps in flight;
 * `GET /__stats` reports `{ requests, inFlight, maxInFlight }`.
 * Run by hand: `npx tsx test/stub/openai-stub.ts 8788 [delayMs]`.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface StubRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string };
}

export interface StubStats {
  requests: number;
  inFlight: number;
  /** The most chat completion calls the stub was answering at once since it started. */
  maxInFlight: number;
}

export interface Stub {
  port: number;
  requests: StubRequest[];
  stats(): StubStats;
  close(): Promise<void>;
}

export interface StubOptions {
  /** Milliseconds before each chat completion is answered (default 0). */
  delayMs?: number;
}

function completion(model: string, content: string) {
  return {
    id: `chatcmpl-stub-${Date.now()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100 },
  };
}

function grounded(req: StubRequest): string {
  const last = req.messages[req.messages.length - 1]?.content ?? "";
  if (/failed verification/.test(last)) return JSON.stringify({ sentences: [] });
  const prompt = req.messages
    .filter((m) => m.role === "user")
    .map((m) => m.content)
    .join("\n");
  const budget = Number(/at most (\d+) sentences/.exec(prompt)?.[1] ?? 3);
  const lines = [...prompt.matchAll(/^\[([A-Za-z0-9_-]{1,16})\] (.+)$/gm)].filter(
    (m) => /\d/.test(m[2]!) && !/stub:/.test(m[2]!),
  );
  const picked = lines.slice(0, Math.max(1, budget - 1)).map((m) => ({ text: m[2]!, evidence: [m[1]!] }));
  const first = picked[0];
  const fabricated = first
    ? [{ text: first.text.replace(/\d+/, (d) => String(Number(d) + 7)), evidence: first.evidence }]
    : [];
  return JSON.stringify({ sentences: [...picked, ...fabricated] });
}

export async function startStub(port = 0, options: StubOptions = {}): Promise<Stub> {
  const requests: StubRequest[] = [];
  const limited = new Set<string>();
  const counts = { inFlight: 0, maxInFlight: 0 };
  const stats = (): StubStats => ({ requests: requests.length, ...counts });
  const server: Server = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    request.on("end", () => {
      if (request.method === "GET" && request.url === "/__stats") {
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(stats()));
        return;
      }
      if (request.method !== "POST" || !request.url?.endsWith("/chat/completions")) {
        response
          .writeHead(404, { "content-type": "application/json" })
          .end(JSON.stringify({ error: { message: "not found" } }));
        return;
      }
      let body: StubRequest;
      try {
        body = JSON.parse(raw) as StubRequest;
      } catch {
        response.writeHead(400).end();
        return;
      }
      requests.push(body);
      counts.inFlight++;
      counts.maxInFlight = Math.max(counts.maxInFlight, counts.inFlight);
      // A call stops counting when its answer is sent or the client gives up on it, whichever comes first.
      let done = false;
      const finish = () => {
        if (!done) counts.inFlight--;
        done = true;
      };
      response.on("close", finish);
      const scenario = /stub:(\w+)/.exec(raw)?.[1] ?? /^stub-(\w+)$/.exec(body.model)?.[1] ?? "grounded";
      const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        const send = () => {
          finish();
          if (!response.destroyed) {
            response.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(payload));
          }
        };
        if (options.delayMs) setTimeout(send, options.delayMs);
        else send();
      };
      switch (scenario) {
        case "hang":
          return; // Never answers; the client's deadline must end the request.
        case "error500":
          return json(500, { error: { message: "the stub always fails" } });
        case "malformed":
          return json(200, completion(body.model, "I am sorry, here is no JSON at all"));
        case "ratelimit":
          if (!limited.has(raw)) {
            limited.add(raw);
            return json(429, { error: { message: "slow down" } }, { "retry-after": "1" });
          }
          return json(200, completion(body.model, grounded(body)));
        default:
          return json(200, completion(body.model, grounded(body)));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1]?.endsWith("openai-stub.ts")) {
  const stub = await startStub(Number(process.argv[2] ?? 8788), { delayMs: Number(process.argv[3] ?? 0) });
  console.log(`OpenAI-compatible stub on http://127.0.0.1:${stub.port}/v1`);
}
