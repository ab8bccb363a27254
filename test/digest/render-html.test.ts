import fc from "fast-check";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { DIGEST_PAGE_CSP, renderDigestPage, renderEmptyPage } from "../../src/digest/render-html.js";
import type { Digest, DigestStory } from "../../src/digest/types.js";
import { DIGEST, GENEVA_URL, HOSTILE_SOURCE, HOSTILE_TITLE, JAVASCRIPT_URL, TEXTS } from "../fixtures/digest.js";

/** What the tests use of linkedom's DOM (the project compiles without the DOM lib). */
interface Node {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly attributes: Iterable<{ name: string }>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): Node | null;
  querySelectorAll(selector: string): ArrayLike<Node> & Iterable<Node>;
  cloneNode(deep: boolean): Node;
  remove(): void;
}

const dom = (html: string) => parseHTML(html).document as unknown as Node;
const text = (el: Node | null | undefined) => (el?.textContent ?? "").replace(/\s+/g, " ").trim();
const story = (doc: Node, n: number) => doc.querySelector(`#story-${n}`)!;
/** What a sighted reader sees: the text without the visually hidden screen-reader copies. */
const visible = (el: Node) => {
  const copy = el.cloneNode(true);
  for (const hidden of copy.querySelectorAll(".vh")) hidden.remove();
  return text(copy);
};

const withStory = (patch: Partial<DigestStory>): Digest => ({
  ...DIGEST,
  stories: [{ ...DIGEST.stories[0]!, ...patch }],
});

