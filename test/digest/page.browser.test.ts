import { existsSync, mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIGEST_PAGE_CSP, renderDigestPage, renderEmptyPage } from "../../src/digest/render-html.js";
import { DIGEST, GENEVA_URL } from "../fixtures/digest.js";

// Debian's chromium package, driven by playwright-core: no browser download, the same binary CI installs.
const CHROMIUM = "/usr/bin/chromium";
const OUT = fileURLToPath(new URL("../out/", import.meta.url));
const haveChromium = existsSync(CHROMIUM);
const inCi = process.env.CI === "true";

// The callbacks given to page.evaluate run in the browser; the project compiles without the DOM lib, so what
// they use of it is declared here, for this module only.
interface BrowserElement {
  tagName: string;
  textContent: string | null;
  outerHTML: string;
  closest(selector: string): BrowserElement | null;
  getBoundingClientRect(): { right: number };
}
declare const document: {
  documentElement: { scrollWidth: number; clientWidth: number };
  body: BrowserElement;
  querySelectorAll(selector: string): Iterable<BrowserElement>;
};
declare const window: Record<string, unknown>;
declare function getComputedStyle(el: BrowserElement): { backgroundColor: string };

/** The routes' header: the page's policy plus the framing ban they add. */
const CSP = `${DIGEST_PAGE_CSP}; frame-ancestors 'none'`;
const digestHtml = renderDigestPage(DIGEST, { basePath: "/news" });
// What the page would be if escaping ever failed: the policy alone must stop it.
const injectedHtml = digestHtml.replace(
  "</body>",
  `<script>window.__injected = true</script><img src="x" onerror="window.__injected = 'handler'"></body>`,
);
const PAGES: Record<string, string> = {
  "/digest.html": digestHtml,
  "/empty.html": renderEmptyPage({ basePath: "/news" }),
  "/injected.html": injectedHtml,
};

if (!haveChromium && !inCi) {
  console.warn(`[page.browser.test] skipped: ${CHROMIUM} is missing. Install it with: apt-get install -y chromium`);
}

if (!haveChromium && inCi) {
  describe("the digest page in Chromium (CI)", () => {
    it("has Chromium installed, because CI must not skip the browser test", () => {
      expect.fail(`${CHROMIUM} is missing; .ci/run installs it with apt-get install -y chromium`);
    });
  });
}

