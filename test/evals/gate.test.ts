import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { Recording } from "../../evals/replay.js";
import { loadThresholds, runEvals } from "../../evals/run.js";
import { ROOT } from "../../evals/suite.js";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "wirebrief-gate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The committed seeds recording with one sentence changed by `edit`. */
function tampered(edit: (sentences: { text: string; evidence: string[] }[], rec: Recording) => void): string {
  const rec = JSON.parse(readFileSync(join(ROOT, "evals/replay/seeds.json"), "utf8")) as Recording;
  const answer = JSON.parse(rec.exchanges[0]!.content) as { sentences: { text: string; evidence: string[] }[] };
  edit(answer.sentences, rec);
  rec.exchanges[0]!.content = JSON.stringify(answer);
  const out = mkdtempSync(join(dir, "replay-"));
  writeFileSync(join(out, "seeds.json"), JSON.stringify(rec));
  return out;
}

const FABRICATED = "Russia has rallied about 150,000 troops on its border with Ukraine.";

describe("the eval gate", () => {
  it("passes on the committed recording", async () => {
    const report = await runEvals({
      backends: ["replay"],
      suites: ["seeds"],
      replayDir: join(ROOT, "evals/replay"),
      thresholds: loadThresholds(),
    });
    expect(report.results[0]!.failures).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it("fails on a replayed answer with a fabricated number and names the sentence", async () => {
    const replayDir = tampered((s) => {
      s.find((x) => x.text.includes("100,000"))!.text = FABRICATED;
    });
    const report = await runEvals({ backends: ["replay"], suites: ["seeds"], replayDir, thresholds: loadThresholds() });
    expect(report.passed).toBe(false);
    const failures = report.results[0]!.failures.join("\n");
    expect(failures).toMatch(/generatedUnsupportedRate .* above the maximum 0/);
    expect(failures).toContain(FABRICATED);
    expect(failures).toMatch(/150,000.*not in the cited evidence/);
  });

  it("fails on a wrong citation and names the sentence", async () => {
    const replayDir = tampered((s, rec) => {
      const weapons = s.find((x) => x.text.includes("offensive weapons"))!;
      const troops = s.find((x) => x.text.includes("100,000"))!;
      // Cite the troops line for the weapons sentence: every word of it exists, but not in that line.
      weapons.evidence = troops.evidence;
      void rec;
    });
    const report = await runEvals({ backends: ["replay"], suites: ["seeds"], replayDir, thresholds: loadThresholds() });
    expect(report.passed).toBe(false);
    expect(report.results[0]!.failures.join("\n")).toContain(
      "no plans to deploy offensive weapons in Ukraine, Kremlin aide Yuri Ushakov said.",
    );
  });

  it("exits non-zero from the command line, printing the sentence", async () => {
    const replayDir = tampered((s) => {
      s.find((x) => x.text.includes("100,000"))!.text = FABRICATED;
    });
    const result = await run(
      "npx",
      [
        "tsx",
        "evals/run.ts",
        "--backend",
        "replay",
        "--suite",
        "seeds",
        "--replay-dir",
        replayDir,
        "--out",
        join(dir, "out"),
      ],
      { cwd: ROOT },
    ).then(
      () => ({ code: 0, stdout: "" }),
      (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(FABRICATED);
    expect(readFileSync(join(dir, "out", "latest.md"), "utf8")).toContain(FABRICATED);
  }, 30_000);
});
