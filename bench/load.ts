/**
 * `npm run bench:load`: the worker under load, as `wrangler dev` runs it, hammered from this second process.
 *   summarize   POST /summarize, extractive, the five seeds
 *   verify      POST /verify, 20 cited sentences against the seeds (built from a /summarize answer)
 *   llm         POST /summarize through the LLM path against the OpenAI-compatible stub (answers after 200 ms,
 *               counts the calls in flight); every body differs, so the answer cache cannot hide the calls
 * Each with autocannon, 32 closed-loop clients for 20 s. Reports requests/s, p50, p99, every non-200 status,
 * the isolate's peak V8 heap (sampled through wrangler's inspector) and, for the same bodies in Node, what one
 * request allocates and what its analysis keeps alive. Writes bench/out/load.json.
 *
 * The worker is bundled once into a temporary directory and served from there (`--no-bundle`), so that an edit
 * to the tree during a run cannot make wrangler reload it: a reload answers every POST in flight with 503
 * "Your worker restarted mid-request" (see README "Under load"). Reloads are still counted; `--live` serves the
 * tree itself. Flags: `--connections N`, `--duration S`, `--only summarize,verify,llm`, `--live`.
 */
import autocannon, { type AutocannonRequest } from "autocannon";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SEEDS } from "../test/seeds.js";
import { startStub } from "../test/stub/openai-stub.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const wranglerCli = join(root, "node_modules/wrangler/bin/wrangler.js");
const QUIET_ENV = {
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_SEND_ERROR_REPORTS: "false",
  WRANGLER_HIDE_BANNER: "true",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};

export type Scenario = "summarize" | "verify" | "llm";

export interface LoadOptions {
  connections?: number;
  durationSec?: number;
  only?: Scenario[];
  /** Serve the source tree with wrangler's own bundling and watching instead of a frozen bundle. */
  live?: boolean;
  llmConcurrency?: number;
  stubDelayMs?: number;
  log?: (line: string) => void;
}

export interface LoadRow {
  scenario: Scenario;
  connections: number;
  durationSec: number;
  requests: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Every status seen, by code, 200 included. */
  statuses: Record<string, number>;
  non200: number;
  errors: number;
  timeouts: number;
  /** Times wrangler reloaded the worker during the run; any reload makes the run's non-200s meaningless. */
  reloads: number;
  /** The first few non-200 answers, cut short. */
  samples: string[];
  /** The isolate's V8 heap: before the run and its peak during it (Runtime.getHeapUsage every 100 ms). */
  heapIdleMb?: number;
  heapPeakMb?: number;
  /** Heap samples taken during the run; few means the busy isolate rarely let the inspector in. */
  heapSamples?: number;
  llm?: { calls: number; maxInFlight: number; limit: number };
}

export interface NodeHeap {
  /** Heap growth over one request with the young generation made large enough that nothing is collected. */
  summarizeAllocatedMb: number;
  verifyAllocatedMb: number;
  /** What stays reachable from the seeds' analysis, which an LLM request holds across its awaits. */
  analysisRetainedMb: number;
}

