import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { halfOf, loadQags, parseQags } from "../../evals/qags/data.js";
import {
  bestSentence,
  CHECKS,
  checkOf,
  contentWords,
  qagsSuiteResult,
  renderQags,
  runQags,
  splitSentences,
  tuneThreshold,
} from "../../evals/qags/suite.js";
import { verifySentence } from "../../src/pipeline/verify.js";
import { verifySummary } from "../../src/verify/summary.js";

const dir = mkdtempSync(join(tmpdir(), "wirebrief-qags-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function line(article: string, sentences: [string, string[]][]): string {
  return JSON.stringify({
    article,
    summary_sentences: sentences.map(([sentence, votes]) => ({
      sentence,
      responses: votes.map((response, i) => ({ worker_id: `w${i}`, response })),
    })),
  });
}

describe("the QAGS data", () => {
  it("labels a sentence supported when at least two of three workers said yes", () => {
    const data = parseQags(
      "cnndm",
      line("Police said three men took the money on monday.", [
        ["Three men took the money.", ["yes", "no", "yes"]],
        ["Four men took the money.", ["no", "yes", "no"]],
      ]),
    );
    expect(data.articles[0]!.sentences.map((s) => [s.yes, s.supported])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(data.articles[0]!.text).toBe("Police said three men took the money on Monday.");
  });

  it("splits by article with a hash that does not change between runs and keeps both halves near even", () => {
    expect(halfOf("first article")).toBe("heldOut");
    expect(halfOf("second article")).toBe("tuning");
    const halves = Array.from({ length: 400 }, (_, i) => halfOf(`article number ${i}`));
    const tuning = halves.filter((h) => h === "tuning").length;
    expect(tuning).toBeGreaterThan(160);
    expect(tuning).toBeLessThan(240);
  });

  it("skips with a message that says where it looked when the files are absent", () => {
    const loaded = loadQags(join(dir, "nowhere"));
    expect("skipped" in loaded && loaded.skipped).toMatch(/mturk_cnndm\.jsonl.*--qags-dir/);
    const result = qagsSuiteResult({ dir: join(dir, "nowhere") });
    expect(result.skipped).toBeDefined();
    expect(result.failures).toEqual([]);
  });
});

describe("the QAGS measures", () => {
  it("sets the overlap threshold that best separates the tuning labels", () => {
    const items = [0.2, 0.5, 0.6].map((overlap) => ({ supported: false, overlap }));
    items.push(...[0.7, 0.9, 1].map((overlap) => ({ supported: true, overlap })));
    expect(tuneThreshold(items)).toBe(0.7);
  });

  it("aligns a claim to the article sentence that shares most of its content words", () => {
    const left = "Cox left Orient on 1 September.";
    const sentences = splitSentences(`Cox joined Brighton in 2010. “It was hard,” he said. ${left}`);
    expect(sentences).toEqual(["Cox joined Brighton in 2010.", "“It was hard,” he said.", left]);
    expect(bestSentence("Cox left Orient in September.", sentences)).toEqual({ sentence: left, overlap: 1 });
    const words = contentWords("Sarah Flower's diets are heavily processed.");
    expect(words).toEqual(["sarah", "flower", "diet", "heavily", "processed"]);
  });

  it("maps the verifier's reasons to the checks that produced them", () => {
    const articles = [{ id: "a", text: "Russia massed 100,000 troops near Kharkiv on Monday. The talks ended." }];
    // The pipeline's own checks, as a backend's sentence meets them (cited to the whole text).
    const texts = new Map(articles.map((a) => [a.id, a.text]));
    const cite = (text: string) => verifySentence(text, [{ articleId: "a", quote: articles[0]!.text }], texts);
    const verdicts = [
      cite("Russia massed 200,000 troops near Kharkiv on Monday."),
      cite("Russia massed 100,000 troops near Odesa on Monday."),
      cite("The talks did not end."),
    ];
    expect(verdicts.map((v) => [...new Set(v.reasons.map(checkOf))])).toEqual([["facts"], ["name"], ["polarity"]]);
    expect(checkOf("goes beyond its evidence: “a”, “b” not supported by the cited quotes")).toBe("content");
    expect(checkOf("quotation “we will win” does not occur in the cited evidence")).toBe("quotation");
    expect(checkOf("reverses before/after: says “before” where the evidence says “after”")).toBe("relation");
    expect(checkOf("swaps who did what to whom: “Biden” and “Putin” trade places")).toBe("roles");
    expect(checkOf("the sentence has no citation")).toBe("other");
    expect(checkOf("leaves out “formerly”, which its evidence says of “associated”")).toBe("qualifier");
    const stitchedReason = "is stitched from 4 pieces of the articles in its 8 words (“David Cameron” + “is a”)";
    expect(checkOf(`${stitchedReason}, not restated from one place`)).toBe("fragments");
    expect(checkOf("says “wise” where its evidence says “colossal mistake”: “Sanctions…”")).toBe("substitution");
  });

  it("maps the reasons of the checks against one aligned sentence to substitution and splice", () => {
    const text =
      "Police said a witness who saw the crash late on Friday near the old bridge arrested the driver. " +
      "The road reopened.";
    const verdicts = verifySummary(
      [{ id: "a", text }],
      ["Police arrested the driver.", "Police said a witness saw the crash that injured a cyclist."],
    ).sentences;
    expect(verdicts[0]!.reasons.map(checkOf)).toContain("splice");
    expect(verdicts[1]!.reasons.map(checkOf)).toContain("substitution");
  });

  it("reports every dataset, half and mode with per-check precision, and never fails", () => {
    const article = "Police said three armed men took £50,000 from a van in glasgow on monday. Nobody was hurt.";
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        line(`${article} Case ${i}.`, [
          ["Three armed men took £50,000 from a van.", ["yes", "yes", "yes"]],
          ["Four armed men took £90,000 from a bank in edinburgh.", ["no", "no", "yes"]],
        ]),
      ).join("\n");
    writeFileSync(join(dir, "mturk_cnndm.jsonl"), rows(8));
    writeFileSync(join(dir, "mturk_xsum.jsonl"), rows(6));
    const report = runQags({ dir });
    expect(report.rows).toHaveLength(16);
    for (const mode of ["cited-aligned", "uncited"]) {
      expect(report.checks.filter((c) => c.dataset === "cnndm" && c.mode === mode)).toHaveLength(CHECKS.length);
    }
    const aligned = report.rows.filter((r) => r.mode === "cited-aligned");
    expect(aligned.every((r) => r.balancedAccuracy === null || r.balancedAccuracy === 1)).toBe(true);
    expect(report.floor.note).toMatch(/floor 0\.78/);
    expect(qagsSuiteResult({ dir }).failures).toEqual([]);
  });

  it("judges only the tuning halves when asked, and then measures no floor", () => {
    const article = "Police said three armed men took £50,000 from a van in glasgow on monday. Nobody was hurt.";
    const rows = Array.from({ length: 12 }, (_, i) =>
      line(`${article} Case ${i}.`, [["Three armed men took £50,000 from a van.", ["yes", "yes", "yes"]]]),
    ).join("\n");
    writeFileSync(join(dir, "mturk_cnndm.jsonl"), rows);
    writeFileSync(join(dir, "mturk_xsum.jsonl"), rows);
    const full = runQags({ dir });
    const tuning = runQags({ dir, tuningOnly: true });
    expect(full.rows.some((r) => r.half === "heldOut")).toBe(true);
    expect(tuning.rows.some((r) => r.half === "heldOut")).toBe(false);
    expect(tuning.rows.filter((r) => r.half === "tuning")).toEqual(full.rows.filter((r) => r.half === "tuning"));
    expect(tuning.floor.heldOut).toEqual({});
    expect(renderQags(tuning, false)).not.toMatch(/heldOut|NOT MET/);
  });

  it("shows misfires on faithful sentences from the tuning half only", () => {
    const article = "Police said three armed men took £50,000 from a van in glasgow on monday.";
    const rows = Array.from({ length: 12 }, (_, i) =>
      line(`${article} Case ${i}.`, [[`Case ${i}: five armed men took £50,000 from a van.`, ["yes", "yes", "no"]]]),
    ).join("\n");
    writeFileSync(join(dir, "mturk_cnndm.jsonl"), rows);
    writeFileSync(join(dir, "mturk_xsum.jsonl"), rows);
    const report = runQags({ dir, misfires: 100 });
    const misfires = report.misfires.filter((m) => m.dataset === "cnndm");
    const tuning = parseQags("cnndm", rows).articles.filter((a) => a.half === "tuning");
    const tuningCases = tuning.map((a) => a.sentences[0]!.text);
    expect(misfires.length).toBeGreaterThan(0);
    expect(misfires.every((m) => tuningCases.includes(m.claim))).toBe(true);
    expect(misfires.find((m) => m.check === "facts")?.reasons.join(" ")).toMatch(/five/);
    expect(runQags({ dir }).misfires).toEqual([]);
  });
});
