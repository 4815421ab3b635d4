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
