import { describe, expect, it } from "vitest";
import { parseSummary, renderVerify } from "../../src/cli/verify.js";
import { verifySummary } from "../../src/verify/summary.js";

describe("the verify CLI", () => {
  it("reads a summary as lines, as a JSON list, or as an object with a summary and articles", () => {
    expect(parseSummary("Talks begin Monday.\n\n  They end Friday.\n")).toEqual({
      summary: ["Talks begin Monday.", "They end Friday."],
    });
    expect(parseSummary('["One.", {"text": "Two."}]')).toEqual({ summary: ["One.", { text: "Two." }] });
    const request = { articles: [{ text: "A." }], summary: ["A."] };
    expect(parseSummary(JSON.stringify(request))).toEqual(request);
    expect(() => parseSummary('{"sentences": []}')).toThrow(/summary/);
  });

  it("reports each sentence as supported or why not, with the evidence found for it", () => {
    const articles = [{ id: "a1", text: "Talks between the two sides began in Geneva on Monday. Markets were calm." }];
    const report = renderVerify(
      verifySummary(articles, ["Talks began in Geneva on Monday.", "Talks collapsed in Vienna on Friday."]),
    );
    expect(report).toMatch(
      /\[1\] supported: Talks began in Geneva on Monday\.\n {6}evidence \(found, a1 0-54\): Talks/,
    );
    expect(report).toMatch(/\[2\] NOT SUPPORTED: Talks collapsed in Vienna on Friday\.\n {6}why: /);
    expect(report).toMatch(/1 supported, 1 not supported, of 2 sentences$/);
  });
});
