import { describe, expect, it } from "vitest";
import { detokenize, fixMojibake, truecaserFor } from "../../evals/qags/prepare.js";

/** Detokenised and re-cased as the suite does it, with the text as its own article. */
function prepared(raw: string): string {
  const text = detokenize(raw);
  return truecaserFor([text])(text);
}

const L = "\u201C";
const R = "\u201D";

// Snippets below are short excerpts of the QAGS articles and summary sentences (CNN/DM and XSum).
describe("the QAGS detokeniser", () => {
  it("turns backtick and apostrophe quotation pairs into curly quotes", () => {
    const raw = "` the typical western diet is heavily processed,' explains sarah, `this makes us ill.'";
    const want = `${L}the typical western diet is heavily processed,${R} explains sarah, ${L}this makes us ill.${R}`;
    expect(detokenize(raw)).toBe(want);
  });

  it("pairs quotations in order, including one that opens right after a full stop", () => {
    const raw = "` we are deficient in nutrients.' She continued.' Fish should do,' she said.";
    const want = `${L}we are deficient in nutrients.${R} She continued. ${L}Fish should do,${R} she said.`;
    expect(detokenize(raw)).toBe(want);
  });

  it("reads double backticks and double apostrophes as one quotation", () => {
    expect(detokenize("which means `` flower bud'' in nepali")).toBe(`which means ${L}flower bud${R} in nepali`);
    expect(detokenize("survive. ` `it changed me,'' said doyne")).toBe(`survive. ${L}it changed me,${R} said doyne`);
  });

  it("keeps apostrophes inside words and after a plural possessive", () => {
    const text = "It's time to ditch the players' union, says australia's cook";
    expect(detokenize(text)).toBe(text);
  });

  it("closes up punctuation, brackets, currency and contractions", () => {
    const raw = "adding oils ( evening primrose oil ) for $ 6 each . Patient satisfaction : i do n't know ; it 's fine";
    const want = "adding oils (evening primrose oil) for $6 each. Patient satisfaction: i don't know; it's fine";
    expect(detokenize(raw)).toBe(want);
    expect(detokenize("no i'm not doing it. . . You put")).toBe("no i'm not doing it... You put");
  });

  it("joins numbers split at their thousands separator or decimal point", () => {
    expect(detokenize("viewed more than 235, 000 times; they scooped $ 53, 193, 914 on the draw")).toBe(
      "viewed more than 235,000 times; they scooped $53,193,914 on the draw",
    );
    expect(detokenize("it fell to 102. 5 kg by 7. 30 pm.")).toBe("it fell to 102.5 kg by 7.30 pm.");
  });

  it("joins CNN/DM's split hyphens but keeps a dash beside a function word, and leaves XSum's dashes alone", () => {
    const raw = "a 33 - year - old father - of - two won 5 - 3 in the semi - final in 1996 - before his son - in - law";
    const want = "a 33-year-old father-of-two won 5-3 in the semi-final in 1996 - before his son-in-law";
    expect(detokenize(raw, { hyphens: true })).toBe(want);
    expect(detokenize("at home - the less likely", { hyphens: true })).toBe("at home - the less likely");
    expect(detokenize("in the higher - more serious - category")).toBe("in the higher - more serious - category");
  });

  it("repairs the mojibake of the pound sign and accented letters", () => {
    expect(fixMojibake("in the region of \u00e2\u00a350,000")).toBe("in the region of \u00a350,000");
    expect(fixMojibake("sinn f\u00e3\u00a9in's martin mcguinness")).toBe("sinn f\u00e9in's martin mcguinness");
  });
});

describe("the QAGS truecaser", () => {
  it("capitalises places, people and days but leaves common words alone", () => {
    const out = prepared("A g4s security van was robbed outside a bank of scotland in glasgow city centre on monday.");
    expect(out).toContain("of Scotland in Glasgow city centre on Monday.");
    expect(out).toContain("A g4s security van was robbed");
  });

  it("capitalises a first name and keeps a rare common word such as a profession in lower case", () => {
    expect(
      prepared("Not according to nutritionist and author sarah flower, who says that cooking is enough."),
    ).toContain("nutritionist and author Sarah");
  });

  it("capitalises a quotation that starts a sentence, and I", () => {
    expect(prepared("` the cleaner your diet,' she said. ` we are living in a society.' i agree.")).toBe(
      "\u201CThe cleaner your diet,\u201D she said. \u201CWe are living in a society.\u201D I agree.",
    );
  });

  it("reads may and march as months only in a date context", () => {
    expect(prepared("Gareth southgate's squad finished fourth last may. It may rain in march and they march on.")).toBe(
      "Gareth Southgate's squad finished fourth last May. It may rain in March and they march on.",
    );
  });

  it("writes acronyms in capitals and keeps abbreviations from ending a sentence", () => {
    const raw = 'Det insp alasdair barlow said: "we are reviewing cctv images," said the u.s. man at the bbc.';
    const want = 'Det insp Alasdair Barlow said: "We are reviewing CCTV images," said the U.S. man at the BBC.';
    expect(prepared(raw)).toBe(want);
  });

  it("follows the article's own mid-sentence capitals over its guess", () => {
    const recase = truecaserFor(["He joined the Ramblers in 2010, and the ramblers thanked him."]);
    expect(recase("the ramblers thanked him.")).toBe("The Ramblers thanked him.");
  });

  it("cases a summary sentence exactly as it cases the same words in the article", () => {
    const article = detokenize("Police said three men took a sum from the van in sauchiehall street on monday.");
    const sentence = detokenize("Three armed men took a sum in sauchiehall street on monday.");
    const recase = truecaserFor([article, sentence]);
    const words = (t: string) => new Set(t.split(/[^\p{L}]+/u).slice(1));
    const inArticle = words(recase(article));
    const shared = [...words(recase(sentence))].filter((w) => inArticle.has(w) || inArticle.has(w.toLowerCase()));
    expect(shared.length).toBeGreaterThan(5);
    for (const w of shared) expect(inArticle.has(w)).toBe(true);
    expect(recase(sentence)).toContain("Sauchiehall street on Monday");
  });
});
