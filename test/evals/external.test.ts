import { describe, expect, it } from "vitest";
import { parseExternal, runExternal } from "../../evals/external.js";

const document = "Talks between the two sides began in Geneva on Monday. They ended on Friday without a deal.";

describe("the external benchmark report", () => {
  it("reads the SummaC format and JSON lines alike, and counts entries it cannot use", () => {
    const summac = JSON.stringify({
      a: { document, claim: "talks began in geneva on monday.", label: 1, origin: "cnndm" },
      b: { document, claim: "talks began in vienna.", label: 0, origin: "cnndm" },
      c: { document, claim: "no label here." },
    });
    const lines = [
      JSON.stringify({ document, summary: "Talks began in Geneva on Monday.", label: 1 }),
      JSON.stringify({ document, summary: "Talks ended with a deal.", label: 0 }),
    ].join("\n");
    expect(parseExternal(summac)).toMatchObject({ skipped: 1, items: [{ consistent: true }, { consistent: false }] });
    expect(parseExternal(lines).items.map((i) => i.origin)).toEqual(["all", "all"]);
  });

  it("scores each origin and all together, a summary supported only when every sentence is", () => {
    const items = [
      { document, claim: "Talks began in Geneva on Monday.", consistent: true, origin: "cnndm" },
      { document, claim: "Talks began in Vienna on Monday.", consistent: false, origin: "cnndm" },
      {
        document,
        claim: "Talks began in Geneva on Monday. They ended with a deal on Friday.",
        consistent: false,
        origin: "xsum",
      },
    ];
    const rows = runExternal(items);
    expect(rows.map((r) => r.origin)).toEqual(["all", "cnndm", "xsum"]);
    expect(rows[1]).toMatchObject({ n: 2, inconsistent: 1, balancedAccuracy: 1, caught: 1, kept: 1 });
    expect(rows[2]).toMatchObject({ n: 1, inconsistent: 1, caught: 1, kept: null });
  });
});
