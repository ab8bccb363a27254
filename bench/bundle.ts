/**
 * `npm run bench:bundle`: the worker as `wrangler deploy --dry-run --outdir <tmp>` bundles it, raw and gzipped,
 * against the Workers script size limits (after compression: 3 MB on the free plan, 10 MB on paid). The whole
 * bundle is parsed and its top level run when an isolate starts, so size is also cold-start time (startup must
 * stay under 1 s); the largest inputs are listed from esbuild's metafile to show where the bytes come from.
 * Writes bench/out/bundle.json; exits 1 when over the free plan's limit.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = fileURLToPath(new URL("..", import.meta.url));
const MB = 1024 * 1024;
/** Compressed script size limits per plan (developers.cloudflare.com/workers/platform/limits/#worker-size). */
export const LIMITS_GZIP_BYTES = { free: 3 * MB, paid: 10 * MB };

export interface BundleReport {
  files: { name: string; bytes: number; gzipBytes: number }[];
  /** The script workerd loads: every module but source maps. */
  rawBytes: number;
  gzipBytes: number;
  freeLimitShare: number;
  paidLimitShare: number;
  /** Largest inputs by bytes in the output, from esbuild's metafile; grouped by package for node_modules. */
  largestInputs: { input: string; bytes: number }[];
  /**
   * Median of three fresh Node processes importing the bundle (parse, compile, run the global scope): a proxy
   * for the Workers startup limit of 1 s, since workerd runs the same V8. Undefined when Node cannot load it.
   */
  nodeStartupMs?: number;
}

/**
 * Times a fresh Node importing a bundle (median of three, ms); workerd-only imports (`cloudflare:…`) make it
 * undefined.
 *
 * @example
 * nodeStartup("/tmp/bundle/index.js") // 183
 */
export function nodeStartup(file: string): number | undefined {
  const script = "const t = performance.now(); await import(process.argv[1]); console.log(performance.now() - t);";
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script, file], { encoding: "utf8" });
    const ms = Number(run.stdout.trim());
    if (run.status !== 0 || !Number.isFinite(ms)) return undefined;
    runs.push(ms);
  }
  return Math.round(runs.sort((a, b) => a - b)[1]!);
}

function packageOf(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return m ? m[1]! : input;
}

/**
 * Bundles the worker into a temporary directory and measures it.
 *
 * @example
 * const r = runBundleBench();
 * r.gzipBytes < LIMITS_GZIP_BYTES.free
 */
export function runBundleBench(): BundleReport {
  const dir = mkdtempSync(join(tmpdir(), "wirebrief-bundle-"));
  try {
    const wrangler = join(root, "node_modules/wrangler/bin/wrangler.js");
    const built = spawnSync(
      process.execPath,
      [wrangler, "deploy", "--dry-run", "--outdir", dir, "--metafile", join(dir, "meta.json")],
      {
        cwd: root,
        encoding: "utf8",
        env: {
          ...process.env,
          WRANGLER_SEND_METRICS: "false",
          WRANGLER_SEND_ERROR_REPORTS: "false",
          WRANGLER_HIDE_BANNER: "true",
        },
      },
    );
    if (built.status !== 0) {
      throw new Error(`wrangler deploy --dry-run failed:\n${(built.stdout + built.stderr).slice(-3000)}`);
    }
    const files = readdirSync(dir)
      .filter((name) => /\.(m?js|wasm|bin|txt|html)$/.test(name) && name !== "README.md")
      .map((name) => {
        const bytes = readFileSync(join(dir, name));
        return { name, bytes: statSync(join(dir, name)).size, gzipBytes: gzipSync(bytes, { level: 9 }).length };
      });
    const rawBytes = files.reduce((n, f) => n + f.bytes, 0);
    const gzipBytes = files.reduce((n, f) => n + f.gzipBytes, 0);
    const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) as {
      outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
    };
    const byInput = new Map<string, number>();
    for (const output of Object.values(meta.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const key = packageOf(input);
        byInput.set(key, (byInput.get(key) ?? 0) + bytesInOutput);
      }
    }
    const largestInputs = [...byInput.entries()]
      .map(([input, bytes]) => ({ input, bytes }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 12);
    const startup = nodeStartup(join(dir, "index.js"));
    return {
      ...(startup !== undefined ? { nodeStartupMs: startup } : {}),
      files,
      rawBytes,
      gzipBytes,
      freeLimitShare: Number((gzipBytes / LIMITS_GZIP_BYTES.free).toFixed(3)),
      paidLimitShare: Number((gzipBytes / LIMITS_GZIP_BYTES.paid).toFixed(3)),
      largestInputs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  let r: BundleReport;
  try {
    r = runBundleBench();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
    return;
  }
  const mb = (n: number) => `${(n / MB).toFixed(2)} MB`;
  for (const f of r.files) console.log(`${f.name}: ${mb(f.bytes)} raw, ${mb(f.gzipBytes)} gzip`);
  console.log(
    `worker: ${mb(r.rawBytes)} raw, ${mb(r.gzipBytes)} gzip; ` +
      `${(r.freeLimitShare * 100).toFixed(0)}% of the free plan's 3 MB, ` +
      `${(r.paidLimitShare * 100).toFixed(0)}% of paid's 10 MB`,
  );
  console.log(`startup (fresh Node importing the bundle, median of 3): ${r.nodeStartupMs ?? "n/a"} ms; limit 1,000 ms`);
  console.log("largest inputs in the bundle:");
  for (const i of r.largestInputs) console.log(`  ${String(Math.round(i.bytes / 1024)).padStart(6)} KB  ${i.input}`);
  mkdirSync(join(root, "bench/out"), { recursive: true });
  writeFileSync(join(root, "bench/out/bundle.json"), `${JSON.stringify(r, null, 2)}\n`);
  if (r.gzipBytes > LIMITS_GZIP_BYTES.free) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
