/**
 * `npm run bench:fuzz`: 10,000 generated request bodies (fast-check, seeded) against every POST route of
 * `createApp()` via `app.request`: no 5xx, every error in the contract's envelope, every citation of a 200
 * slicing back to its quote. Flags: `--runs N`, `--seed S`. Writes bench/out/fuzz.json; exits 1 on a problem.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fuzzApp, type FuzzOutcome } from "../test/http/fuzz-bodies.js";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * The fuzz run, for `bench/run.ts` to call.
 *
 * @example
 * const outcome = await runFuzzBench({ runs: 10_000, seed: 20261129 });
 */
export function runFuzzBench(
  options: { runs?: number; seed?: number; onProgress?: (done: number) => void } = {},
): Promise<FuzzOutcome> {
  return fuzzApp({
    runs: options.runs ?? 10_000,
    seed: options.seed ?? 20261129,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outcome = await runFuzzBench({
    ...(flag("runs") ? { runs: Number(flag("runs")) } : {}),
    ...(flag("seed") ? { seed: Number(flag("seed")) } : {}),
    onProgress: (done) => console.log(`${done} bodies`),
  });
  for (const [route, byStatus] of Object.entries(outcome.statuses)) {
    const counts = Object.entries(byStatus)
      .map(([status, n]) => `${status}: ${n}`)
      .join(", ");
    console.log(`${route}  ${counts}`);
  }
  const fivexx = Object.values(outcome.statuses)
    .flatMap((s) => Object.entries(s))
    .filter(([c]) => Number(c) >= 500);
  console.log(
    `${outcome.runs} bodies, seed ${outcome.seed}, ${(outcome.ms / 1000).toFixed(1)} s, ` +
      `${fivexx.reduce((n, [, k]) => n + k, 0)} 5xx, ${outcome.problems.length} problems`,
  );
  console.log("slowest bodies:");
  for (const s of outcome.slowest) {
    console.log(`  ${s.ms} ms ${s.route} ${s.status}, ${s.bodyChars} chars: ${s.body.slice(0, 100)}`);
  }
  for (const p of outcome.problems.slice(0, 20)) {
    console.log(`  ${p.route} ${p.status}: ${p.problem}\n    ${p.body.slice(0, 200)}`);
  }
  mkdirSync(join(root, "bench/out"), { recursive: true });
  writeFileSync(join(root, "bench/out/fuzz.json"), `${JSON.stringify(outcome, null, 2)}\n`);
  if (outcome.problems.length > 0) process.exitCode = 1;
}
