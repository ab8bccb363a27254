import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractMainText } from "../../src/digest/extract.js";
import { htmlToText } from "../../src/digest/html-text.js";

const cluttered = readFileSync(new URL("../fixtures/pages/cluttered-article.html", import.meta.url), "utf8");
const PARAGRAPH =
  "The council approved the new budget on Tuesday after a debate that lasted most of the afternoon and evening.";
const paragraphs = (n: number) => `<p>${PARAGRAPH}</p>`.repeat(n);

describe("extractMainText", () => {
  it("keeps the article's paragraphs, in order, from a cluttered news page", () => {
    const page = extractMainText(cluttered, "https://coastal.example/news/fire")!;
    const paragraphs = page.text.split("\n\n");
    expect(paragraphs[0]).toMatch(/^A fire that started in a storage warehouse at the Kestrel Bay container terminal/);
    expect(paragraphs).toContain("Cause under investigation");
    expect(paragraphs.at(-1)).toBe(
      "Residents who were evacuated can claim emergency accommodation costs from the council until Friday, " +
        "the mayor's office said.",
    );
    expect(page.text).toContain('"They went into an extremely dangerous building to stop the fire spreading');
    expect(paragraphs).toHaveLength(7);
  });

  it.each([
    ["the cookie banner", /cookies|Accept all|Manage preferences/],
    ["navigation and search", /Politics|Culture|Search the Coastal Times|Skip to content/],
    ["ads inside and outside the article", /ADVERTISEMENT|Advertisement|Sponsored|winter tyres|Refinance/],
    ["the most-read box", /Most read|Celebrity chef|Ten gadgets|Council tax/],
    ["related links", /Port expansion plan|Dockworkers vote/],
    ["the newsletter form", /morning briefing|Subscribe to the newsletter|privacy policy/i],
    ["comments and the comment form", /harbourwatcher|bound to happen|Leave a comment|Post comment|Comments \(214\)/],
    ["share tools and tags", /Share on|Email this article/],
    ["promos, third-party recommendations and the footer", /£1 a week|Doctors hate|All rights reserved|Terms/],
    ["scripts", /dataLayer|schema\.org/],
  ])("drops %s", (_, junk) => {
    expect(extractMainText(cluttered, "https://coastal.example/news/fire")!.text).not.toMatch(junk);
  });

  it("reads the title, byline and publication time from the page", () => {
    const page = extractMainText(cluttered, "https://coastal.example/news/fire")!;
    expect(page.title).toMatch(/Kestrel Bay terminal fire/);
    expect(page.byline).toMatch(/Mara Lindqvist/);
    expect(page.publishedAt).toBe("2026-03-03T07:42:00.000Z");
  });

  it("takes the time from <time datetime> when there is no meta tag", () => {
    const html = `<html><head><title>Budget</title></head><body><article><h1>Budget passes</h1>
      <time datetime="2026-02-01T12:00:00+02:00">1 Feb</time>${paragraphs(4)}</article></body></html>`;
    expect(extractMainText(html, "https://x.example/a")!.publishedAt).toBe("2026-02-01T10:00:00.000Z");
  });

  it("keeps a page whose whole body is one <form> (as ASP.NET sites render) instead of removing everything", () => {
    const html = `<html><body><form id="aspnetForm" method="post"><div class="page">
      <div class="nav-bar"><a href="/">Home</a> <a href="/news">News</a></div>
      <div class="content">${paragraphs(5)}</div>
      <div class="cookie-notice">This site uses cookies.</div></div></form></body></html>`;
    const page = extractMainText(html, "https://council.example/news/1")!;
    expect(page.text).toContain(PARAGRAPH);
    expect(page.text).not.toMatch(/cookies|Home/);
  });

  it("does not let a class like has-sidebar on the page wrapper take the article with it", () => {
    const html = `<html><body><div class="wrapper has-sidebar"><div class="story">${paragraphs(5)}</div>
      <div class="sidebar">Most popular: a cat show</div></div></body></html>`;
    const page = extractMainText(html, "https://x.example/a")!;
    expect(page.text.split("\n\n")).toEqual(new Array(5).fill(PARAGRAPH));
  });

  it("returns null for a page without any text", () => {
    const html = "<html><body><img src='/a.png'><script>app()</script></body></html>";
    expect(extractMainText(html, "https://x.example/")).toBeNull();
  });
});

describe("htmlToText", () => {
  it("turns block elements into paragraphs, keeps inline text together and decodes entities", () => {
    const html =
      "<p>Fire at <b>pier&nbsp;9</b> &mdash; crews <a href='/x'>respond</a>.</p>" + "<ul><li>One</li><li>Two</li></ul>";
    expect(htmlToText(html)).toBe("Fire at pier 9 — crews respond.\n\nOne\n\nTwo");
  });

  it("passes plain text through, keeping its paragraph breaks", () => {
    expect(htmlToText("First   line.\n\n\nSecond line.")).toBe("First line.\n\nSecond line.");
  });
});

describe("extractMainText on hostile pages", () => {
  it("refuses a page with more elements than it will score, quickly", () => {
    const html = `<html><body><article>${"<div><span>x</span></div>".repeat(10_000)}</article></body></html>`;
    const started = performance.now();
    expect(() => extractMainText(html, "https://x.example/")).toThrow(/page too complex \(\d+ elements > 15000\)/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("htmlToText on hostile input", () => {
  it("tidies a long run of non-breaking spaces in linear time", () => {
    const started = performance.now();
    expect(htmlToText(`a${"\u00a0".repeat(200_000)}b`)).toBe("a b");
    expect(performance.now() - started).toBeLessThan(500);
  });
});
