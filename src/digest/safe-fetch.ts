import { checkUrl, describe, UnsafeUrlError } from "./url-guard.js";

/** Why a page or feed was not fetched, in a few words fit for a log line ("HTTP 404", "too large (> 2 MB)"). */
export class FetchProblem extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "FetchProblem";
  }
}

export interface SafeFetchOptions {
  allowPrivate: boolean;
  /** For the whole exchange: every redirect hop and the body. */
  timeoutMs: number;
  maxBytes: number;
  accept: "html" | "feed";
  fetch?: typeof fetch;
  maxRedirects?: number;
}

export interface Fetched {
  /** After redirects. */
  url: string;
  /** The media type without parameters, lower case ("" when the server sent none). */
  contentType: string;
  body: string;
}

const ACCEPT = {
  html: "text/html,application/xhtml+xml;q=0.9",
  feed: "application/rss+xml,application/atom+xml,application/rdf+xml;q=0.9,application/xml;q=0.8,text/xml;q=0.8",
};
const USER_AGENT = "wirebrief/0.1 (news digest; +https://github.com/wirebrief)";

/**
 * GETs a URL the way the digest must treat strangers' servers: each redirect hop re-checked by `checkUrl`, one
 * deadline for everything, the body streamed and cut off past `maxBytes`, the content type checked and the
 * charset honoured. Throws `FetchProblem`.
 *
 * @example
 * const page = await safeFetch("https://news.example/a.html", { allowPrivate: false, timeoutMs: 10_000,
 *   maxBytes: 2 * 1024 * 1024, accept: "html" });
 * page.url; page.body;
 */
export async function safeFetch(url: string, options: SafeFetchOptions): Promise<Fetched> {
  const fetchFn = options.fetch ?? fetch;
  const maxRedirects = options.maxRedirects ?? 5;
  const controller = new AbortController();
  const timedOut = new FetchProblem(`timed out after ${duration(options.timeoutMs)}`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A promise of our own, not only the signal: a fetch implementation that ignores the signal cannot hang us.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(timedOut);
      reject(timedOut);
    }, options.timeoutMs);
  });
  deadline.catch(() => {});
  const within = <T>(p: Promise<T>): Promise<T> => Promise.race([p, deadline]);

  try {
    let current = guard(url, options.allowPrivate, false);
    for (let hop = 0; ; hop++) {
      let response: Response;
      try {
        response = await within(
          fetchFn(current.href, {
            method: "GET",
            redirect: "manual",
            signal: controller.signal,
            headers: { accept: ACCEPT[options.accept], "user-agent": USER_AGENT },
          }),
        );
      } catch (err) {
        if (err instanceof FetchProblem) throw err;
        throw new FetchProblem(`request failed: ${failure(err)}`);
      }
      if ([301, 302, 303, 307, 308].includes(response.status)) {
        discard(response);
        const location = response.headers.get("location");
        if (!location) throw new FetchProblem(`HTTP ${response.status} without a Location`);
        if (hop >= maxRedirects) throw new FetchProblem(`too many redirects (> ${maxRedirects})`);
        current = guard(new URL(location, current).href, options.allowPrivate, true);
        continue;
      }
      if (response.status < 200 || response.status > 299) {
        discard(response);
        throw new FetchProblem(`HTTP ${response.status}`);
      }
      const header = response.headers.get("content-type") ?? "";
      const contentType = header.split(";")[0]!.trim().toLowerCase();
      if (!acceptable(contentType, options.accept)) {
        discard(response);
        const what = options.accept === "html" ? "not HTML" : "not a feed";
        throw new FetchProblem(`${what} (${contentType || "no content type"})`);
      }
      const length = Number(response.headers.get("content-length") ?? NaN);
      if (length > options.maxBytes) {
        discard(response);
        throw new FetchProblem(`too large (> ${size(options.maxBytes)})`);
      }
      const bytes = await within(readCapped(response, options.maxBytes));
      return { url: current.href, contentType, body: decode(bytes, header, options.accept) };
    }
  } finally {
    clearTimeout(timer);
  }
}

function guard(url: string, allowPrivate: boolean, isRedirect: boolean): URL {
  try {
    return checkUrl(url, { allowPrivate });
  } catch (err) {
    if (!(err instanceof UnsafeUrlError)) throw err;
    throw new FetchProblem(isRedirect ? `redirect to ${describe(err.kind)} refused` : err.message);
  }
}

function acceptable(type: string, accept: "html" | "feed"): boolean {
  if (accept === "html") return type === "text/html" || type === "application/xhtml+xml";
  // Feeds are often served with generic XML types, and some servers send none at all; the parser judges those.
  return type === "" || type === "text/xml" || type === "application/xml" || /^application\/[\w.-]+\+xml$/.test(type);
}

/** Lets the connection go without waiting: cancelling some bodies never settles (mswjs/interceptors#799). */
function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch (err) {
      if (err instanceof FetchProblem) throw err;
      throw new FetchProblem(`reading the body failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (chunk.done) break;
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      reader.cancel().catch(() => {});
      throw new FetchProblem(`too large (> ${size(maxBytes)})`);
    }
    chunks.push(chunk.value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Charset from the header, else from the document's own declaration (XML prolog or meta), else UTF-8. */
function decode(bytes: Uint8Array, contentType: string, accept: "html" | "feed"): string {
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  const declared =
    /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1] ??
    (accept === "feed"
      ? /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1]
      : /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1]);
  let decoder: { decode(input: Uint8Array): string };
  try {
    decoder = new TextDecoder(declared ?? "utf-8");
  } catch {
    // An unknown label (or one the runtime lacks): UTF-8 with replacement characters beats no text.
    decoder = new TextDecoder("utf-8");
  }
  return decoder.decode(bytes);
}

/** undici says only "fetch failed"; the cause's code (ECONNREFUSED, ENOTFOUND) is the useful part. */
function failure(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === "string" ? `${err.message} (${cause.code})` : err.message;
}

function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

function duration(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
