import { describe, expect, it } from "vitest";
import { segment } from "../../src/pipeline/segment.js";

const split = (text: string) => segment("a1", text, [{ start: 0, end: text.length, kind: "body" }]).map((s) => s.text);

describe("segment", () => {
  it("repairs ICU's breaks after titles, initials and time abbreviations", () => {
    expect(split("Mr. Smith met Gen. Jones and George W. Bush at 3 p.m. (2000 GMT). It went well.")).toEqual([
      "Mr. Smith met Gen. Jones and George W. Bush at 3 p.m. (2000 GMT).",
      "It went well.",
    ]);
  });

  it("joins after U.S. and Dec. unless the next word opens a new sentence", () => {
    expect(split("The U.S. Secretary spoke on Dec. 7. He thanked the U.S. The talks went on.")).toEqual([
      "The U.S. Secretary spoke on Dec. 7.",
      "He thanked the U.S.",
      "The talks went on.",
    ]);
  });

  it("ends a sentence of tokenised text at a full stop written apart, lower case after it or not", () => {
    expect(split("paul merson had a dig at townsend . the midfielder replied . . . and left . Then he spoke")).toEqual([
      "paul merson had a dig at townsend .",
      "the midfielder replied . . . and left .",
      "Then he spoke",
    ]);
    expect(split("The U.S. team won on jan. 5 in geneva.")).toEqual(["The U.S. team won on jan. 5 in geneva."]);
  });

  it("gives every sentence offsets such that text.slice(start, end) is the sentence", () => {
    const text = "  First one.  Second one!\nThird?";
    for (const s of segment("a1", text, [{ start: 0, end: text.length, kind: "body" }])) {
      expect(text.slice(s.start, s.end)).toBe(s.text);
    }
  });
});
