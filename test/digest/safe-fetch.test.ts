import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchProblem, safeFetch, type SafeFetchOptions } from "../../src/digest/safe-fetch.js";

type Route = (init: RequestInit | undefined) => Response | Promise<Response>;

/** A fetch answering from a table of URLs, recording each request; unknown URLs fail the test loudly. */
function fakeFetch(routes: Record<string, Route>) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init });
    const route = routes[url];
    if (!route) throw new Error(`unexpected request to ${url}`);
    return route(init);
  }) as typeof fetch;
  return { fn, calls };
}

const html =
  (body: string, headers: Record<string, string> = {}) =>
  () =>
    new Response(body, { headers: { "content-type": "text/html; charset=utf-8", ...headers } });
const redirect =
  (location: string, status = 302) =>
  () =>
    new Response(null, { status, headers: { location } });
const typed = (body: BodyInit | null, type: string) => () => new Response(body, { headers: { "content-type": type } });

const options = (fetchFn: typeof fetch, extra: Partial<SafeFetchOptions> = {}): SafeFetchOptions => ({
  allowPrivate: false,
  timeoutMs: 2_000,
  maxBytes: 1024 * 1024,
  accept: "html",
  fetch: fetchFn,
  ...extra,
});

async function problem(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(FetchProblem);
    return (err as Error).message;
  }
  throw new Error("expected a FetchProblem");
}

/** A body of `chunks` chunks of `size` bytes, counting how many the reader pulled. */
function countedBody(size: number, chunks = Infinity) {
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= chunks) return controller.close();
      state.pulled++;
      controller.enqueue(new Uint8Array(size).fill(97));
    },
  });
  return { stream, state };
}

describe("safeFetch", () => {
  it("follows redirects (relative ones too) to the final URL, asking fetch not to follow them itself", async () => {
    const { fn, calls } = fakeFetch({
      "https://news.example/a": redirect("/b", 301),
      "https://news.example/b": redirect("https://www.news.example/c", 308),
      "https://www.news.example/c": html("<p>Hello</p>"),
    });
    const page = await safeFetch("https://news.example/a", options(fn));
    expect(page).toEqual({ url: "https://www.news.example/c", contentType: "text/html", body: "<p>Hello</p>" });
    expect(calls.map((c) => c.init?.redirect)).toEqual(["manual", "manual", "manual"]);
    expect(calls.every((c) => c.init?.signal instanceof AbortSignal)).toBe(true);
  });

  it.each([
    ["http://10.0.0.7/admin", "redirect to a private address refused"],
    ["http://0x7f.1/", "redirect to a loopback address refused"],
    ["http://169.254.169.254/latest/meta-data/", "redirect to a cloud metadata address refused"],
    ["http://[::ffff:127.0.0.1]:8080/", "redirect to a loopback address refused"],
    ["file:///etc/passwd", "redirect to a non-http(s) URL refused"],
  ])("refuses a redirect to %s at the hop, without requesting it", async (target, message) => {
    const { fn, calls } = fakeFetch({ "https://news.example/a": redirect(target) });
    expect(await problem(safeFetch("https://news.example/a", options(fn)))).toBe(message);
    expect(calls.map((c) => c.url)).toEqual(["https://news.example/a"]);
  });

  it("refuses a private start URL before any request", async () => {
    const { fn, calls } = fakeFetch({});
    const message = await problem(safeFetch("http://192.168.0.1/feed.xml", options(fn)));
    expect(message).toBe("private address refused (192.168.0.1)");
    expect(calls).toEqual([]);
  });

  it("stops after five redirects", async () => {
    const routes: Record<string, Route> = {};
    for (let i = 0; i < 10; i++) routes[`https://loop.example/${i}`] = redirect(`/${i + 1}`);
    const { fn, calls } = fakeFetch(routes);
    expect(await problem(safeFetch("https://loop.example/0", options(fn)))).toBe("too many redirects (> 5)");
    expect(calls).toHaveLength(6);
  });

  it("rejects a page whose Content-Length is over the cap without reading the body", async () => {
    const { stream, state } = countedBody(1024, 10);
    const { fn } = fakeFetch({
      "https://news.example/big": () =>
        new Response(stream, { headers: { "content-type": "text/html", "content-length": String(3 * 1024 * 1024) } }),
    });
    const message = await problem(safeFetch("https://news.example/big", options(fn, { maxBytes: 2 * 1024 * 1024 })));
    expect(message).toBe("too large (> 2 MB)");
    expect(state.pulled).toBeLessThanOrEqual(1); // a stream may pre-pull one chunk on creation; nothing was read
  });

  it("stops reading an endless body once it passes the cap", async () => {
    const { stream, state } = countedBody(64 * 1024);
    const { fn } = fakeFetch({ "https://news.example/endless": typed(stream, "text/html") });
    const message = await problem(safeFetch("https://news.example/endless", options(fn, { maxBytes: 1024 * 1024 })));
    expect(message).toBe("too large (> 1 MB)");
    expect(state.pulled).toBeLessThanOrEqual(18); // 16 chunks fit, the 17th crosses the cap (+1 pre-pulled)
  });

  it.each([
    ["html", "application/pdf", "not HTML (application/pdf)"],
    ["html", "image/jpeg", "not HTML (image/jpeg)"],
    ["html", "application/json; charset=utf-8", "not HTML (application/json)"],
    ["html", "", "not HTML (no content type)"],
    ["feed", "text/html; charset=utf-8", "not a feed (text/html)"],
  ] as const)("as %s, refuses content type %j", async (accept, type, message) => {
    const { fn } = fakeFetch({ "https://news.example/x": typed("%PDF-1.7", type) });
    // A body with a string sets text/plain by default; remove it to model a server that sends no type.
    if (!type) {
      const { fn: bare } = fakeFetch({
        "https://news.example/x": () => {
          const r = new Response("%PDF-1.7");
          r.headers.delete("content-type");
          return r;
        },
      });
      expect(await problem(safeFetch("https://news.example/x", options(bare, { accept })))).toBe(message);
      return;
    }
    expect(await problem(safeFetch("https://news.example/x", options(fn, { accept })))).toBe(message);
  });

  it.each(["application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"])(
    "accepts %s as a feed",
    async (type) => {
      const { fn } = fakeFetch({ "https://news.example/feed": typed("<rss/>", type) });
      expect((await safeFetch("https://news.example/feed", options(fn, { accept: "feed" }))).contentType).toBe(type);
    },
  );

  it("reports an HTTP error status by its code", async () => {
    const { fn } = fakeFetch({ "https://news.example/gone": () => new Response("no", { status: 404 }) });
    expect(await problem(safeFetch("https://news.example/gone", options(fn)))).toBe("HTTP 404");
  });

  it("times out a server that never answers, even if fetch ignores the abort signal", async () => {
    const { fn } = fakeFetch({ "https://slow.example/": () => new Promise<Response>(() => {}) });
    const started = Date.now();
    const message = await problem(safeFetch("https://slow.example/", options(fn, { timeoutMs: 100 })));
    expect(message).toBe("timed out after 100 ms");
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("times out a body that stalls half way", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("<p>first half"));
      },
    });
    const { fn } = fakeFetch({ "https://slow.example/": typed(stream, "text/html") });
    const message = await problem(safeFetch("https://slow.example/", options(fn, { timeoutMs: 100 })));
    expect(message).toBe("timed out after 100 ms");
  });

  it("decodes the body with the charset the header names, else the one the document declares", async () => {
    const latin1 = new Uint8Array([0x43, 0x61, 0x66, 0xe9]); // "Café" in ISO-8859-1
    const xml = new Uint8Array([
      ...new TextEncoder().encode('<?xml version="1.0" encoding="windows-1252"?><rss>'),
      0x6e,
      0x61,
      0xef,
      0x76,
      0x65, // "naïve" in windows-1252
      ...new TextEncoder().encode("</rss>"),
    ]);
    const { fn } = fakeFetch({
      "https://a.example/page": typed(latin1, "text/html; charset=ISO-8859-1"),
      "https://a.example/feed": () => new Response(xml, { headers: { "content-type": "application/rss+xml" } }),
      "https://a.example/utf8": () => new Response("naïve", { headers: { "content-type": "text/html" } }),
    });
    expect((await safeFetch("https://a.example/page", options(fn))).body).toBe("Café");
    const feed = await safeFetch("https://a.example/feed", options(fn, { accept: "feed" }));
    expect(feed.body).toContain("<rss>naïve</rss>");
    expect((await safeFetch("https://a.example/utf8", options(fn))).body).toBe("naïve");
  });

  it("wraps a network failure as a FetchProblem", async () => {
    const fn = (async () => {
      throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
    }) as typeof fetch;
    const message = await problem(safeFetch("https://down.example/", options(fn)));
    expect(message).toBe("request failed: fetch failed (ECONNREFUSED)");
  });
});

