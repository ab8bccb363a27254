import { describe, expect, it } from "vitest";
import { promptLines, remapAnswer } from "../../evals/replay.js";

describe("replay", () => {
  it("maps recorded evidence IDs to the IDs the current prompt gives the same lines", () => {
    const answer = JSON.stringify({ sentences: [{ text: "Talks begin Monday.", evidence: ["E3"] }] });
    const now = new Map([["Talks begin on Monday in Oslo.", "E7"]]);
    expect(JSON.parse(remapAnswer(answer, { E3: "Talks begin on Monday in Oslo." }, now))).toEqual({
      sentences: [{ text: "Talks begin Monday.", evidence: ["E7"] }],
    });
  });

  it("turns a line that is gone from the prompt into an unknown ID instead of citing something else", () => {
    const answer = JSON.stringify({ sentences: [{ text: "X.", evidence: ["E3"] }] });
    expect(
      JSON.parse(remapAnswer(answer, { E3: "A line that no longer exists." }, new Map())).sentences[0].evidence,
    ).toEqual(["E3-not-in-prompt"]);
  });

  it("replays a malformed recorded answer as it was", () => {
    expect(remapAnswer("not json", {}, new Map())).toBe("not json");
  });

  it("reads the [ID] lines of the user messages", () => {
    const lines = promptLines({
      model: "m",
      messages: [{ role: "user", content: "Evidence:\n[E1] One.\n    outlets: a\n[E2] Two." }],
    });
    expect([...lines]).toEqual([
      ["One.", "E1"],
      ["Two.", "E2"],
    ]);
  });
});
