import { test } from "node:test";
import assert from "node:assert/strict";
import { crc32c, crc32cLe } from "./crc32c.ts";

const ascii = (s: string) => new TextEncoder().encode(s);

test("crc32c of \"123456789\" is the Castagnoli check value 0xE3069283", () => {
  assert.equal(crc32c(ascii("123456789")), 0xe3069283);
});

test("crc32c of known vectors matches RFC 3720 (iSCSI) values", () => {
  assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
  assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
  assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e);
  assert.equal(crc32c(new Uint8Array(0)), 0);
});

test("crc32c chains through its seed like one call over the concatenation", () => {
  const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7919) & 0xff);
  for (const cut of [0, 1, 7, 8, 9, 500, 999, 1000]) {
    assert.equal(crc32c(data.subarray(cut), crc32c(data.subarray(0, cut))), crc32c(data));
  }
});

test("crc32cLe is the raw register update: no final XOR, as ext4's crc32c_le", () => {
  assert.equal(crc32cLe(0xffffffff, ascii("123456789")), (~0xe3069283) >>> 0);
  assert.equal(crc32cLe(0, new Uint8Array(0)), 0);
});

test("the sliced table path agrees with a bitwise reference on every length up to 64", () => {
  const ref = (b: Uint8Array) => {
    let c = 0xffffffff;
    for (const x of b) {
      c ^= x;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    }
    return (c ^ 0xffffffff) >>> 0;
  };
  const data = Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff);
  for (let n = 0; n <= 64; n++) assert.equal(crc32c(data.subarray(0, n)), ref(data.subarray(0, n)));
});
