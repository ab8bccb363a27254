import { describe, expect, it } from "vitest";
import { analyzeText } from "../../src/pipeline/features.js";
import { align, evidenceIndex, sentencesIn } from "../../src/verify/align.js";

const TEXT =
  "Talks between the two sides began in Geneva on Monday. " +
  "Russian Foreign Minister Sergei Lavrov led Moscow's delegation. " +
  "The talks ended without agreement after seven hours. " +
  "Officials said another round could follow in Vienna.";
const index = evidenceIndex(new Map([["a1", TEXT]]));

describe("align", () => {
  it("cuts the articles into sentences whose offsets slice back to their text", () => {
    expect(index.sentences.length).toBe(4);
    for (const s of index.sentences) expect(TEXT.slice(s.start, s.end)).toBe(s.text);
  });

  it("finds the sentence a paraphrase restates, by its rarest shared words", () => {
    const found = align(analyzeText("Lavrov headed the Russian delegation."), index);
    const texts = found.sentences.map((s) => s.text);
    expect(texts).toEqual(["Russian Foreign Minister Sergei Lavrov led Moscow's delegation."]);
    expect(found.best).toBeGreaterThan(0.5);
  });

  it("prefers the sentence carrying the claim's number over one sharing only common words", () => {
    const found = align(analyzeText("The talks lasted seven hours."), index);
    expect(found.sentences[0]!.text).toBe("The talks ended without agreement after seven hours.");
  });

  it("carries little of a claim the articles do not make", () => {
    expect(align(analyzeText("Beijing announced new tariffs on steel."), index).best).toBeLessThan(0.3);
  });

  it("adds a second sentence only when it carries a large part of the claim the first lacks", () => {
    const claim = analyzeText("Lavrov led the delegation at talks in Geneva.");
    const two = align(claim, index, { maxSentences: 2, minGain: 0.2 });
    expect(two.sentences.length).toBe(2);
    expect(two.coverage).toBeGreaterThan(two.best);
    expect(align(claim, index, { maxSentences: 2, minGain: 0.9 }).sentences.length).toBe(1);
  });

  it("looks only at the sentences it is given when told", () => {
    const found = align(analyzeText("Lavrov led the delegation."), index, { within: new Set([0, 2]) });
    expect(found.sentences.every((s) => !s.text.includes("Lavrov"))).toBe(true);
  });

  it("picks the same sentence on a full tie whether or not it is held to sentences that include both", () => {
    // "talks" stands for "discussions" before "negotiations" does, so the carriers are not in the articles' order.
    const tied = evidenceIndex(new Map([["a1", "Officials held negotiations. Officials held talks."]]));
    const claim = analyzeText("Discussions involved officials.");
    const free = align(claim, tied).sentences.map((s) => s.text);
    expect(align(claim, tied, { within: new Set([0, 1]) }).sentences.map((s) => s.text)).toEqual(free);
    expect(align(claim, tied, { within: new Set([1, 0]) }).sentences.map((s) => s.text)).toEqual(free);
  });

  it("aligns a claim alike before and after other claims of the request filled the caches", () => {
    const text = `${TEXT} Lavrov said the seven-hour talks on Monday were useful.`;
    const fresh = () => evidenceIndex(new Map([["a1", text]]));
    const claim = analyzeText("Lavrov said the talks lasted seven hours on Monday.");
    const options = [{}, { within: new Set([1, 2]) }, { alsoCarried: new Set(["lavrov"]) }, { within: new Set([4]) }];
    const shared = fresh();
    for (const o of options) align(analyzeText("Talks in Geneva lasted 7 hours on Monday, Lavrov said."), shared, o);
    for (const o of options) expect(align(claim, shared, o)).toEqual(align(claim, fresh(), o));
  });

  it("past its work bound, still finds the sentence a claim copies behind 200 sharing only its rarest word", () => {
    const text = [
      ...Array<string>(200).fill("Zulu arrived today."),
      ...Array<string>(3000).fill("Alpha bravo charlie delta echo foxtrot golf."),
      ...Array<string>(299).fill("Hotel guests waited."),
      "Zulu alpha bravo charlie delta echo foxtrot golf hotel.",
    ].join(" ");
    const big = evidenceIndex(new Map([["a1", text]]));
    const found = align(analyzeText("Zulu alpha bravo charlie delta echo foxtrot golf hotel."), big);
    expect(found.sentences.map((s) => s.text)).toEqual(["Zulu alpha bravo charlie delta echo foxtrot golf hotel."]);
    expect(found.best).toBeCloseTo(1, 9);
  });

  it("counts a value the claim states twice once", () => {
    const once = align(analyzeText("The talks lasted seven hours."), index);
    const twice = align(analyzeText("The talks lasted seven hours, seven hours."), index);
    expect(twice.best).toBeCloseTo(once.best, 9);
  });
});

describe("sentencesIn", () => {
  it("finds the sentences a span covers and the one it starts in", () => {
    const first = index.sentences[0]!;
    const second = index.sentences[1]!;
    expect(sentencesIn(index, { articleId: "a1", start: first.start, end: second.end })).toEqual({
      inside: [0, 1],
      around: 0,
    });
    expect(sentencesIn(index, { articleId: "a1", start: first.start + 5, end: first.end })).toEqual({
      inside: [],
      around: 0,
    });
    expect(sentencesIn(index, { articleId: "other", start: 0, end: 10 })).toEqual({ inside: [] });
  });
});