describe("renderDigestPage", () => {
  const html = renderDigestPage(DIGEST, { basePath: "/news" });
  const doc = dom(html);

  it("is a complete HTML5 document with a title, a language and a viewport for phones", () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
    expect(doc.querySelector("title")?.textContent).toBe("News digest, 29 November 2026");
    expect(doc.querySelector('meta[name="viewport"]')?.getAttribute("content")).toContain("width=device-width");
    expect(html).toMatch(/@media \(prefers-color-scheme:dark\)/);
  });

  it("contains no script at all and escapes the hostile title, outlet name and quotes into plain text", () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(doc.querySelectorAll("script, img, iframe, object")).toHaveLength(0);
    const handlers = [...doc.querySelectorAll("*")].flatMap((el) => [...el.attributes].map((a) => a.name));
    expect(handlers.filter((name) => name.startsWith("on"))).toEqual([]);
    expect(doc.querySelector("#story-2 h2")?.textContent).toBe(HOSTILE_TITLE);
    expect(visible(story(doc, 2).querySelector(".outlets")!)).toContain(HOSTILE_SOURCE);
    const quote = TEXTS["ts-port"]!.match(/The judge wrote.*never approved/)![0];
    const markers = [...story(doc, 2).querySelectorAll("span.cite")];
    expect(markers.at(-1)?.getAttribute("title")).toBe(`${HOSTILE_SOURCE}: “${quote}”`);
  });

  it("never links a javascript: URL: that outlet's markers and name stay plain text", () => {
    expect(html).not.toContain("javascript:");
    expect(JAVASCRIPT_URL.startsWith("javascript:")).toBe(true);
    const markers = [...story(doc, 2).querySelectorAll(".summary .cite")];
    expect(markers.map((m) => m.tagName.toLowerCase())).toEqual(["span", "a", "span"]);
    expect(markers[1]?.getAttribute("href")).toBe("https://eveningpost.example/port?a=1&b=2");
    const outletLinks = [...story(doc, 2).querySelectorAll(".outlets a")].map((a) => a.textContent);
    expect(outletLinks).toEqual(["Evening Post"]);
  });

  it("links each citation marker to its article, with the outlet and the quote as hover text", () => {
    for (const [i, s] of DIGEST.stories.entries()) {
      const urls = new Map(s.articles.map((a) => [a.id, a.url]));
      const sentences = [...story(doc, i + 1).querySelectorAll(".summary .sentence")];
      expect(sentences).toHaveLength(s.summary.length);
      for (const [j, sentence] of sentences.entries()) {
        const expected = s.summary[j]!;
        expect(visible(sentence).startsWith(expected.text)).toBe(true);
        for (const marker of sentence.querySelectorAll(".cite")) {
          const title = marker.getAttribute("title") ?? "";
          const cited = expected.citations.find((c) => title.endsWith(`: “${c.quote}”`));
          expect(cited, title).toBeDefined();
          const href = marker.getAttribute("href");
          if (href !== null) expect(href).toBe(urls.get(cited!.articleId));
          if (href !== null) expect(marker.getAttribute("rel")).toBe("noopener noreferrer");
          // Screen readers get the quote from the link text, not from the title attribute.
          expect(text(marker.querySelector(".vh"))).toContain(cited!.quote);
        }
      }
    }
    const first = story(doc, 1).querySelector(".summary a.cite")!;
    expect(first.getAttribute("href")).toBe(GENEVA_URL);
    expect(text(first.querySelector('[aria-hidden="true"]'))).toBe("[1]");
  });

  it("numbers citations in reading order, one number per passage, matching the list of quoted passages", () => {
    const s1 = story(doc, 1);
    const numbers = [...s1.querySelectorAll('.cite [aria-hidden="true"]')].map((m) => text(m));
    expect(numbers).toEqual(["[1]", "[2]", "[3]", "[4]", "[1]", "[5]"]);
    const listed = [...s1.querySelectorAll(".quotes li q")].map((q) => q.textContent);
    expect(listed).toHaveLength(5);
    expect(listed[0]).toBe("Negotiators from both governments will meet in Geneva on January 10");
    expect(listed[4]).toBe("two days of talks in Geneva on January 9 and 10");
  });

  it("folds a wire copy into its original, in the outlets and in the markers", () => {
    const outlets = visible(story(doc, 1).querySelector(".outlets")!);
    expect(outlets).toBe("Reported by Wire Press (also run by Daily Courier) · Evening Post · The Globe");
    // The copy's identical quote gets no marker of its own; the original's says who else ran it.
    const titles = [...story(doc, 1).querySelectorAll(".cite")].map((m) => m.getAttribute("title") ?? "");
    expect(titles.some((t) => t.startsWith("Daily Courier"))).toBe(false);
    expect(titles[0]).toMatch(/^Wire Press \(also run by Daily Courier\): “Negotiators/);
    // The copy is still one click away.
    const copyLink = [...story(doc, 1).querySelectorAll(".outlets a")].find((a) => a.textContent === "Daily Courier");
    expect(copyLink?.getAttribute("href")).toBe(DIGEST.stories[0]!.articles[1]!.url);
  });

  it("names an outlet once when it has several articles in the story, and never as a copy of itself", () => {
    const geneva = DIGEST.stories[0]!;
    const articles = [
      ...geneva.articles,
      { id: "wp-2", url: "https://wirepress.example/2", source: "Wire Press" },
      { id: "wp-3", url: "https://wirepress.example/3", source: "Wire Press", duplicateOf: "wp-geneva" },
    ];
    const outlets = dom(renderDigestPage(withStory({ articles }))).querySelector("#story-1 .outlets")!;
    expect(visible(outlets)).toBe("Reported by Wire Press (also run by Daily Courier) · Evening Post · The Globe");
    expect(outlets.querySelector("a")?.getAttribute("href")).toBe(GENEVA_URL);
  });

  it("keeps the copy's own marker when it is cited with words its original is not cited with", () => {
    const geneva = DIGEST.stories[0]!;
    const copyOnly = withStory({
      summary: [{ text: "Talks are planned.", citations: [geneva.summary[0]!.citations[1]!] }],
      conflicts: [],
    });
    const titles = [...dom(renderDigestPage(copyOnly)).querySelectorAll(".cite")].map((m) => m.getAttribute("title"));
    expect(titles).toEqual([`Daily Courier: “${geneva.summary[0]!.citations[1]!.quote}”`]);
  });

  it("states a disagreement as such, saying which outlets report which version", () => {
    const conflict = story(doc, 1).querySelector(".conflict")!;
    expect(text(conflict.querySelector("p"))).toBe(
      "Outlets disagree about talks in Geneva: January 10 or January 9 and 10.",
    );
    const claims = [...conflict.querySelectorAll("li")].map((li) => visible(li));
    expect(claims).toHaveLength(2);
    expect(claims[0]).toMatch(/^Wire Press \(also run by Daily Courier\) reports: “Negotiators .* on January 10, /);
    expect(claims[1]).toMatch(/^Evening Post reports: “Diplomats .* January 9 and 10\.” \[5\]$/);
    expect(story(doc, 2).querySelector(".conflict")).toBeNull();
  });

  it("does not show dropped sentences as facts, only how many were left out", () => {
    expect(html).not.toContain("The city will appeal");
    expect(html).not.toContain("$90 million");
    expect(text(story(doc, 2).querySelector(".fine"))).toBe(
      "2 sentences were left out: their sources did not bear them out.",
    );
    expect(story(doc, 1).textContent).not.toMatch(/left out/);
  });

  it("says quietly that an extractive story fell back because the LLM was unavailable", () => {
    const note = text(story(doc, 3).querySelector(".note"));
    expect(note).toMatch(/language model was unavailable .* summary is extractive/);
    expect(story(doc, 1).querySelector(".note")).toBeNull();
    expect(text(story(doc, 1).querySelector(".how"))).toContain("gpt-4o-mini");
    // The error is for operators (it is in the JSON); readers get the plain statement.
    expect(html).not.toContain("llm_timeout");
  });

  it("heads the page with the digest's date and window as readable dates in <time datetime>", () => {
    expect(text(doc.querySelector("h1"))).toBe("News digest, 29 November 2026");
    const times = [...doc.querySelectorAll("header time")].map((t) => [t.getAttribute("datetime"), t.textContent]);
    expect(times).toEqual([
      ["2026-11-29T12:00:00.000Z", "29 November 2026"],
      ["2026-11-29T06:00:00.000Z", "29 Nov 2026, 06:00"],
      ["2026-11-29T12:00:00.000Z", "12:00"],
    ]);
    expect(text(doc.querySelector("header .meta"))).toBe(
      "3 stories from 8 articles by 7 outlets, first seen 29 Nov 2026, 06:00 – 12:00 UTC.",
    );
  });

  it("links the JSON of the digest and the list of digests under the base path", () => {
    const links = (d: Node) => [...d.querySelectorAll("header .links a")].map((a) => a.getAttribute("href"));
    expect(links(doc)).toEqual(["/news/digests/d-3f9a1c27b04e8d55", "/news/digests"]);
    expect(links(dom(renderDigestPage(DIGEST, { basePath: "/news/" })))).toEqual(links(doc));
    expect(links(dom(renderDigestPage(DIGEST)))).toEqual(["/digests/d-3f9a1c27b04e8d55", "/digests"]);
  });

  it("renders a digest without stories, and dates it cannot parse as the text it was given", () => {
    const digest = { ...DIGEST, createdAt: "<yesterday>", window: { from: "x", to: "y" }, stories: [] };
    const odd = dom(renderDigestPage(digest));
    expect(text(odd.querySelector("h1"))).toBe("News digest, <yesterday>");
    expect(odd.querySelector("h1 time")).toBeNull();
    expect([...odd.querySelectorAll("header time")].map((t) => t.getAttribute("datetime"))).toEqual([null, null]);
    expect(text(odd.querySelector("main"))).toBe("This digest has no stories.");
    expect(odd.querySelector("nav")).toBeNull();
  });

  it("links only absolute http(s) URLs without credentials", () => {
    const geneva = DIGEST.stories[0]!;
    const hrefFor = (url: string) => {
      const articles = [{ ...geneva.articles[0]!, url }, ...geneva.articles.slice(1)];
      const page = renderDigestPage(withStory({ articles }));
      return dom(page).querySelector("#story-1 .summary .cite")?.getAttribute("href") ?? null;
    };
    expect(hrefFor("HTTPS://Wirepress.example/a b")).toBe("https://wirepress.example/a%20b");
    expect(hrefFor('http://wirepress.example/x?q="><script>')).toBe("http://wirepress.example/x?q=%22%3E%3Cscript%3E");
    for (const bad of [
      "javascript:alert(1)",
      " JavaScript:alert(1)",
      "data:text/html,<b>x</b>",
      "//evil.example/x",
      "/relative",
      "vbscript:x",
      "ftp://files.example/a",
      "https://user:secret@wirepress.example/",
      "not a url",
    ]) {
      expect(hrefFor(bad), bad).toBeNull();
    }
  });

  it("turns any title, outlet, quote or sentence into text, never into markup (property)", () => {
    const allowed = new Set([
      ..."a span strong q cite li ul ol p div details summary h1 h2 time".split(" "),
      ..."article nav main header footer html head body meta title style".split(" "),
    ]);
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string(), fc.string(), (title, source, words) => {
        const geneva = DIGEST.stories[0]!;
        const hostile = withStory({
          title,
          articles: geneva.articles.map((a) => ({ ...a, source, title: words, url: words })),
          summary: [
            { text: words, citations: [{ articleId: "gl-geneva", quote: `${words}<${title}`, start: 0, end: 1 }] },
          ],
          conflicts: [{ about: source, claims: [{ text: title, citations: [] }] }],
        });
        const page = dom(renderDigestPage(hostile));
        for (const el of page.querySelectorAll("*")) {
          expect(allowed.has(el.tagName.toLowerCase()), el.tagName).toBe(true);
          for (const attr of el.attributes) expect(attr.name.startsWith("on")).toBe(false);
        }
        expect(page.querySelector("h2")?.textContent).toBe(title.replace(/\s+/g, " ").trim());
      }),
      { numRuns: 200 },
    );
  }, 30_000); // 200 generated digests: seconds on a loaded two-core machine
});

describe("renderEmptyPage", () => {
  it("says there is no digest yet and how to get one, under the base path", () => {
    const html = renderEmptyPage({ basePath: "/news" });
    const doc = dom(html);
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(text(doc.querySelector("h1"))).toBe("No digest yet");
    const body = text(doc.querySelector("main"));
    expect(body).toContain("FEEDS");
    expect(body).toContain("POST /news/articles");
    expect(body).toContain("POST /news/digests");
    expect(doc.querySelector("footer a")?.getAttribute("href")).toBe("/news/digests");
    expect(text(dom(renderEmptyPage()).querySelector("main"))).toContain("POST /articles");
  });
});

describe("DIGEST_PAGE_CSP", () => {
  it("allows no script and nothing to load, leaving framing to the routes", () => {
    const directives = new Map(
      DIGEST_PAGE_CSP.split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives.get("default-src")).toEqual(["'none'"]);
    expect(directives.get("style-src")).toEqual(["'unsafe-inline'"]);
    expect(directives.has("script-src")).toBe(false);
    expect(directives.has("frame-ancestors")).toBe(false);
    expect(directives.get("base-uri")).toEqual(["'none'"]);
  });
});
