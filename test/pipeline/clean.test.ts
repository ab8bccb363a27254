import { describe, expect, it } from "vitest";
import { clean } from "../../src/pipeline/clean.js";
import { segment } from "../../src/pipeline/segment.js";
import { SEEDS } from "../seeds.js";

const kept = (text: string) =>
  clean(text)
    .regions.filter((r) => r.kind === "body")
    .map((r) => text.slice(r.start, r.end));

describe("clean", () => {
  it("drops junk lines by shape, not by the seeds' exact strings", () => {
    const text = [
      "[ad_7]",
      "Officials met on Monday to discuss the plan.",
      "READ   Some unrelated headline about sports",
      "Read more: Another story entirely",
      "Leave a Comment",
      "Your email address will not be published.",
      "Deja un comentario",
      "Source link - 57",
      "© 2023 Reuters",
      "Copyright 2020 Some Paper. All rights reserved.",
      "Reuters writer Jane Roe in Kyiv contributed to this report.",
      "Comments are closed.",
      "Sign up for our newsletter to get the news first",
      "Please donate to keep our journalism free",
      "hello",
      "The plan was approved by a vote of 12 to 3.",
    ].join("\n");
    expect(kept(text)).toEqual([
      "Officials met on Monday to discuss the plan.",
      "The plan was approved by a vote of 12 to 3.",
    ]);
  });

  it("keeps offsets into the original text for every kept region", () => {
    for (const { text } of SEEDS) {
      for (const r of clean(text).regions) {
        expect(text.slice(r.start, r.end).trim()).toBe(text.slice(r.start, r.end));
        expect(r.end).toBeGreaterThan(r.start);
      }
    }
  });

  it("leaves no scraping junk in any seed sentence", () => {
    const junk = new RegExp(
      [
        String.raw`\[ad_\d\]`,
        String.raw`^READ\s`,
        "Leave a Reply",
        "will not be published",
        "Deja una respuesta",
        "Source link",
        "Copyright",
        "All rights reserved",
        "Comments are closed",
        "Support us now",
        "contributed to this report",
        "top channel",
        String.raw`Washington\.rel`,
      ].join("|"),
    );
    for (const { id, text } of SEEDS) {
      for (const s of segment(id, text, clean(text).regions)) expect(s.text).not.toMatch(junk);
    }
  });

  it("cuts an inline ad marker out of a line but keeps the sentence around it", () => {
    const text = "[ad_1] The talks ended without a deal.";
    expect(kept(text)).toEqual(["The talks ended without a deal."]);
  });

  it("treats lines without final punctuation as headings, not body sentences", () => {
    const text = "US support for Ukraine\nThe aid will continue.";
    const regions = clean(text).regions;
    expect(regions.map((r) => r.kind)).toEqual(["heading", "body"]);
  });
});
