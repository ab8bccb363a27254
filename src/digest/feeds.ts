import { XMLParser, XMLValidator } from "fast-xml-parser";
import { htmlToText } from "./html-text.js";

/** A feed that cannot be read: malformed XML, not RSS or Atom, or a DOCTYPE that declares entities. */
export class FeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FeedError";
  }
}

export interface FeedItem {
  /** Absolute http(s) URL of the item's page, resolved against the feed's URL. */
  url: string;
  title?: string;
  /** ISO 8601. */
  publishedAt?: string;
  /** The item's own text (description, content or summary) as plain paragraphs: the body when the page fails. */
  summaryText?: string;
  /** The outlet when the feed names one per item (RSS `<source>`), as aggregators do. */
  source?: string;
}

export interface ParsedFeed {
  title?: string;
  items: FeedItem[];
}

// Entities stay unexpanded in the parser: we decode the five XML ones and character references ourselves, so a
// DOCTYPE's entity declarations can never grow the text (billion laughs) however the parser treats them.
const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  cdataPropName: "__cdata",
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => ["item", "entry", "link", "rss:item"].includes(name),
});

/**
 * Items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed. Throws `FeedError` for anything else, for malformed XML and
 * for a DOCTYPE with an internal subset (the only place entity bombs can be declared). Only the first `maxItems`
 * (default 200; feeds list the newest first) are read: turning each item's HTML into text is the costly part.
 *
 * @example
 * const feed = parseFeed(xml, "https://news.example/feed.xml");
 * feed.items[0]?.url; // "https://news.example/2026/03/harbor-fire"
 */
