import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { decodeCodePage, encodeCodePage } from "./code_page.ts";

/** glibc's iconv is the judge of the tables. */
function iconv(bytes: Uint8Array, from: string): string {
  const r = spawnSync("iconv", ["-f", from, "-t", "UTF-8"], { input: bytes });
  assert.equal(r.status, 0, String(r.stderr));
  return r.stdout.toString("utf8");
}

for (const [cp, name] of [[437, "CP437"], [850, "CP850"]] as const) {
  test(`code page ${cp} decodes every byte as iconv does`, () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    assert.equal(decodeCodePage(all, cp), iconv(all, name));
  });
}

test("code page 1252 decodes its defined bytes as iconv does", () => {
  const defined = Uint8Array.from({ length: 256 }, (_, i) => i).filter((b) => ![0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b));
  assert.equal(decodeCodePage(defined, 1252), iconv(defined, "CP1252"));
});

test("the German diskpart line of FSLogix#15 reads back from code page 850, and not from 1252", () => {
  const line = "Die Datei für virtuelle Datenträger wurde von DiskPart erfolgreich komprimiert.";
  const bytes = encodeCodePage(line, 850)!;
  assert.equal(bytes[bytes.indexOf(0x81) - 1], "f".charCodeAt(0), "ü is 0x81 in code page 850");
  assert.equal(decodeCodePage(bytes, 850), line);
  assert.match(decodeCodePage(bytes, 1252), /Datentr„ger/, "what FSLogix#15 saw when reading it as ANSI");
});

test("user names survive each code page that has their letters; others are refused, never garbled", () => {
  for (const cp of [437, 850, 1252, 65001]) assert.equal(decodeCodePage(encodeCodePage("C:\\Users\\Jürgen Usuário", cp)!, cp), "C:\\Users\\Jürgen Usuário");
  assert.equal(encodeCodePage("C:\\Users\\Łukasz", 850), null);
  assert.equal(encodeCodePage("Ω", 932), null);
  assert.deepEqual(encodeCodePage("plain", 932), new TextEncoder().encode("plain"));
});