describe("safeFetch over real sockets (Node's fetch, a loopback server, allowPrivate)", () => {
  const loopback = { timeoutMs: 5_000, accept: "html" } as const;
  let server: Server;
  let base = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/hop1") return void res.writeHead(302, { location: "/hop2" }).end();
      if (req.url === "/hop2") return void res.writeHead(307, { location: `${base}/page` }).end();
      if (req.url === "/page") return void res.writeHead(200, { "content-type": "text/html" }).end("<p>arrived</p>");
      if (req.url === "/to-metadata") return void res.writeHead(302, { location: "http://169.254.169.254/" }).end();
      if (req.url === "/huge") {
        // Chunked, no Content-Length: only the streaming cap can stop it.
        res.writeHead(200, { "content-type": "text/html" });
        const chunk = "x".repeat(64 * 1024);
        let sent = 0;
        const pump = () => {
          while (sent < 64 && res.write(chunk)) sent++;
          if (sent < 64) res.once("drain", pump);
          else res.end();
        };
        pump();
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  it("follows a real redirect chain", async () => {
    const page = await safeFetch(`${base}/hop1`, { ...loopback, allowPrivate: true, maxBytes: 1024 });
    expect(page).toMatchObject({ url: `${base}/page`, body: "<p>arrived</p>" });
  });

  it("cuts off a real chunked body past the cap", async () => {
    const message = await problem(safeFetch(`${base}/huge`, { ...loopback, allowPrivate: true, maxBytes: 256 * 1024 }));
    expect(message).toBe("too large (> 256 KB)");
  });

  it("refuses a private start URL when private hosts are not allowed", async () => {
    const message = await problem(safeFetch(`${base}/page`, { ...loopback, allowPrivate: false, maxBytes: 1024 }));
    expect(message).toBe("loopback address refused (127.0.0.1)");
  });
});