export interface LoadReport {
  date: string;
  machine: { cpus: number; model: string; node: string; loadBefore: number[]; loadAfter: number[] };
  mode: "frozen" | "live";
  rows: LoadRow[];
  nodeHeap: NodeHeap;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Bundles the worker as `wrangler deploy --dry-run` does and writes a config beside the bundle, so
 * `wrangler dev` can serve a copy that no edit to the tree can touch.
 *
 * @example
 * const config = freezeWorker(mkdtempSync(join(tmpdir(), "wb-")));
 */
export function freezeWorker(dir: string): string {
  const out = join(dir, "bundle");
  const built = spawnSync(process.execPath, [wranglerCli, "deploy", "--dry-run", "--outdir", out], {
    cwd: root,
    env: { ...process.env, ...QUIET_ENV },
    encoding: "utf8",
  });
  if (built.status !== 0) {
    throw new Error(`wrangler deploy --dry-run failed:\n${(built.stdout + built.stderr).slice(-3000)}`);
  }
  const config = readFileSync(join(root, "wrangler.toml"), "utf8")
    .replace(/^main\s*=.*$/m, 'main = "bundle/index.js"')
    .replace(/^migrations_dir\s*=.*$/m, `migrations_dir = ${JSON.stringify(join(root, "migrations"))}`);
  const path = join(dir, "wrangler.toml");
  writeFileSync(path, config);
  return path;
}

interface DevServer {
  url: string;
  inspectorPort: number;
  reloads(): number;
  output(): string;
  stop(): Promise<void>;
}

/** Process groups of the `wrangler dev`s running now, ended on Ctrl-C: being detached, they would outlive us. */
const running = new Set<number>();
let signalsHandled = false;
function endAllOnSignal() {
  if (signalsHandled) return;
  signalsHandled = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      for (const pid of running) process.kill(-pid, "SIGTERM");
      process.exit(130);
    });
  }
}

/** Starts `wrangler dev` (its own process group, so stopping it also stops its workerd) and waits for /healthz. */
async function startDev(options: { config?: string; vars: Record<string, string> }): Promise<DevServer> {
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const args = [wranglerCli, "dev", "--ip", "127.0.0.1", "--port", String(port)];
  args.push("--inspector-port", String(inspectorPort));
  if (options.config) args.push("--config", options.config, "--no-bundle");
  for (const [k, v] of Object.entries({ ENVIRONMENT: "development", ...options.vars })) args.push("--var", `${k}:${v}`);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...QUIET_ENV },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  let reloads = 0;
  const onData = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    reloads += text.split("Local server updated").length - 1;
    output = (output + text).slice(-20_000);
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  let exited = false;
  endAllOnSignal();
  if (child.pid !== undefined) running.add(child.pid);
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      if (child.pid !== undefined) running.delete(child.pid);
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited || child.pid === undefined) return;
    process.kill(-child.pid, "SIGTERM");
    await Promise.race([exit, sleep(5_000)]);
    if (!exited) process.kill(-child.pid, "SIGKILL");
  };
  for (const started = Date.now(); Date.now() - started < 90_000; await sleep(250)) {
    if (exited) throw new Error(`wrangler dev exited:\n${output.slice(-3000)}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, inspectorPort, reloads: () => reloads, output: () => output, stop };
  }
  await stop();
  throw new Error(`wrangler dev did not answer /healthz within 90 s:\n${output.slice(-3000)}`);
}

/** Samples the isolate's V8 heap through wrangler's inspector proxy; undefined when it cannot connect. */
async function heapSampler(inspectorPort: number) {
  // Node's WebSocket (undici, behind --experimental-websocket on Node 20); the part of it used here.
  type Socket = {
    addEventListener(type: "open" | "error" | "message", listener: (event: { data?: unknown }) => void): void;
    send(data: string): void;
    close(): void;
  };
  const WebSocketCtor = (globalThis as unknown as { WebSocket?: new (url: string, init?: unknown) => Socket })
    .WebSocket;
  if (!WebSocketCtor) return undefined;
  // wrangler's inspector proxy refuses connections without an allowed Origin.
  const ws = new WebSocketCtor(`ws://127.0.0.1:${inspectorPort}/ws`, { headers: { Origin: "http://localhost" } });
  const opened = await new Promise<boolean>((resolve) => {
    ws.addEventListener("open", () => resolve(true));
    ws.addEventListener("error", () => resolve(false));
    setTimeout(() => resolve(false), 5_000);
  });
  if (!opened) return undefined;
  let id = 0;
  const waiting = new Map<number, (usedSize: number | undefined) => void>();
  ws.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: { usedSize?: number } };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result?.usedSize);
    if (message.id !== undefined) waiting.delete(message.id);
  });
  const usedMb = () =>
    new Promise<number | undefined>((resolve) => {
      const mine = ++id;
      waiting.set(mine, (bytes) => resolve(bytes === undefined ? undefined : bytes / 1024 / 1024));
      ws.send(JSON.stringify({ id: mine, method: "Runtime.getHeapUsage" }));
      // The isolate answers between requests; a CPU-bound run can keep it from answering for seconds.
      setTimeout(() => resolve(undefined), 15_000);
    });
  const idle = await usedMb();
  let peak = idle ?? 0;
  let samples = 0;
  let sampling = true;
  const loop = (async () => {
    while (sampling) {
      const mb = await usedMb();
      if (mb !== undefined) {
        samples++;
        peak = Math.max(peak, mb);
      }
      await sleep(100);
    }
  })();
  return {
    async stop(): Promise<{ idleMb?: number; peakMb: number; samples: number }> {
      sampling = false;
      await loop;
      ws.close();
      return { ...(idle !== undefined ? { idleMb: round(idle) } : {}), peakMb: round(peak), samples };
    },
  };
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

