import { parseHTML } from "linkedom";

/**
 * The part of the DOM this room uses. linkedom's types lean on the browser's DOM library, which this project does
 * not load (it would claim browser globals the Worker lacks), so the shape is spelled out here.
 */
export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly childNodes: ArrayLike<DomNode>;
  readonly textContent: string | null;
  readonly parentNode: DomNode | null;
}

export interface DomElement extends DomNode {
  readonly tagName: string;
  readonly localName: string;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
  contains(other: DomNode | null): boolean;
  remove(): void;
  setAttribute(name: string, value: string): void;
  appendChild(node: DomNode): DomNode;
}

export interface DomDocument extends DomElement {
  readonly documentElement: DomElement | null;
  readonly head: DomElement | null;
  readonly body: DomElement | null;
  readonly baseURI: string | null;
  createElement(tag: string): DomElement;
}

/** Parses HTML (a page or a fragment) into a linkedom document. */
export function parseDocument(html: string): DomDocument {
  // A bare fragment gets no <html>/<body> from linkedom; wrapping gives every input the same shape.
  const source = /<html[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  return parseHTML(source).document as unknown as DomDocument;
}

/** Elements whose end starts a new paragraph. */
const BLOCKS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "body",
  "br",
  "caption",
  "dd",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "main",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "td",
  "th",
  "tr",
  "ul",
]);
/** Elements whose text is never prose. */
const SKIP = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "math",
  "iframe",
  "object",
  "embed",
  "canvas",
  "button",
  "input",
  "select",
  "option",
  "textarea",
  "form",
  "head",
  "title",
]);

/**
 * The text of an element as paragraphs: each block element's text, white space collapsed, blocks joined by blank
 * lines. Inline markup (links, emphasis) stays inside its paragraph.
 *
 * @example
 * blocksText(parseDocument("<p>One <b>two</b>.</p><p>Three.</p>").body!); // "One two.\n\nThree."
 */
export function blocksText(root: DomNode): string {
  const paragraphs: string[] = [];
  let current = "";
  const flush = () => {
    const text = current.replace(/\s+/g, " ").trim();
    if (text) paragraphs.push(text);
    current = "";
  };
  const walk = (node: DomNode) => {
    if (node.nodeType === 3) {
      current += node.textContent ?? "";
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
    const name = node.nodeName.toLowerCase();
    if (SKIP.has(name)) return;
    const block = BLOCKS.has(name);
    if (block) flush();
    // linkedom builds childNodes afresh on every access: read it once per element, not once per child.
    for (const child of Array.from(node.childNodes)) walk(child);
    if (block) flush();
  };
  walk(root);
  flush();
  return paragraphs.join("\n\n");
}

/**
 * HTML (as found in a feed's description) to plain paragraphs; text without markup passes through unchanged
 * apart from white space.
 *
 * @example
 * htmlToText("<p>Fire at the <a href='/x'>harbor</a>.</p><p>No one hurt.</p>");
 * // "Fire at the harbor.\n\nNo one hurt."
 */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return plainParagraphs(html);
  const doc = parseDocument(html);
  return blocksText(doc.body ?? doc);
}

/**
 * Plain text with white space tidied line by line: blank lines separate paragraphs, other line breaks stay. Line
 * by line because a pattern such as `\s*\n\s*\n` backtracks quadratically over long runs of white space.
 */
function plainParagraphs(text: string): string {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/\s+/g, " ").trim();
    if (line) current.push(line);
    else if (current.length > 0) {
      paragraphs.push(current.join("\n"));
      current = [];
    }
  }
  if (current.length > 0) paragraphs.push(current.join("\n"));
  return paragraphs.join("\n\n");
}
