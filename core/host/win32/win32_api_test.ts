import { test } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { decodeRegValue, readWide, splitKey, wide } from "./win32_api.ts";
import { DECLARATIONS } from "./declarations.ts";

test("a registry path splits into its root HKEY (HKCU 0x80000001) and the subkey, short or long root names alike", () => {
  assert.deepEqual(splitKey("HKCU\\Software\\Microsoft"), { root: 0x80000001n, sub: "Software\\Microsoft" });
  assert.deepEqual(splitKey("HKEY_LOCAL_MACHINE\\SYSTEM"), { root: 0x80000002n, sub: "SYSTEM" });
  assert.throws(() => splitKey("HKXX\\a"), /unknown registry root HKXX/);
});

test("UTF-16 strings go out NUL-terminated exactly as Buffer.from(s + NUL, 'utf16le') and come back whole, Polish and CJK letters included", () => {
  const s = "C:\\Users\\Michał Żółw\\日本";
  assert.deepEqual(Buffer.from(wide(s)), Buffer.from(s + "\0", "utf16le"));
  assert.equal(readWide(wide(s)), s);
  assert.equal(readWide(wide("abcdef"), 2, 3), "bcd");
});

test("registry data decodes by type: REG_SZ without its NUL, REG_EXPAND_SZ as written, DWORD and QWORD as numbers, MULTI_SZ as a list, others left out", () => {
  const sz = Buffer.from("\\\\?\\C:\\Users\\Michał\\wsl\0", "utf16le");
  assert.equal(decodeRegValue(1, sz), "\\\\?\\C:\\Users\\Michał\\wsl");
  assert.equal(decodeRegValue(2, Buffer.from("%USERPROFILE%\\x\0", "utf16le")), "%USERPROFILE%\\x");
  assert.equal(decodeRegValue(4, Uint8Array.of(0xe8, 0x03, 0, 0)), 1000);
  assert.equal(decodeRegValue(11, Uint8Array.of(1, 0, 0, 0, 1, 0, 0, 0)), 2 ** 32 + 1);
  assert.deepEqual(decodeRegValue(7, Buffer.from("a\0bé\0\0", "utf16le")), ["a", "bé"]);
  assert.equal(decodeRegValue(3, Uint8Array.of(1, 2)), undefined);
});

test("every declared function names its DLL and takes only integer, handle or pointer parameters", () => {
  for (const [name, d] of Object.entries(DECLARATIONS)) {
    assert.match(d.dll, /^(kernel32|advapi32)\.dll$/, name);
    for (const t of [...d.params, d.result]) assert.ok(["u32", "i32", "u64", "ptr"].includes(t), `${name}: ${t}`);
  }
  // Wide-character entry points only: an "A" function would read the ANSI code page.
  assert.deepEqual(Object.keys(DECLARATIONS).filter((n) => /[a-z]A$/.test(n)), []);
});
