import { describe, expect, it } from "vitest";
import { analyzeText } from "../../src/pipeline/features.js";
import { passiveAgent } from "../../src/verify/agents.js";
import { evidenceIndex } from "../../src/verify/align.js";
import { referents } from "../../src/verify/coref.js";
import { splice, substitution } from "../../src/verify/splice.js";
import { eventRestated, eventTokens } from "../../src/verify/words.js";

describe("coreference through the article's own words", () => {
  const text =
    "Liverpool manager Brendan Rodgers spoke on Friday. Rodgers admitted he ignored the warnings. " +
    "Russian President Vladimir Putin arrived in Geneva. The Russian leader said he was ready to talk. " +
    "Markets fell. Analysts were calm. The leader left early.";
  const index = evidenceIndex(new Map([["a1", text]]));
  const sentence = (start: string) => index.sentences.find((s) => s.text.startsWith(start))!;

  it("ties a first name to the surname the evidence uses when the article writes them together", () => {
    const claim = analyzeText("Brendan Rodgers admitted he ignored the warnings.");
    const names = referents(claim, [sentence("Rodgers")], index);
    expect(names.map((n) => n.text)).toEqual(["Brendan"]);
  });

  it("ties a name to a description in the next sentence that refers back to it", () => {
    const names = referents(analyzeText("Putin said he was ready to talk."), [sentence("The Russian leader")], index);
    expect(names.map((n) => n.text)).toEqual(["Putin"]);
  });

  it("does not tie a name written further back than the sentence before", () => {
    expect(referents(analyzeText("Putin left early."), [sentence("The leader left")], index)).toEqual([]);
  });

  it("does not tie a name to evidence that names someone else the claim does not", () => {
    const other = evidenceIndex(new Map([["a1", "Putin spoke first. Then Lavrov said he was ready."]]));
    expect(referents(analyzeText("Putin said he was ready."), [other.sentences[1]!], other)).toEqual([]);
  });

  it("reads a sentence's first word as a name the evidence gives when the article writes it so mid-sentence", () => {
    const other = evidenceIndex(
      new Map([
        [
          "a1",
          "Scholes believes that Raheem Sterling will grow at Anfield. Scholes says Sterling should play every week. " +
            "Raheem Sterling says he is not ready to sign a new deal.",
        ],
      ]),
    );
    const evidence = [other.sentences[2]!];
    expect(referents(analyzeText("Scholes says he is not ready to sign a new deal."), evidence, other)).toEqual([]);
    const opening = evidenceIndex(new Map([["a1", "Putin spoke first. Then he said he was ready."]]));
    expect(referents(analyzeText("Putin said he was ready."), [opening.sentences[1]!], opening).length).toBe(1);
  });
});

describe("splices and substitutions", () => {
  it("reports words a claim joins that its evidence keeps apart by a whole stretch of other words", () => {
    const claim = analyzeText("Police arrested the driver.");
    const evidence = analyzeText(
      "Police said a witness who saw the crash late on Friday near the bridge arrested the driver.",
    );
    expect(splice(claim, evidence)).toMatch(/^joins “Police” and “arrested”/);
  });

  it("lets a claim leave out an aside or a clause whose subject the next one shares", () => {
    const aside = analyzeText("Bamford, on loan at the Riverside stadium from Chelsea, received the award.");
    expect(splice(analyzeText("Bamford received the award."), aside)).toBeUndefined();
    const shared = analyzeText("Pardew insists he is better than many big-name managers but has no plans to leave.");
    expect(splice(analyzeText("Pardew has no plans to leave."), shared)).toBeUndefined();
  });

  it("follows a verb the stemmer once took for a function word (“lost” → “los”)", () => {
    const evidence = analyzeText(
      "Alanna and Stephen Goetzinger (pictured with their daughters Kayla, right, and Alice, left) lost their " +
        "daughter during a stillbirth in 2012.",
    );
    expect(splice(analyzeText("The Goetzingers lost their daughter during a stillbirth."), evidence)).toBeUndefined();
  });

  it("finds the word a claim puts where its evidence says something else", () => {
    const evidence = analyzeText(
      "Putin told Biden that any sanctions would be a colossal mistake that would lead to a rupture.",
    );
    expect(substitution(analyzeText("Putin told Biden that sanctions would be wise."), evidence)).toEqual({
      said: "wise",
      instead: "colossal mistake",
    });
    expect(substitution(analyzeText("Putin told Biden that sanctions would be a mistake."), evidence)).toBeUndefined();
  });

  it("takes, for a citer's own quote, only an evaluation swapped after “be”, and never a word the evidence has", () => {
    const evidence = analyzeText("The Pentagon said the carrier group would remain in the Mediterranean for now.");
    const stay = analyzeText("The Pentagon said the carrier group would stay in the Mediterranean.");
    expect(substitution(stay, evidence)).toEqual({ said: "stay", instead: "remain" });
    expect(substitution(stay, evidence, { copular: true })).toBeUndefined();
    const wise = analyzeText("Sanctions would be wise.");
    expect(substitution(wise, analyzeText("Sanctions would be a colossal mistake."), { copular: true })).toEqual({
      said: "wise",
      instead: "colossal mistake",
    });
    // "minutes" is in "50-minute", "call" earlier than "leaders": words said elsewhere in the evidence.
    const reordered = analyzeText("The leaders' call lasted fifty minutes.");
    expect(substitution(reordered, analyzeText("During the 50-minute call, the leaders had a serious exchange."))).toBe(
      undefined,
    );
  });
});

describe("passive agents", () => {
  const evidence = [
    analyzeText("A White House official said the call requested by the Kremlin leader happened at 3:35 p.m."),
  ];

  it("reports a doer after “by” that the evidence gives to someone else", () => {
    expect(passiveAgent(analyzeText("The call was requested by the White House."), evidence)).toMatch(
      /by “White House” where its evidence says by “Kremlin leader/,
    );
  });

  it("accepts the same doer, and a name the article ties to the evidence's doer", () => {
    expect(passiveAgent(analyzeText("The call was requested by the Kremlin leader."), evidence)).toBeUndefined();
    expect(passiveAgent(analyzeText("The call was requested by Putin."), evidence, new Set(["putin"]))).toBeUndefined();
  });
});

describe("event verbs", () => {
  it("knows the words news uses for an event happening, “take place” only as a pair", () => {
    expect(eventTokens(["vote", "tak", "plac", "monday"])).toEqual([1, 2]);
    expect(eventTokens(["tak", "the", "plac"])).toEqual([]);
    expect(eventTokens(["talk", "begin"])).toEqual([1]);
  });

  it("offers the claim's event words as evidence only when the evidence says the event happens", () => {
    const claim = analyzeText("The vote took place on Monday.");
    const held = eventRestated(claim, [analyzeText("The vote was held on Monday.")]);
    expect(held.map((a) => a.text)).toEqual(["took", "place"]);
    expect(eventRestated(claim, [analyzeText("The vote was counted on Monday.")])).toEqual([]);
  });
});