describe.skipIf(!haveChromium)("the digest page in Chromium", () => {
  let server: Server;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const html = PAGES[req.url ?? ""];
      if (html === undefined) {
        res.writeHead(404, { "content-security-policy": CSP, "content-type": "text/plain" }).end("not found");
        return;
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": CSP }).end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    mkdirSync(OUT, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  type Scheme = "light" | "dark";

  /** Opens a path and collects every console error and page error on the way. */
  async function open(path: string, viewport: { width: number; height: number }, colorScheme: Scheme = "light") {
    const page = await browser.newPage({ viewport, colorScheme });
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    const res = await page.goto(`${origin}${path}`, { waitUntil: "load" });
    expect(res?.status()).toBe(200);
    expect(res?.headers()["content-security-policy"]).toBe(CSP);
    return { page, errors };
  }

  const horizontalOverflow = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it("renders on a desktop without console errors or policy violations, and saves a screenshot", async () => {
    const { page, errors } = await open("/digest.html", { width: 1280, height: 900 });
    await page.screenshot({ path: `${OUT}digest-page-desktop.png`, fullPage: true });
    expect(errors).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);
    await page.close();
  }, 30_000);

  it("fits a 375 px phone without scrolling sideways, in light and dark", async () => {
    for (const scheme of ["light", "dark"] as const) {
      const { page, errors } = await open("/digest.html", { width: 375, height: 812 }, scheme);
      const suffix = scheme === "light" ? "" : "-dark";
      await page.screenshot({ path: `${OUT}digest-page-phone${suffix}.png`, fullPage: true });
      expect(errors).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      // Wide elements inside a clipped box would not show in scrollWidth; none may stick out of the viewport.
      const sticking = await page.evaluate(() =>
        [...document.querySelectorAll("body *")]
          .filter((el) => !el.closest(".vh"))
          .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      expect(sticking).toEqual([]);
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      // Dark mode must actually darken the page, not only announce it.
      if (scheme === "dark") expect(background).toBe("rgb(20, 21, 23)");
      else expect(background).toBe("rgb(251, 250, 247)");
      await page.close();
    }
  }, 30_000);

  it("links citation markers to their articles with the quote as hover text", async () => {
    const { page } = await open("/digest.html", { width: 1280, height: 900 });
    const first = page.locator("#story-1 .summary a.cite").first();
    expect(await first.getAttribute("href")).toBe(GENEVA_URL);
    expect(await first.getAttribute("rel")).toBe("noopener noreferrer");
    expect(await first.getAttribute("title")).toContain(
      "“Negotiators from both governments will meet in Geneva on January 10”",
    );
    const markers = await page
      .locator("a.cite")
      .evaluateAll((els) =>
        els.map((el) => ({ href: el.getAttribute("href") ?? "", title: el.getAttribute("title") ?? "" })),
      );
    expect(markers.length).toBeGreaterThan(5);
    for (const m of markers) {
      expect(m.href).toMatch(/^https?:\/\//);
      expect(m.title).toMatch(/: “.+”$/);
    }
    // The accessible name carries the quote too: hover text alone is not read by every screen reader.
    const name = await first.evaluate((el) => el.textContent ?? "");
    expect(name).toContain("Negotiators from both governments will meet in Geneva on January 10");
    await page.close();
  }, 30_000);

  it("has one h1 and one h2 per story, in order, with no skipped levels", async () => {
    const { page } = await open("/digest.html", { width: 1280, height: 900 });
    const headings = await page.evaluate(() =>
      [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => ({
        level: Number(h.tagName.slice(1)),
        text: h.textContent ?? "",
      })),
    );
    expect(headings.filter((h) => h.level === 1)).toHaveLength(1);
    expect(headings[0]?.level).toBe(1);
    expect(headings.filter((h) => h.level === 2).map((h) => h.text)).toEqual(DIGEST.stories.map((s) => s.title));
    for (let i = 1; i < headings.length; i++) {
      expect(headings[i]!.level - headings[i - 1]!.level).toBeLessThanOrEqual(1);
    }
    expect(await page.title()).toBe("News digest, 29 November 2026");
    await page.close();
  }, 30_000);

  it("runs none of the hostile titles, quotes and outlet names, and shows them as text", async () => {
    const { page, errors } = await open("/digest.html", { width: 1280, height: 900 });
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
    expect(await page.locator("script").count()).toBe(0);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("#story-2 h2").textContent()).toBe(DIGEST.stories[1]!.title);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);

  it("blocks a script that escaping had let through, because the policy allows none", async () => {
    const { page, errors } = await open("/injected.html", { width: 1280, height: 900 });
    expect(await page.locator("script").count()).toBe(1);
    expect(await page.evaluate(() => window.__injected)).toBeUndefined();
    expect(errors.some((e) => /Content Security Policy/i.test(e))).toBe(true);
    await page.close();
  }, 30_000);

  it("tells a visitor without a digest how to get one", async () => {
    const { page, errors } = await open("/empty.html", { width: 375, height: 812 });
    await page.screenshot({ path: `${OUT}digest-page-empty-phone.png`, fullPage: true });
    expect(errors).toEqual([]);
    expect(await page.locator("h1").textContent()).toBe("No digest yet");
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("FEEDS");
    expect(text).toContain("POST /news/articles");
    expect(text).toContain("POST /news/digests");
    expect(await horizontalOverflow(page)).toBe(0);
    await page.close();
  }, 30_000);
});
