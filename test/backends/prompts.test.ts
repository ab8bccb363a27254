import { describe, expect, it } from "vitest";
import { generatePromptsModule, readPromptFiles } from "../../scripts/build-prompts.js";
import { fill, renderRepairPrompt, renderSystemPrompt, renderUserPrompt } from "../../src/backends/prompts.js";
import type { EvidenceUnit } from "../../src/pipeline/types.js";
import { readFileSync } from "node:fs";

const unit = (id: string, text: string, sources = 1): EvidenceUnit => ({
  id,
  text,
  occurrences: [{ articleId: "a1", start: 0, end: text.length }],
  independentSources: sources,
});

describe("prompts", () => {
  it("bundles exactly the files in prompts/ (run `npm run prompts` after editing them)", () => {
    const generated = readFileSync(new URL("../../src/backends/prompts.generated.ts", import.meta.url), "utf8");
    expect(generated).toBe(generatePromptsModule(readPromptFiles()));
  });

  it("renders the system prompt from its file", () => {
    expect(renderSystemPrompt()).toBe(readPromptFiles().system!.trimEnd());
  });

  it("renders the user prompt with a source legend, [ID] lines grouped by sources, conflicts and the budget", () => {
    const text = renderUserPrompt({
      units: [
        unit("E1", "Talks begin on Monday in Oslo.", 2),
        unit("E2", "Talks begin on\nTuesday in Oslo."),
        unit("E3", "Oslo hosts the talks.", 2),
      ],
      outletsOf: (u) => (u.id === "E2" ? ["Reuters"] : ["AP", "AFP"]),
      conflicts: [{ about: "talks in Oslo: Monday or Tuesday", sides: [["E1"], ["E2"]] }],
      maxSentences: 3,
    });
    expect(text).toBe(`Write a summary of this story in at most 3 sentences.

Rules:
- Cite, in "evidence", the IDs of the lines each sentence is based on (for example ["E3", "E7"]).
- Add nothing that the cited lines do not say. Prefer facts that several independent sources carry.
- Where outlets disagree (see "Disagreements"), state the disagreement as such and cite both sides.
- Do not copy the lines word for word when a shorter sentence says the same; do not quote words that are not
  quoted in the evidence.

Evidence: 3 lines quoted from the articles, grouped under the sources that carry them (copies of one
wire story count as one independent source).
Sources: S1 = AP; S2 = AFP; S3 = Reuters

From S1 + S2 (2 independent sources):
[E1] Talks begin on Monday in Oslo.
[E3] Oslo hosts the talks.

From S3 (1 independent source):
[E2] Talks begin on Tuesday in Oslo.

Disagreements:
- talks in Oslo: Monday or Tuesday: [E1] versus [E2]

Answer with JSON only, in this shape:
{"sentences": [{"text": "One sentence of the summary.", "evidence": ["E1"]}]}`);
  });

  it("says when there are no disagreements", () => {
    const text = renderUserPrompt({
      units: [unit("E1", "A fact here.")],
      outletsOf: () => ["a1"],
      conflicts: [],
      maxSentences: 1,
    });
    expect(text).toContain("Disagreements:\n(none found)");
  });

  it("renders the repair prompt with each failure's problems and cited lines", () => {
    const text = renderRepairPrompt([
      {
        text: "Talks begin on Friday.",
        evidence: [unit("E1", "Talks begin on Monday in Oslo.")],
        reasons: ["day “Friday” is not in the cited evidence"],
      },
      { text: "NATO will act.", evidence: [], reasons: ["the sentence has no citation"] },
    ]);
    expect(text).toBe(`Some sentences of your summary failed verification against the evidence they cite.
Rewrite each one so that it states only what its cited evidence says, citing the right lines, or leave it out.
Do not add sentences about anything else.

Sentence 1: Talks begin on Friday.
Problems: day “Friday” is not in the cited evidence
Cited evidence:
[E1] Talks begin on Monday in Oslo.

Sentence 2: NATO will act.
Problems: the sentence has no citation
Cited evidence:
(none: cite the lines that support it)

Answer with JSON only, in this shape:
{"sentences": [{"text": "The corrected sentence.", "evidence": ["E1"]}]}`);
  });

  it("refuses a placeholder without a value instead of rendering it empty", () => {
    expect(() => fill("Hello {{name}}", {})).toThrow(/\{\{name\}\}/);
  });
});