async function hammer(
  server: DevServer,
  scenario: Scenario,
  request: AutocannonRequest,
  connections: number,
  durationSec: number,
): Promise<LoadRow> {
  const samples: string[] = [];
  const reloadsBefore = server.reloads();
  const sampler = await heapSampler(server.inspectorPort);
  const result = await autocannon({
    url: server.url,
    connections,
    duration: durationSec,
    timeout: 120,
    requests: [
      {
        ...request,
        onResponse: (status, body) => {
          if (status !== 200 && samples.length < 5) samples.push(`${status} ${body.slice(0, 160)}`);
        },
      },
    ],
  });
  const heap = await sampler?.stop();
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  const total = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    scenario,
    connections,
    durationSec,
    requests: total,
    requestsPerSec: round(total / durationSec),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    statuses,
    non200: total - (statuses["200"] ?? 0),
    errors: result.errors,
    timeouts: result.timeouts,
    reloads: server.reloads() - reloadsBefore,
    samples,
    ...(heap?.idleMb !== undefined ? { heapIdleMb: heap.idleMb } : {}),
    ...(heap ? { heapPeakMb: heap.peakMb, heapSamples: heap.samples } : {}),
  };
}

const JSON_HEADERS = { "content-type": "application/json" };

/** The seeds as /summarize takes them. */
export function summarizeBody(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ articles: SEEDS.map((s) => ({ id: s.id, text: s.text })), backend: "extractive", ...extra });
}

/** 20 cited sentences against the seeds, taken from a /summarize answer (repeated when it has fewer). */
async function verifyBody(url: string): Promise<string> {
  const body = summarizeBody({ maxSentences: 20 });
  const res = await fetch(`${url}/summarize`, { method: "POST", headers: JSON_HEADERS, body });
  if (!res.ok) throw new Error(`POST /summarize for the verify body answered ${res.status}: ${await res.text()}`);
  const { summary } = (await res.json()) as { summary: unknown[] };
  if (summary.length === 0) throw new Error("POST /summarize returned no sentences to verify");
  const twenty = Array.from({ length: 20 }, (_, i) => summary[i % summary.length]);
  return JSON.stringify({ articles: SEEDS.map((s) => ({ id: s.id, text: s.text })), summary: twenty });
}

/** Every LLM-path body differs by one article's title, so each request reaches the stub. */
function uniqueLlmRequest(): AutocannonRequest {
  const articles = SEEDS.map((s) => ({ id: s.id, text: s.text }));
  let n = 0;
  return {
    method: "POST",
    path: "/summarize",
    headers: JSON_HEADERS,
    setupRequest: (request) => ({
      ...request,
      body: JSON.stringify({
        articles: articles.map((a, i) => (i === 0 ? { ...a, title: `load ${n++}` } : a)),
        backend: "llm",
      }),
    }),
  };
}

