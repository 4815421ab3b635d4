import { test } from "node:test";
import assert from "node:assert/strict";
import { crc32cLe } from "../checksum/crc32c.ts";
import { crc16 } from "./crc16.ts";

const digits = new TextEncoder().encode("123456789");

test("crc32cLe with ~0 seed and final inversion gives the CRC-32C check value", () => {
  assert.equal((~crc32cLe(0xffffffff, digits)) >>> 0, 0xe3069283);
});

test("crc32cLe can be continued across split buffers", () => {
  const whole = crc32cLe(0x1234, new Uint8Array(1000).map((_, i) => i * 7));
  const bytes = new Uint8Array(1000).map((_, i) => i * 7);
  assert.equal(crc32cLe(crc32cLe(0x1234, bytes.subarray(0, 333)), bytes.subarray(333)), whole);
});

test("crc16 gives the CRC-16/ARC check value", () => {
  assert.equal(crc16(0, digits), 0xbb3d);
});
