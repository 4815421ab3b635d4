import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeOutput, encodeUtf16le, looksLikeUtf16le } from "./decode.ts";

test("UTF-16LE output with \\r\\r\\n line ends decodes to plain lines", () => {
  const bytes = encodeUtf16le("  NAME      STATE           VERSION\r\r\n* Ubuntu    Stopped         2\r\r\n");
  assert.equal(looksLikeUtf16le(bytes), true);
  assert.equal(decodeOutput(bytes), "  NAME      STATE           VERSION\n* Ubuntu    Stopped         2\n");
});

test("UTF-8 output is not mistaken for UTF-16LE", () => {
  const bytes = new TextEncoder().encode("Ubuntu\r\ndocker-desktop\r\n");
  assert.equal(looksLikeUtf16le(bytes), false);
  assert.equal(decodeOutput(bytes), "Ubuntu\ndocker-desktop\n");
});

test("a UTF-16LE byte order mark is dropped", () => {
  const bytes = new Uint8Array([0xff, 0xfe, ...encodeUtf16le("ok")]);
  assert.equal(decodeOutput(bytes), "ok");
});

test("output asked for as UTF-8 is read as UTF-16LE when its content is (the in-box wsl.exe ignores WSL_UTF8)", () => {
  const bytes = encodeUtf16le("Windows Subsystem for Linux has no installed distributions.\r\n");
  assert.equal(decodeOutput(bytes, "utf8"), "Windows Subsystem for Linux has no installed distributions.\n");
  assert.equal(decodeOutput(new TextEncoder().encode("Ubuntu\n"), "utf8"), "Ubuntu\n");
});

test("console output in a code page goes through the OS converter when one is given, the tables when it fails", () => {
  const bytes = Uint8Array.of(0x4d, 0x69, 0x63, 0x68, 0x61, 0x88); // "Micha" + 0x88, 'ł' in code page 852
  assert.equal(decodeOutput(bytes, "auto", 852, (b, cp) => cp === 852 && b[5] === 0x88 ? "Michał" : "?"), "Michał");
  assert.equal(decodeOutput(Uint8Array.of(0x61, 0xa0), "auto", 437, () => { throw new Error("no such code page"); }), "aá");
});