/** Runs this file in a child Node whose young generation is large enough that one request is never collected. */
function nodeHeap(): NodeHeap {
  const run = spawnSync(
    process.execPath,
    ["--expose-gc", "--max-semi-space-size=512", "--import", "tsx", fileURLToPath(import.meta.url), "--heap-probe"],
    { cwd: root, encoding: "utf8" },
  );
  const line = run.stdout.split("\n").find((l) => l.startsWith("HEAP "));
  if (!line) throw new Error(`heap probe failed:\n${run.stderr.slice(-2000)}`);
  return JSON.parse(line.slice(5)) as NodeHeap;
}

async function heapProbe(): Promise<void> {
  const { analyze } = await import("../src/pipeline/analyze.js");
  const { summarize } = await import("../src/summarize.js");
  const { verifySummary } = await import("../src/verify/summary.js");
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc");
  const used = () => process.memoryUsage().heapUsed / 1024 / 1024;
  const articles = SEEDS.map((s) => ({ id: s.id, text: s.text }));
  // Warm up so that compiled code and lazily built tables are not counted as the request's.
  const warm = await summarize(articles, { backend: "extractive", maxSentences: 20 });
  verifySummary(articles, warm.summary);
  const allocated: number[] = [];
  const twenty = Array.from({ length: 20 }, (_, i) => warm.summary[i % warm.summary.length]!);
  for (const body of ["summarize", "verify"] as const) {
    const run = () =>
      body === "summarize"
        ? summarize(articles, { backend: "extractive" })
        : Promise.resolve(verifySummary(articles, twenty));
    gc();
    const before = used();
    await run();
    allocated.push(used() - before);
  }
  gc();
  const base = used();
  // Ten at once: one seeds analysis is below the heap counter's noise.
  const held = Array.from({ length: 10 }, () => analyze(articles));
  gc();
  const row: NodeHeap = {
    summarizeAllocatedMb: round(allocated[0]!, 2),
    verifyAllocatedMb: round(allocated[1]!, 2),
    analysisRetainedMb: round((used() - base) / held.length, 3),
  };
  console.log(`HEAP ${JSON.stringify(row)}`);
}

/**
 * The load bench; `bench/run.ts` can call it to put the table in its report.
 *
 * @example
 * const report = await runLoadBench({ connections: 32, durationSec: 20 });
 * report.rows.every((r) => r.non200 === 0)
 */
