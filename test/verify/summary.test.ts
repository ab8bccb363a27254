import { describe, expect, it } from "vitest";
import { MAX_JUDGED, verifySummary } from "../../src/verify/summary.js";
import { SEEDS } from "../seeds.js";

const seed = (prefix: string) => SEEDS.find((s) => s.id.startsWith(prefix))!;
const cite = (prefix: string, quote: string) => [{ articleId: seed(prefix).id, quote }];
const judge = (items: Parameters<typeof verifySummary>[1], articles = SEEDS) =>
  verifySummary(articles, items).sentences;

describe("verifySummary against the aligned evidence", () => {
  it("returns found evidence whose offsets slice back to its quote for sentences without citations", () => {
    const [v] = judge(["Putin told Biden that any sanctions would be a colossal mistake."]);
    expect(v).toMatchObject({ supported: true, cited: false });
    for (const c of v!.citations) {
      expect(SEEDS.find((a) => a.id === c.articleId)!.text.slice(c.start, c.end)).toBe(c.quote);
    }
  });

  it("narrows a long quote to the sentence the claim restates, so a negation elsewhere in it does not count", () => {
    const text = "The talks did not produce a deal. The ministers agreed to meet again in March.";
    const citations = [{ articleId: "a1", quote: text }];
    const claim = { text: "The ministers agreed to meet again in March.", citations };
    const [v] = judge([claim], [{ id: "a1", text }]);
    expect(v).toMatchObject({ supported: true, cited: true });
  });

  it("catches a single word that reverses the meaning: “wise” for “a colossal mistake”", () => {
    const quote = "Putin told Biden that any sanctions would be a “colossal mistake”";
    const [cited, uncited] = judge([
      { text: "Putin told Biden that any sanctions would be wise.", citations: cite("004", quote) },
      "Putin told Biden that any sanctions would be wise.",
    ]);
    expect(cited!.supported).toBe(false);
    expect(cited!.reasons.join(" ")).toMatch(/says “wise” where its evidence says “colossal mistake”/);
    expect(uncited!.supported).toBe(false);
  });

  it("keeps a citer's own paraphrase of a verb that the lexicon does not know, as the checks did before", () => {
    const quote = "the Pentagon said a US aircraft carrier group would remain in the Mediterranean";
    const [v] = judge([
      {
        text: "The Pentagon said a U.S. aircraft carrier group would stay in the Mediterranean.",
        citations: cite("002", quote),
      },
    ]);
    expect(v).toMatchObject({ supported: true, cited: true });
  });

  it("reads ordinals and abbreviated months alike: “Dec. 30” = “December 30th”", () => {
    const articles = [{ id: "a1", text: "The vote was held on December 30th in Kyiv. Turnout was low." }];
    const [same, other] = judge(
      ["The vote was held on Dec. 30 in Kyiv.", "The vote was held on Dec. 31 in Kyiv."],
      articles,
    );
    expect(same!.supported).toBe(true);
    expect(other!.supported).toBe(false);
  });

  it("takes event verbs for one another: “took place”, “happened”, “began” for “was held”", () => {
    const articles = [{ id: "a1", text: "The vote was held on December 30th in Kyiv. Turnout was low." }];
    const verdicts = judge(
      [
        "The vote took place on December 30 in Kyiv.",
        "The vote happened on December 30 in Kyiv.",
        "The vote began on December 30 in Kyiv.",
      ],
      articles,
    );
    expect(verdicts.map((v) => v.supported)).toEqual([true, true, true]);
    const negated = [{ id: "a1", text: "The vote was not held on December 30th in Kyiv." }];
    expect(judge(["The vote took place on December 30 in Kyiv."], negated)[0]!.supported).toBe(false);
  });

  it("catches a passive agent changed when only one named participant is in the clause", () => {
    const quote = "the call requested by the Kremlin leader";
    const [wrong, right] = judge([
      { text: "The call was requested by the White House.", citations: cite("002", quote) },
      { text: "The call was requested by the Kremlin leader.", citations: cite("002", quote) },
    ]);
    expect(wrong!.supported).toBe(false);
    expect(wrong!.reasons.join(" ")).toMatch(/by “White House” where its evidence says by “Kremlin leader/);
    expect(right!.supported).toBe(true);
  });

  it("catches an attribute moved from one clause of the evidence to another", () => {
    const quote =
      "The Russian delegation will be led by Deputy Foreign Minister Sergei Ryabkov and the US delegation by " +
      "Deputy Secretary of State Wendy Sherman.";
    const [moved, kept] = judge([
      { text: "The Russian delegation will be led by Wendy Sherman.", citations: cite("002", quote) },
      { text: "The Russian delegation will be led by Sergei Ryabkov.", citations: cite("002", quote) },
    ]);
    expect(moved!.supported).toBe(false);
    expect(kept!.supported).toBe(true);
  });

  it("ties a description to the article's name: “Russian President Vladimir Putin … the Russian leader”", () => {
    const text =
      "Russian President Vladimir Putin arrived in Geneva on Tuesday. " +
      "The Russian leader said he was ready for talks. Crowds gathered outside.";
    const claims = ["Putin said he was ready for talks.", "Biden said he was ready for talks."];
    const [putin, biden] = judge(claims, [{ id: "a1", text }]);
    expect(putin!.supported).toBe(true);
    expect(biden!.supported).toBe(false);
  });
});

describe("an uncited item of several sentences", () => {
  const text =
    "Talks between the two sides began in Geneva on Monday. Lavrov led the Russian team. " +
    "Sherman led the American delegation.";
  const articles = [{ id: "a1", text }];

  it("is judged sentence by sentence, with the evidence of each, when pasted whole", () => {
    const [v] = judge(["Talks began in Geneva on Monday. Lavrov led the Russian team."], articles);
    expect(v).toMatchObject({ supported: true, cited: false, reasons: [] });
    expect(v!.citations.map((c) => c.quote)).toEqual([
      "Talks between the two sides began in Geneva on Monday.",
      "Lavrov led the Russian team.",
    ]);
  });

  it("is unsupported when one of its sentences is, and the reason says which", () => {
    const [v] = judge(["Talks began in Geneva on Monday. Lavrov led the American delegation."], articles);
    expect(v!.supported).toBe(false);
    expect(v!.reasons.length).toBeGreaterThan(0);
    for (const r of v!.reasons) expect(r).toMatch(/^“Lavrov led the American delegation\.”: /);
  });

  it("judges no more sentences in a request than a summary may hold: a full one keeps its items whole", () => {
    const pasted = "Talks began in Geneva on Monday. Lavrov led the Russian team.";
    expect(judge([pasted], articles)[0]!.citations).toHaveLength(2);
    const full = judge(Array(MAX_JUDGED).fill(pasted), articles);
    expect(full.every((v) => v.citations.length === 1)).toBe(true);
    const spareOne = judge([...Array(MAX_JUDGED - 2).fill("Lavrov led the Russian team."), pasted], articles);
    expect(spareOne.at(-1)!.citations).toHaveLength(2);
  });

  it("reads a tokenised, lower-case summary as its sentences", () => {
    const [v] = judge(["talks began in geneva on monday . lavrov led the russian team ."], articles);
    expect(v!.supported).toBe(true);
    expect(v!.citations).toHaveLength(2);
  });
});
