import { describe, expect, it } from "vitest";
import { verifySentence } from "../../src/pipeline/verify.js";
import { loadAdversarialSuite, type ClaimCase } from "../../evals/suite.js";
import { SEEDS } from "../seeds.js";

const { calibration: CLAIMS, heldOut: HELD_OUT, probes: PROBES } = loadAdversarialSuite();
const articles = new Map(SEEDS.map((s) => [s.id, s.text]));
const judge = (c: ClaimCase) => verifySentence(c.claim, c.cites, articles);

describe("verify: the calibration claim set", () => {
  it("has at least 40 claims of both kinds", () => {
    expect(CLAIMS.length).toBeGreaterThanOrEqual(40);
    expect(CLAIMS.filter((c) => c.supported).length).toBeGreaterThanOrEqual(15);
    expect(CLAIMS.filter((c) => !c.supported).length).toBeGreaterThanOrEqual(25);
  });

  for (const c of CLAIMS) {
    const verb = c.supported ? "keeps" : "catches";
    it(`${verb} (${c.kind}): ${c.claim}`, () => {
      const v = judge(c);
      expect(v.supported, v.reasons.join("; ")).toBe(c.supported);
      if (!c.supported) expect(v.reasons.length).toBeGreaterThan(0);
    });
  }
});

describe("verify: the held-out claim set", () => {
  // Written after the checks were tuned, scored once before any change (28/33), then 30/33 after two general
  // fixes. The three misses are listed in the README; the floor is what was measured, never lowered.
  it("judges at least 30 of the 33 held-out claims correctly", () => {
    const wrong = HELD_OUT.filter((c) => judge(c).supported !== c.supported).map((c) => `${c.kind}: ${c.claim}`);
    expect(HELD_OUT.length - wrong.length, wrong.join("\n")).toBeGreaterThanOrEqual(30);
  });

  it("never calls a changed number, date, name or quotation supported", () => {
    const hard = HELD_OUT.filter((c) =>
      ["number", "date", "name", "place", "quote", "weekday", "misplaced-quote"].includes(c.kind),
    );
    for (const c of hard) expect(judge(c).supported, c.claim).toBe(false);
  });
});

describe("verify: the probe claim set", () => {
  // What the lexical checks still get wrong (see the README). Listed, not hidden: a fix or a regression
  // both change this list.
  const KNOWN_MISSES = [
    "Roughly 100,000 Russian troops are massed near Ukraine's borders.",
    "The Russian delegation will be led by Deputy Secretary of State Wendy Sherman.",
    "The call was requested by the White House.",
  ];

  it("judges every probe right except the known misses", () => {
    const wrong = PROBES.filter((c) => judge(c).supported !== c.supported).map((c) => c.claim);
    expect(wrong.sort()).toEqual([...KNOWN_MISSES].sort());
  });
});

describe("verify: quotes and offsets", () => {
  const [id, text] = [SEEDS[2]!.id, SEEDS[2]!.text];

  it("finds a quote up to white space, quote-mark and dash style and reports offsets in the text as sent", () => {
    const quote = 'Kremlin spokesman Dmitry Peskov told reporters that Putin was "in the mood   for a conversation".';
    const v = verifySentence(
      "Peskov said Putin was in the mood for a conversation.",
      [{ articleId: id, quote }],
      articles,
    );
    const c = v.citations[0]!;
    expect(c.found).toBe(true);
    expect(text.slice(c.start!, c.end!)).toContain("«in the mood for a conversation»");
  });

  it("corrects wrong offsets by finding the quote where it really is", () => {
    const quote = "Previous Western sanctions imposed after Moscow’s annexation of Crimea had little effect.";
    const v = verifySentence(
      "Earlier Western sanctions had little effect.",
      [{ articleId: id, quote, start: 0, end: 10 }],
      articles,
    );
    expect(text.slice(v.citations[0]!.start!, v.citations[0]!.end!)).toBe(quote);
  });

  it("names the article where a misplaced quote really is", () => {
    const quote = "Previous Western sanctions imposed after Moscow’s annexation of Crimea had little effect.";
    const v = verifySentence(
      "Earlier Western sanctions had little effect.",
      [{ articleId: SEEDS[0]!.id, quote }],
      articles,
    );
    expect(v.supported).toBe(false);
    expect(v.reasons.join(" ")).toContain(`it occurs in article "${id}"`);
  });
});

describe("verify: negation", () => {
  const text = "Neither Russia nor Ukraine agreed to the ceasefire on Tuesday, officials said.";
  const local = new Map([["a", text]]);
  const cite = [{ articleId: "a", quote: text }];

  it("reads 'neither … nor' as one negation, so the claim that both agreed is not supported", () => {
    expect(verifySentence("Russia and Ukraine agreed to the ceasefire on Tuesday.", cite, local).supported).toBe(false);
  });

  it("keeps a claim that repeats the 'neither … nor' denial", () => {
    const claim = "Neither Russia nor Ukraine agreed to the ceasefire on Tuesday.";
    expect(verifySentence(claim, cite, local).supported).toBe(true);
  });

  it("reads 'has yet to' and 'left … unchanged' as negations of what follows them", () => {
    const quote = "Ukraine has yet to sign the deal, and the bank left interest rates unchanged on Thursday.";
    const texts = new Map([["a", quote]]);
    const judge = (claim: string) => verifySentence(claim, [{ articleId: "a", quote }], texts).supported;
    expect(judge("Ukraine signed the deal.")).toBe(false);
    expect(judge("Ukraine has yet to sign the deal.")).toBe(true);
    expect(judge("The bank changed interest rates on Thursday.")).toBe(false);
    expect(judge("The bank left interest rates unchanged on Thursday.")).toBe(true);
  });
});