export async function runLoadBench(options: LoadOptions = {}): Promise<LoadReport> {
  const connections = options.connections ?? 32;
  const durationSec = options.durationSec ?? 20;
  const only = new Set<Scenario>(options.only ?? ["summarize", "verify", "llm"]);
  const limit = options.llmConcurrency ?? 4;
  const log = options.log ?? (() => {});
  const loadBefore = loadavg().map((l) => round(l, 2));
  const dir = mkdtempSync(join(tmpdir(), "wirebrief-load-"));
  const rows: LoadRow[] = [];
  try {
    const config = options.live ? undefined : freezeWorker(dir);
    if (only.has("summarize") || only.has("verify")) {
      const server = await startDev({ ...(config ? { config } : {}), vars: {} });
      try {
        if (only.has("summarize")) {
          log(`summarize: ${connections} clients, ${durationSec} s`);
          const request = { method: "POST", path: "/summarize", headers: JSON_HEADERS, body: summarizeBody() };
          rows.push(await hammer(server, "summarize", request, connections, durationSec));
        }
        if (only.has("verify")) {
          log(`verify: ${connections} clients, ${durationSec} s`);
          const body = await verifyBody(server.url);
          const request = { method: "POST", path: "/verify", headers: JSON_HEADERS, body };
          rows.push(await hammer(server, "verify", request, connections, durationSec));
        }
      } finally {
        await server.stop();
      }
    }
    if (only.has("llm")) {
      const stub = await startStub(0, { delayMs: options.stubDelayMs ?? 200 });
      const vars = {
        OPENAI_API_KEY: "x",
        OPENAI_BASE_URL: `http://127.0.0.1:${stub.port}/v1`,
        LLM_CONCURRENCY: String(limit),
      };
      const server = await startDev({ ...(config ? { config } : {}), vars });
      try {
        log(`llm: ${connections} clients, ${durationSec} s, LLM_CONCURRENCY ${limit}`);
        const row = await hammer(server, "llm", uniqueLlmRequest(), connections, durationSec);
        const s = stub.stats();
        rows.push({ ...row, llm: { calls: s.requests, maxInFlight: s.maxInFlight, limit } });
      } finally {
        await server.stop();
        await stub.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  log("heap per request in Node");
  return {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? "unknown",
      node: process.version,
      loadBefore,
      loadAfter: loadavg().map((l) => round(l, 2)),
    },
    mode: options.live ? "live" : "frozen",
    rows,
    nodeHeap: nodeHeap(),
  };
}

/** The report as a table for people. */
export function formatLoadReport(report: LoadReport): string {
  const head = ["scenario", "clients", "s", "requests", "req/s", "p50 ms", "p99 ms", "non-200", "errors", "reloads"];
  head.push("heap MB");
  const lines = report.rows.map((r) => [
    r.scenario,
    r.connections,
    r.durationSec,
    r.requests,
    r.requestsPerSec,
    r.p50Ms,
    r.p99Ms,
    r.non200 === 0
      ? "0"
      : Object.entries(r.statuses)
          .filter(([c]) => c !== "200")
          .map(([c, n]) => `${n}×${c}`)
          .join(" "),
    r.errors + r.timeouts,
    r.reloads,
    r.heapPeakMb === undefined ? "n/a" : `${r.heapIdleMb ?? "?"}→${r.heapPeakMb} (${r.heapSamples} samples)`,
  ]);
  const table = [head, ...lines].map((cells) => `| ${cells.join(" | ")} |`);
  table.splice(1, 0, `|${head.map(() => "---").join("|")}|`);
  const llm = report.rows.flatMap((r) =>
    r.llm
      ? [`LLM calls: ${r.llm.calls}, most in flight at the stub: ${r.llm.maxInFlight} (LLM_CONCURRENCY ${r.llm.limit})`]
      : [],
  );
  const h = report.nodeHeap;
  const heap = [
    `Node, one request allocates: summarize ${h.summarizeAllocatedMb} MB, verify ${h.verifyAllocatedMb} MB; ` +
      `the seeds' analysis keeps ${h.analysisRetainedMb} MB alive`,
  ];
  const m = report.machine;
  const load = `load ${m.loadBefore.join(" ")} → ${m.loadAfter.join(" ")}`;
  const machine = `${m.cpus} × ${m.model}, Node ${m.node}, ${load}`;
  return [...table, "", ...llm, ...heap, machine, `worker: ${report.mode}`].join("\n");
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes("--heap-probe")) {
    await heapProbe();
  } else {
    const report = await runLoadBench({
      connections: Number(flag("connections") ?? 32),
      durationSec: Number(flag("duration") ?? 20),
      ...(flag("only") ? { only: flag("only")!.split(",") as Scenario[] } : {}),
      live: process.argv.includes("--live"),
      log: (line) => console.log(line),
    });
    console.log(formatLoadReport(report));
    mkdirSync(join(root, "bench/out"), { recursive: true });
    writeFileSync(join(root, "bench/out/load.json"), `${JSON.stringify(report, null, 2)}\n`);
    console.log("wrote bench/out/load.json");
    const failed = report.rows.filter(
      (r) => r.non200 + r.errors + r.timeouts > 0 || (r.llm && r.llm.maxInFlight > r.llm.limit),
    );
    if (failed.length > 0) process.exitCode = 1;
  }
}
