import { test } from "node:test";
import assert from "node:assert/strict";
import { crc32c, crc32cLe, crc32cLeWord } from "./crc32c.ts";

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

test("crc32cLe over a range of a buffer equals crc32cLe over that range copied out", () => {
  const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 0xff);
  for (const [s, e] of [[0, 300], [1, 300], [3, 17], [122, 124], [126, 256], [299, 300], [10, 10]]) {
    assert.equal(crc32cLe(0x12345678, data, s, e), crc32cLe(0x12345678, data.slice(s, e)), `${s}..${e}`);
  }
});

test("crc32cLeWord hashes the four little-endian bytes of a number", () => {
  for (const n of [0, 2, 0x80000001, 0xdeadbeef, 1000001]) {
    const bytes = new Uint8Array([n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24]);
    assert.equal(crc32cLeWord(0xffffffff, n), crc32cLe(0xffffffff, bytes));
  }
});
