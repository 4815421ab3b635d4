import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { decodeCodePage, encodeCodePage, TABLED_CODE_PAGES, utf16le } from "./code_pages.ts";

const ICONV_NAME: Record<number, string> = { 437: "CP437", 850: "CP850", 1252: "CP1252" };

test("each code page table decodes bytes 0x80-0xFF as iconv does, and encodes them back", () => {
  for (const cp of TABLED_CODE_PAGES) {
    // CP1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined: iconv refuses them, the table has U+FFFD.
    const bytes = Array.from({ length: 128 }, (_, i) => 0x80 + i).filter((b) => cp !== 1252 || ![0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b));
    const r = spawnSync("iconv", ["-f", ICONV_NAME[cp], "-t", "UTF-8"], { input: Buffer.from(bytes) });
    assert.equal(r.status, 0, String(r.stderr));
    const expected = r.stdout.toString("utf8");
    assert.equal([...expected].length, bytes.length, `${cp}: one character per byte`);
    assert.equal(decodeCodePage(Uint8Array.from(bytes), cp), expected, `code page ${cp}`);
    assert.deepEqual([...encodeCodePage(expected, cp)!], bytes, `code page ${cp} round trip`);
  }
});

test("a character a code page lacks is null, ASCII passes, 65001 is UTF-8, UTF-16LE has no BOM", () => {
  assert.equal(encodeCodePage("€", 437), null);
  assert.equal(encodeCodePage("\ufffd", 1252), null);
  assert.deepEqual([...encodeCodePage("Usuário", 850)!], [0x55, 0x73, 0x75, 0xa0, 0x72, 0x69, 0x6f]);
  assert.deepEqual([...encodeCodePage("á", 65001)!], [0xc3, 0xa1]);
  assert.deepEqual([...utf16le("Aá")], [0x41, 0, 0xe1, 0]);
});
