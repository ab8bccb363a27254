/**
 * Which URLs the digest may fetch. Feeds come from configuration, but the URLs inside them (item links, redirect
 * targets) come from whoever runs the feed's server, so every URL is checked before each request.
 *
 * Workers cannot resolve DNS before `fetch`, so host names are judged by name only: a public name that resolves to
 * a private address is not caught here. In production the platform itself refuses egress to private addresses;
 * this guard is what keeps Node (the CLI) and mistakes in configuration away from loopback, the LAN and cloud
 * metadata endpoints. Address forms are judged after WHATWG URL parsing, which is also what `fetch` uses, so the
 * decimal, octal, hex and shortened IPv4 spellings (`http://2130706433/`, `http://0x7f.1/`) arrive here already
 * rewritten to dotted quads and cannot slip past.
 */

export type UnsafeUrlKind =
  | "invalid"
  | "scheme"
  | "credentials"
  | "loopback"
  | "private"
  | "link-local"
  | "metadata"
  | "reserved";

/** A URL the digest will not fetch; `kind` lets callers phrase it ("redirect to a private address refused"). */
export class UnsafeUrlError extends Error {
  readonly kind: UnsafeUrlKind;
  constructor(kind: UnsafeUrlKind, message: string) {
    super(message);
    this.name = "UnsafeUrlError";
    this.kind = kind;
  }
}

/**
 * The parsed URL when the digest may fetch it; throws `UnsafeUrlError` saying why not. Only http(s), never
 * credentials; with `allowPrivate` false also no loopback, private, link-local, CGNAT, metadata or reserved hosts.
 *
 * @example
 * checkUrl("https://news.example/feed.xml", { allowPrivate: false }); // URL
 * checkUrl("http://0x7f.1/", { allowPrivate: false }); // throws "loopback address refused (127.0.0.1)"
 */
export function checkUrl(url: string | URL, options: { allowPrivate: boolean }): URL {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    throw new UnsafeUrlError("invalid", `not a valid URL (${String(url).slice(0, 100)})`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new UnsafeUrlError("scheme", `only http and https URLs are fetched (got ${parsed.protocol})`);
  }
  if (parsed.username !== "" || parsed.password !== "") {
    throw new UnsafeUrlError("credentials", "URLs with credentials are refused");
  }
  if (options.allowPrivate) return parsed;
  const kind = hostKind(parsed.hostname);
  if (kind) throw new UnsafeUrlError(kind, `${describe(kind).replace(/^an? /, "")} refused (${parsed.hostname})`);
  return parsed;
}

/** "a private address", "a loopback address"…: for messages about a URL of this kind. */
export function describe(kind: UnsafeUrlKind): string {
  switch (kind) {
    case "invalid":
      return "an invalid URL";
    case "scheme":
      return "a non-http(s) URL";
    case "credentials":
      return "a URL with credentials";
    case "metadata":
      return "a cloud metadata address";
    default:
      return `a ${kind} address`;
  }
}

/** Why a host (as `URL.hostname` spells it) is not public, or undefined when it is. */
function hostKind(hostname: string): UnsafeUrlKind | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[")) return ipv6Kind(host.slice(1, -1));
  const v4 = parseIpv4(host);
  if (v4 !== undefined) return ipv4Kind(v4);
  if (host === "localhost" || host.endsWith(".localhost")) return "loopback";
  if (host === "metadata.google.internal" || host === "metadata" || host === "instance-data") return "metadata";
  // A single-label name ("intranet", "router") can only be resolved by a local resolver or search domain.
  if (!host.includes(".")) return "private";
  if (host.endsWith(".internal") || host.endsWith(".local") || host.endsWith(".home.arpa")) return "private";
  return undefined;
}

/** A dotted quad as a 32-bit number; WHATWG URL parsing has already normalized every other IPv4 spelling. */
function parseIpv4(host: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
}

const inV4 = (ip: number, base: string, bits: number): boolean => {
  const b = parseIpv4(base)!;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (ip & mask) >>> 0 === (b & mask) >>> 0;
};

function ipv4Kind(ip: number): UnsafeUrlKind | undefined {
  if (ip === parseIpv4("169.254.169.254") || ip === parseIpv4("169.254.170.2")) return "metadata";
  if (inV4(ip, "127.0.0.0", 8)) return "loopback";
  if (inV4(ip, "10.0.0.0", 8) || inV4(ip, "172.16.0.0", 12) || inV4(ip, "192.168.0.0", 16)) return "private";
  if (inV4(ip, "100.64.0.0", 10)) return "private"; // carrier-grade NAT: another tenant's network
  if (inV4(ip, "169.254.0.0", 16)) return "link-local";
  const reserved: [string, number][] = [
    ["0.0.0.0", 8], // "this network": 0.0.0.0 reaches localhost on Linux
    ["192.0.0.0", 24],
    ["192.0.2.0", 24],
    ["198.18.0.0", 15],
    ["198.51.100.0", 24],
    ["203.0.113.0", 24],
    ["224.0.0.0", 4],
    ["240.0.0.0", 4],
  ];
  if (reserved.some(([base, bits]) => inV4(ip, base, bits))) return "reserved";
  return undefined;
}

/** Eight 16-bit groups of an IPv6 address as `URL` prints it (compressed, lower case, no zone). */
function parseIpv6(text: string): number[] | undefined {
  let s = text;
  // URL serializes IPv4-mapped forms as hex groups, but accept a trailing dotted quad anyway.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const v4 = parseIpv4(dotted[1]!);
    if (v4 === undefined) return undefined;
    s = `${s.slice(0, -dotted[1]!.length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const part = (p: string | undefined) => (p ? p.split(":").map((g) => parseInt(g, 16)) : []);
  const head = part(halves[0]);
  const tail = part(halves[1]);
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...new Array<number>(Math.max(fill, 0)).fill(0), ...tail];
  if (groups.length !== 8 || groups.some((g) => Number.isNaN(g) || g < 0 || g > 0xffff)) return undefined;
  return groups;
}

function ipv6Kind(text: string): UnsafeUrlKind | undefined {
  const g = parseIpv6(text);
  if (!g) return "invalid";
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  const embeddedV4 = ((g6 << 16) | g7) >>> 0;
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(7) && g7 === 1) return "loopback";
  if (zeroTo(8)) return "reserved";
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible) reach the IPv4 address itself.
  if (zeroTo(5) && g5 === 0xffff) return ipv4Kind(embeddedV4);
  if (zeroTo(6)) return ipv4Kind(embeddedV4) ?? "reserved";
  // NAT64 (64:ff9b::/96) translates to the embedded IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return ipv4Kind(embeddedV4);
  const ec2 = [0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x254];
  if (g.every((x, i) => x === ec2[i])) return "metadata"; // AWS IMDS over IPv6
  if ((g0 & 0xfe00) === 0xfc00) return "private"; // fc00::/7 unique local
  if ((g0 & 0xffc0) === 0xfe80) return "link-local";
  if ((g0 & 0xffc0) === 0xfec0) return "private"; // deprecated site-local
  if ((g0 & 0xff00) === 0xff00) return "reserved"; // multicast
  if (g0 === 0x2001 && g1 === 0x0db8) return "reserved"; // documentation
  if (g0 === 0x2002) {
    // 6to4 carries an IPv4 address in groups 1–2.
    const v4 = ((g1 << 16) | g2) >>> 0;
    return ipv4Kind(v4);
  }
  return undefined;
}
