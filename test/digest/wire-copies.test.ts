import { describe, expect, it } from "vitest";
import type { GroupableArticle } from "../../src/digest/types.js";
import { findWireCopies, isCopy, sketchText } from "../../src/digest/wire-copies.js";
import { MIXED_WINDOW } from "./mixed-window.js";

const wire = MIXED_WINDOW.find((a) => a.id === "map-wire")!;
const at = (id: string, publishedAt: string, text: string, source?: string): GroupableArticle => ({
  id,
  publishedAt,
  text,
  ...(source ? { source } : {}),
});

describe("findWireCopies", () => {
  it("marks verbatim, retitled, trimmed and lightly edited copies of the original", () => {
    const paragraphs = wire.text.split("\n\n");
    const copies = findWireCopies([
      wire,
      at("verbatim", "2026-03-03T16:00:00Z", `  ${wire.text.replace(/\n\n/g, "\n")}  `),
      at("trimmed", "2026-03-03T16:10:00Z", paragraphs.slice(0, 3).join("\n\n")),
      at("edited", "2026-03-03T16:20:00Z", wire.text.replace("on Tuesday", "Tuesday").replace("called", "hailed")),
    ]);
    expect(copies).toEqual({ verbatim: "map-wire", trimmed: "map-wire", edited: "map-wire" });
  });

  it("does not mark articles that tell the same story in their own words", () => {
    const map = MIXED_WINDOW.filter((a) => a.id.startsWith("map-") && a.id !== "map-copy" && a.id !== "map-trimmed");
    expect(findWireCopies(map)).toEqual({});
  });

  it("keeps a copy whose only change is a corrected figure", () => {
    const fixed = at("fixed", "2026-03-03T18:00:00Z", wire.text.replace("310,000", "320,000"));
    expect(findWireCopies([wire, fixed])).toEqual({ fixed: "map-wire" });
  });

  it("does not mark a templated report with other names and figures", () => {
    const template = (company: string, city: string, revenue: string, jobs: string) =>
      `${company}, the ${city} maker of industrial pumps, said on Tuesday that quarterly revenue rose to ${revenue} ` +
      `million, beating analysts' forecasts. The company said it would add ${jobs} jobs at its ${city} plant ` +
      `over the next year and raise its dividend. Shares of ${company} rose in early trading after the report, ` +
      `and the chief executive said demand from water utilities remained strong through the winter months.`;
    const a = at("a", "2026-03-03T10:00:00Z", template("Ardent Flow", "Toledo", "412", "150"));
    const b = at("b", "2026-03-03T11:00:00Z", template("Brightwell Systems", "Akron", "388", "90"));
    expect(findWireCopies([a, b])).toEqual({});
  });

  it("takes the earliest published as the original, then a wire agency, then the shorter id", () => {
    const text = wire.text;
    expect(
      findWireCopies([at("late", "2026-03-03T18:00:00Z", text), at("early-one", "2026-03-03T09:00:00Z", text)]),
    ).toEqual({ late: "early-one" });
    const local = at("a", "2026-03-03T09:00:00Z", text, "Local");
    expect(findWireCopies([local, at("bb", "2026-03-03T09:00:00Z", text, "AP")])).toEqual({ a: "bb" });
    expect(findWireCopies([at("abc", "2026-03-03T09:00:00Z", text), at("ab", "2026-03-03T09:00:00Z", text)])).toEqual({
      abc: "ab",
    });
  });

  it("points copies of copies at the one original", () => {
    const a = at("first", "2026-03-03T09:00:00Z", wire.text);
    const b = at("second", "2026-03-03T10:00:00Z", `${wire.text}\n\nMore to come.`);
    const c = at("third", "2026-03-03T11:00:00Z", `${wire.text}\n\nMore to come. Staff contributed.`);
    expect(findWireCopies([c, b, a])).toEqual({ second: "first", third: "first" });
  });

  it("finds nothing in no articles or one", () => {
    expect(findWireCopies([])).toEqual({});
    expect(findWireCopies([wire])).toEqual({});
  });
});

describe("isCopy", () => {
  it("calls two short identical texts copies but two short different texts not", () => {
    expect(isCopy(sketchText("Frost hits orchards."), sketchText("frost hits  orchards"))).toBe(true);
    expect(isCopy(sketchText("Frost hits orchards."), sketchText("Frost hits vineyards."))).toBe(false);
  });
});
