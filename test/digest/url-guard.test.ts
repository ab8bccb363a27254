import { describe, expect, it } from "vitest";
import { checkUrl, UnsafeUrlError, type UnsafeUrlKind } from "../../src/digest/url-guard.js";

const refusedKind = (url: string): UnsafeUrlKind | "allowed" => {
  try {
    checkUrl(url, { allowPrivate: false });
    return "allowed";
  } catch (err) {
    if (err instanceof UnsafeUrlError) return err.kind;
    throw err;
  }
};

describe("checkUrl", () => {
  it.each([
    ["ftp://news.example/feed.xml", "scheme"],
    ["file:///etc/passwd", "scheme"],
    ["javascript:alert(1)", "scheme"],
    ["data:text/html,<p>hi</p>", "scheme"],
    ["not a url", "invalid"],
    ["https://user:secret@news.example/feed.xml", "credentials"],
    ["https://user@news.example/feed.xml", "credentials"],
    ["http://127.0.0.1/", "loopback"],
    ["http://127.255.10.3:8080/x", "loopback"],
    ["http://localhost/", "loopback"],
    ["http://LOCALHOST./", "loopback"],
    ["http://api.localhost/", "loopback"],
    ["http://[::1]/", "loopback"],
    ["http://[0:0:0:0:0:0:0:1]/", "loopback"],
    ["http://[::ffff:127.0.0.1]/", "loopback"],
    ["http://[::ffff:7f00:1]/", "loopback"],
    ["http://[::ffff:10.1.2.3]/", "private"],
    ["http://2130706433/", "loopback"],
    ["http://0x7f.1/", "loopback"],
    ["http://0x7f000001/", "loopback"],
    ["http://017700000001/", "loopback"],
    ["http://0177.0.0.1/", "loopback"],
    ["http://127.1/", "loopback"],
    ["http://10.0.0.5/", "private"],
    ["http://172.16.0.1/", "private"],
    ["http://172.31.255.255/", "private"],
    ["http://192.168.1.1/", "private"],
    ["http://0xc0.0xa8.1.1/", "private"],
    ["http://3232235777/", "private"],
    ["http://100.64.0.1/", "private"],
    ["http://100.127.255.254/", "private"],
    ["http://[fc00::1]/", "private"],
    ["http://[fd12:3456:789a::1]/", "private"],
    ["http://intranet/", "private"],
    ["http://printer.local/", "private"],
    ["http://169.254.1.1/", "link-local"],
    ["http://[fe80::1]/", "link-local"],
    ["http://169.254.169.254/latest/meta-data/", "metadata"],
    ["http://2852039166/", "metadata"],
    ["http://metadata.google.internal/computeMetadata/v1/", "metadata"],
    ["http://[fd00:ec2::254]/", "metadata"],
    ["http://0.0.0.0/", "reserved"],
    ["http://0/", "reserved"],
    ["http://0.1.2.3/", "reserved"],
    ["http://[::]/", "reserved"],
    ["http://224.0.0.1/", "reserved"],
    ["http://[64:ff9b::7f00:1]/", "loopback"],
    ["http://[2002:c0a8:101::1]/", "private"],
  ] as const)("refuses %s as %s", (url, kind) => {
    expect(refusedKind(url)).toBe(kind);
  });

  it.each([
    "https://news.example/feed.xml",
    "http://news.example:8080/rss?x=1",
    "https://www.reuters.com/world/",
    "http://8.8.8.8/",
    "http://172.32.0.1/",
    "http://100.128.0.1/",
    "http://192.169.0.1/",
    "http://[2606:4700:4700::1111]/",
    "http://[::ffff:8.8.8.8]/",
    "https://xn--bcher-kva.example/",
  ])("allows the public URL %s", (url) => {
    expect(refusedKind(url)).toBe("allowed");
  });

  it("allows private and loopback hosts with allowPrivate, but never other schemes or credentials", () => {
    expect(checkUrl("http://127.0.0.1:8787/feed.xml", { allowPrivate: true }).port).toBe("8787");
    expect(checkUrl("http://192.168.1.10/", { allowPrivate: true }).hostname).toBe("192.168.1.10");
    expect(() => checkUrl("file:///etc/passwd", { allowPrivate: true })).toThrow(/only http and https/);
    expect(() => checkUrl("http://u:p@127.0.0.1/", { allowPrivate: true })).toThrow(/credentials/);
  });

  it("says which host it refused, as the URL parser normalized it", () => {
    expect(() => checkUrl("http://0x7f.1/", { allowPrivate: false })).toThrow("loopback address refused (127.0.0.1)");
  });
});
