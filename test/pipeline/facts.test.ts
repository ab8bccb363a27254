import { describe, expect, it } from "vitest";
import { extractFacts, factMatches } from "../../src/pipeline/facts.js";

const only = (text: string) => {
  const f = extractFacts(text);
  expect(f).toHaveLength(1);
  return f[0]!;
};

describe("facts", () => {
  it("reads money the same with or without a space after the dollar sign", () => {
    expect(factMatches(only("$2.5 billion"), only("$ 2.5 billion"))).toBe(true);
    expect(factMatches(only("$3.5 billion"), only("$ 2.5 billion"))).toBe(false);
  });

  it("reads 100,000 and 100000 as the same number, and number words as numbers", () => {
    expect(factMatches(only("100,000 troops"), only("100000 troops"))).toBe(true);
    expect(factMatches(only("fifty minutes"), only("a 50-minute call"))).toBe(true);
  });

  it("finds a year in a date of that year, and never in a date of another or in its days", () => {
    expect(factMatches(only("since 2011"), only("since October 2011"))).toBe(true);
    expect(factMatches(only("since 2012"), only("since October 2011"))).toBe(false);
    expect(factMatches(only("in 2011"), only("on October 11"))).toBe(false);
  });

  it("reads a day range as a set of days and abbreviated months as months", () => {
    const range = only("on January 9 and 10");
    expect(range).toMatchObject({ kind: "date", month: 1, days: [9, 10] });
    expect(factMatches(only("Dec. 7"), only("December 7"))).toBe(true);
    expect(factMatches(only("January 9"), range)).toBe(true);
    expect(factMatches(only("January 11"), range)).toBe(false);
  });

  it("reads 3:35 p.m. and 1535 GMT as the same time of day", () => {
    expect(factMatches(only("3:35 p.m."), only("1535 GMT"))).toBe(true);
    expect(factMatches(only("4:35 p.m."), only("1535 GMT"))).toBe(false);
  });

  it("does not take the modal verb may for a month", () => {
    expect(extractFacts("Talks may fail.")).toEqual([]);
  });
});
