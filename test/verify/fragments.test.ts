import { describe, expect, it } from "vitest";
import { analyzeText } from "../../src/pipeline/features.js";
import { evidenceIndex } from "../../src/verify/align.js";
import { MAX_PIECES_PER_WORD, MAX_PLACES, pieceCount, runs, stitched } from "../../src/verify/fragments.js";
import { verifySummary } from "../../src/verify/summary.js";

const indexOf = (text: string) => evidenceIndex(new Map([["a1", text]]));
const count = (claim: string, text: string, carried?: Set<string>) => {
  const index = indexOf(text);
  const c = analyzeText(claim);
  return pieceCount(c, runs(c, index.places), index.sentences, carried);
};
const supported = (claim: string, text: string) => verifySummary([{ id: "a1", text }], [claim]).sentences[0]!.supported;

describe("pieces of the articles a claim is made of", () => {
  it("counts a sentence copied whole, or shortened at either end, as one piece", () => {
    const text = "It is understood a teaching watchdog is working on cases at some schools in Birmingham.";
    expect(count("A teaching watchdog is working on cases at some schools.", text)).toBe(1);
  });

  it("counts a word the sentence has and the claim drops as a break: “charged with [orchestrating]”", () => {
    const text = "Hernandez is charged with orchestrating Lloyd's execution.";
    expect(count("Hernandez is charged with Lloyd's execution.", text)).toBe(2);
  });

  it("keeps a shortening one piece when what it drops opens with a preposition or is an aside", () => {
    expect(count("Talks began in Geneva on Monday.", "Talks between the two sides began in Geneva on Monday.")).toBe(1);
    expect(count("Bamford received the award.", "Bamford, on loan from Chelsea, received the award.")).toBe(1);
  });

  it("keeps a headline-style shortening that drops only articles one piece, but not one that drops “only”", () => {
    const text = "The Islamic extremists drove cars to a mosque in the remote village of Kwajafa.";
    expect(count("Islamic extremists drove cars to mosque in remote village of Kwajafa.", text)).toBe(1);
    const only = "Robbie Fowler is among the best strikers, with only five players scoring more goals.";
    expect(count("Robbie Fowler is among the best strikers, with five players scoring more goals.", only)).toBe(2);
  });

  it("keeps words that restate the sentence's own in one piece: event verbs, ordinals, abbreviated months", () => {
    const text = "The vote was held on December 30th in Kyiv.";
    expect(count("The vote took place on Dec. 30 in Kyiv.", text)).toBe(1);
    expect(count("The vote happened on December 30 in Kyiv.", text)).toBe(1);
  });

  it("lets a name stand for the description it replaces only when the article ties the two", () => {
    const text = "The Russian leader said he was ready for talks.";
    expect(count("Putin said he was ready for talks.", text)).toBe(2);
    expect(count("Putin said he was ready for talks.", text, new Set(["putin"]))).toBe(1);
  });

  it("counts every run from another sentence and every word of the claim's own as a piece", () => {
    const text =
      "David Cameron met voters in Leeds. Labour's coaching team is a small group. Cameron spoke for ten minutes.";
    expect(count("David Cameron is a coaching team for Cameron.", text)).toBeGreaterThanOrEqual(4);
  });

  it("starts a run in the judged sentence when an earlier sentence has one as long, however rare the word", () => {
    const text = "Police said the driver fled. Police said on Friday that a witness called an ambulance.";
    const index = indexOf(text);
    const claim = analyzeText("Police said a witness called an ambulance.");
    const found = runs(claim, index.places, { preferred: [1] });
    expect(found.map((r) => r.sentence)).toEqual([1, 1]);
    expect(pieceCount(claim, found, index.sentences)).toBe(1);
    expect(runs(claim, index.places, { within: new Set([0, 1]), preferred: [1] })[0]!.sentence).toBe(1);
  });

  it("cuts a claim alike whether its first word has a few places or more than it looks at", () => {
    const judged = "Police said on Friday that a witness called an ambulance.";
    const claim = analyzeText("Police said a witness called an ambulance.");
    for (const before of [1, MAX_PLACES + 44]) {
      const index = indexOf([...Array<string>(before).fill("Police said the driver fled."), judged].join(" "));
      const found = runs(claim, index.places, { preferred: [before] });
      expect(found.map((r) => r.sentence)).toEqual([before, before]);
      expect(pieceCount(claim, found, index.sentences)).toBe(1);
    }
  });

  it("ignores a preferred sentence that is not in the index", () => {
    const index = indexOf("Talks began in Geneva.");
    const claim = analyzeText("Talks began in Geneva.");
    expect(runs(claim, index.places, { preferred: [-1] })).toEqual([{ start: 0, end: 4, sentence: 0, from: 0 }]);
  });
});

describe("the check for a qualifier left out", () => {
  it("rejects a shortening that leaves out “formerly” or “possible”, cited or not", () => {
    const text = "Miss Witt said she was formerly associated with the activist group Femen.";
    const claim = "Miss Witt said she was associated with the activist group Femen.";
    expect(verifySummary([{ id: "a1", text }], [claim]).sentences[0]!.reasons).toEqual([
      "leaves out “formerly”, which its evidence says of “associated”",
    ]);
    const cited = verifySummary([{ id: "a1", text }], [{ text: claim, citations: [{ articleId: "a1", quote: text }] }]);
    expect(cited.sentences[0]!.supported).toBe(false);
    const watchdog = "A teaching watchdog is working on possible disciplinary cases at some schools.";
    expect(supported("A teaching watchdog is working on disciplinary cases at some schools.", watchdog)).toBe(false);
  });

  it("keeps a shortening that leaves out other words, or says a qualifier of its own in their place", () => {
    const text = "Miss Witt said she was formerly associated with the activist group Femen.";
    expect(supported("Miss Witt said she was formerly associated with Femen.", text)).toBe(true);
    expect(supported("Miss Witt said she was previously associated with the activist group Femen.", text)).toBe(true);
  });
});

describe("the stitched check", () => {
  it("names the pieces when there are more than the bound allows, and is silent on a restatement", () => {
    const text = "David Cameron met voters in Leeds. Labour's coaching team is a small group. Cameron spoke briefly.";
    const index = indexOf(text);
    const check = (claim: string) => {
      const c = analyzeText(claim);
      return stitched(c, runs(c, index.places), index.sentences);
    };
    expect(check("David Cameron is a coaching team for Cameron.")).toMatch(
      /^is stitched from \d+ pieces of the articles in its 8 words \(“David Cameron” \+/,
    );
    expect(check("David Cameron met voters.")).toBeUndefined();
    expect(MAX_PIECES_PER_WORD).toBeGreaterThan(0);
  });

  it("rejects an uncited sentence stitched from two sentences and keeps the faithful shortening", () => {
    const text =
      "Police said a witness who saw the crash on Friday called an ambulance. Officers arrested the driver at home.";
    expect(supported("Police said a witness called an ambulance.", text)).toBe(true);
    expect(supported("A witness arrested the driver on Friday.", text)).toBe(false);
  });

  it("keeps an uncited shortening whose opening words an earlier sentence also writes", () => {
    const text = "Police said the driver fled. Police said on Friday that a witness called an ambulance.";
    expect(supported("Police said a witness called an ambulance.", text)).toBe(true);
  });

  it("names no pieces when the claim copies none of the articles' words", () => {
    const index = indexOf("Talks began in Geneva.");
    const claim = analyzeText("Zork blarg fnord.");
    const reason = stitched(claim, runs(claim, index.places), index.sentences);
    expect(reason).toBe("is stitched from 3 pieces of the articles in its 3 words, not restated from one place");
  });
});
