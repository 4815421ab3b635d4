import { test } from "node:test";
import assert from "node:assert/strict";
import { fullKeyName, readRegQuery } from "./reg_text.ts";

const LXSS = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss";
// Wine 8's reg.exe, as the suite sees it: CRLF, blank line, key, values, blank line, subkeys.
const OUTPUT = [
  "", LXSS,
  "    DefaultDistribution    REG_SZ    {5b6a1e1c-0000-4000-8000-000000000001}",
  "    (Default)    REG_SZ    ",
  "",
  `${LXSS}\\{5b6a1e1c-0000-4000-8000-000000000001}`,
  `${LXSS}\\{5b6a1e1c-0000-4000-8000-000000000002}`, "",
].join("\r\n");

test("reg query output gives the key's own values and its direct subkeys", () => {
  const r = readRegQuery(OUTPUT, "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss");
  assert.deepEqual(r.values, { DefaultDistribution: "{5b6a1e1c-0000-4000-8000-000000000001}", "": "" });
  assert.deepEqual(r.subkeys, ["{5b6a1e1c-0000-4000-8000-000000000001}", "{5b6a1e1c-0000-4000-8000-000000000002}"]);
});

test("DWORDs in hex, multi-strings split on \\0, values of /s subkeys left out, a space in a name kept", () => {
  const key = `${LXSS}\\{a}`;
  const out = `\r\n${key}\r\n    Version    REG_DWORD    0x2\r\n    DefaultUid    REG_DWORD    0x3e8\r\n    Distro Name    REG_SZ    My Ubuntu\r\n    Env    REG_MULTI_SZ    A=1\\0B=2\r\n\r\n${key}\\sub\r\n    Inner    REG_DWORD    0x1\r\n`;
  assert.deepEqual(readRegQuery(out, key).values, { Version: 2, DefaultUid: 1000, "Distro Name": "My Ubuntu", Env: ["A=1", "B=2"] });
});

test("hive abbreviations are spelled out", () => {
  assert.equal(fullKeyName("hkcu\\Software\\X"), "HKEY_CURRENT_USER\\Software\\X");
  assert.equal(fullKeyName("HKLM"), "HKEY_LOCAL_MACHINE");
  assert.equal(fullKeyName("HKEY_USERS\\S-1"), "HKEY_USERS\\S-1");
});