export function parseFeed(xml: string, feedUrl: string, options: { maxItems?: number } = {}): ParsedFeed {
  const maxItems = options.maxItems ?? 200;
  const source = xml.replace(/^\uFEFF/, "");
  refuseInternalSubset(source);
  const valid = XMLValidator.validate(source);
  if (valid !== true) {
    const at = valid.err.line ? ` (line ${valid.err.line}${valid.err.col ? `, column ${valid.err.col}` : ""})` : "";
    throw new FeedError(`malformed XML: ${valid.err.msg}${at}`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(source) as Record<string, unknown>;
  } catch (err) {
    throw new FeedError(`malformed XML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const rootName = Object.keys(doc).find((k) => !k.startsWith("?") && !k.startsWith("#"));
  const root = rootName === undefined ? undefined : asNode(doc[rootName]);
  if (!rootName || !root) throw new FeedError("not a feed: the document has no root element");
  const local = rootName.replace(/^.*:/, "");
  if (local === "rss") return rss(asNode(root.channel) ?? {}, feedUrl, maxItems);
  if (local === "RDF") return rdf(root, feedUrl, maxItems);
  if (local === "feed") {
    return atom(root, rootName.includes(":") ? rootName.replace(/:.*$/, ":") : "", feedUrl, maxItems);
  }
  throw new FeedError(`not an RSS or Atom feed (root element <${rootName}>)`);
}

/**
 * Throws when a DOCTYPE before the root element has a `[...]` internal subset, the only place entities (and so
 * entity bombs) can be declared. A plain scan rather than a regular expression: a prolog of many processing
 * instructions must not make a backtracking pattern explode.
 */
function refuseInternalSubset(xml: string): void {
  let i = 0;
  for (;;) {
    while (i < xml.length && " \t\r\n".includes(xml[i]!)) i++;
    const close = xml.startsWith("<?", i) ? "?>" : xml.startsWith("<!--", i) ? "-->" : undefined;
    if (!close) break;
    const end = xml.indexOf(close, i + 2);
    if (end < 0) return; // unterminated: the validator reports it
    i = end + close.length;
  }
  if (xml.slice(i, i + 9).toUpperCase() !== "<!DOCTYPE") return;
  let quote: string | undefined;
  for (let j = i + 9; j < xml.length; j++) {
    const c = xml[j]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === "[") {
      throw new FeedError("DOCTYPE with an internal subset refused (entity declarations are not expanded)");
    } else if (c === ">") {
      return;
    }
  }
}

type XmlNode = Record<string, unknown>;

function asNode(value: unknown): XmlNode | undefined {
  if (Array.isArray(value)) return asNode(value[0]);
  return value !== null && typeof value === "object" ? (value as XmlNode) : undefined;
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** An element's text: character data with XML entities decoded, CDATA as it is. */
function text(value: unknown): string | undefined {
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === "string") return decodeXml(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const node = asNode(value);
  if (!node) return undefined;
  const parts = [decodeXml(asString(node["#text"])), asList(node.__cdata).map(asString).join("")];
  const joined = parts.filter(Boolean).join(" ").trim();
  if (joined) return joined;
  // Atom's type="xhtml" content arrives as nested elements: collect their text.
  return deepText(node) || undefined;
}

function asString(value: unknown): string {
  if (Array.isArray(value)) return value.map(asString).join(" ");
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

function deepText(node: XmlNode): string {
  const out: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("@_")) continue;
    for (const v of asList(value)) {
      if (key === "#text") out.push(decodeXml(asString(v)));
      else if (key === "__cdata") out.push(asString(v));
      else if (typeof v === "string") out.push(decodeXml(v));
      else if (asNode(v)) out.push(deepText(asNode(v)!));
    }
  }
  return out.filter(Boolean).join(" ");
}

function attr(value: unknown, name: string): string | undefined {
  const node = asNode(value);
  const v = node?.[`@_${name}`];
  return typeof v === "string" ? decodeXml(v) : undefined;
}

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * Decodes the five predefined XML entities and numeric character references; anything else (`&nbsp;`, which is
 * not XML) is left as written, which the HTML step after it then decodes where the text is HTML.
 *
 * @example
 * decodeXml("Fish &amp; chips &#8212; &#x2014;"); // "Fish & chips — —"
 */
export function decodeXml(value: string): string {
  if (!value.includes("&")) return value;
  return value.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith("#")) {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
      return valid ? String.fromCodePoint(code) : whole;
    }
    return XML_ENTITIES[ref] ?? whole;
  });
}

/**
 * An element's text as plain paragraphs. RSS says nothing of markup, and in practice its descriptions (and often
 * titles) are escaped HTML, so `html` is the default; Atom says which it is (`type`: text, html or xhtml, whose
 * markup `text()` has already flattened).
 */
function plain(value: unknown, type = "html"): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const isHtml = type === "html" || type === "text/html";
  const out = isHtml
    ? htmlToText(raw)
    : raw
        .split(/\n\s*\n/)
        .map((p) => p.replace(/\s+/g, " ").trim())
        .filter(Boolean)
        .join("\n\n");
  return out || undefined;
}

function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const t = Date.parse(value.trim());
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function absolute(link: string | undefined, base: string): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link.trim(), base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function item(fields: {
  url: string | undefined;
  title?: string | undefined;
  publishedAt?: string | undefined;
  summaryText?: string | undefined;
  source?: string | undefined;
}): FeedItem | undefined {
  if (!fields.url) return undefined;
  const out: FeedItem = { url: fields.url };
  if (fields.title) out.title = fields.title;
  if (fields.publishedAt) out.publishedAt = fields.publishedAt;
  if (fields.summaryText) out.summaryText = fields.summaryText;
  if (fields.source) out.source = fields.source;
  return out;
}

/** Items with a URL, each URL once (feeds repeat items across pages and updates). */
function finish(title: string | undefined, items: (FeedItem | undefined)[]): ParsedFeed {
  const seen = new Set<string>();
  const kept: FeedItem[] = [];
  for (const i of items) {
    if (!i || seen.has(i.url)) continue;
    seen.add(i.url);
    kept.push(i);
  }
  const name = title ? htmlToText(title) : undefined;
  return name ? { title: name, items: kept } : { items: kept };
}

function rss(channel: XmlNode, feedUrl: string, maxItems: number): ParsedFeed {
  const items = asList(channel.item)
    .slice(0, maxItems)
    .map((v) => {
      const n = asNode(v) ?? {};
      const guid = n.guid;
      const permalink = attr(guid, "isPermaLink") !== "false" ? text(guid) : undefined;
      return item({
        url: absolute(text(n.link), feedUrl) ?? absolute(permalink, feedUrl),
        title: plain(n.title),
        publishedAt: isoDate(text(n.pubDate) ?? text(n["dc:date"])),
        summaryText: plain(n["content:encoded"]) ?? plain(n.description),
        source: text(n.source),
      });
    });
  return finish(text(channel.title), items);
}

function rdf(root: XmlNode, feedUrl: string, maxItems: number): ParsedFeed {
  const channel = asNode(root.channel) ?? asNode(root["rss:channel"]) ?? {};
  const items = [...asList(root.item), ...asList(root["rss:item"])].slice(0, maxItems).map((v) => {
    const n = asNode(v) ?? {};
    return item({
      url: absolute(text(n.link) ?? text(n["rss:link"]) ?? attr(n, "rdf:about"), feedUrl),
      title: plain(n.title ?? n["rss:title"]),
      publishedAt: isoDate(text(n["dc:date"])),
      summaryText: plain(n["content:encoded"]) ?? plain(n.description ?? n["rss:description"]),
    });
  });
  return finish(text(channel.title ?? channel["rss:title"]), items);
}

function atom(feed: XmlNode, prefix: string, feedUrl: string, maxItems: number): ParsedFeed {
  const get = (n: XmlNode, name: string) => n[`${prefix}${name}`];
  const items = asList(get(feed, "entry"))
    .slice(0, maxItems)
    .map((v) => {
      const n = asNode(v) ?? {};
      const links = asList(get(n, "link"));
      const alternate =
        links.find((l) => (attr(l, "rel") ?? "alternate") === "alternate" && attr(l, "href")) ??
        links.find((l) => attr(l, "href"));
      const content = get(n, "content");
      const summary = get(n, "summary");
      return item({
        url: absolute(attr(alternate, "href"), feedUrl),
        title: plain(get(n, "title"), attr(get(n, "title"), "type") ?? "text"),
        publishedAt: isoDate(text(get(n, "published")) ?? text(get(n, "updated"))),
        summaryText: plain(content, attr(content, "type") ?? "text") ?? plain(summary, attr(summary, "type") ?? "text"),
        source: text(asNode(get(n, "source"))?.[`${prefix}title`]),
      });
    });
  return finish(text(get(feed, "title")), items);
}
