import { test } from "node:test";
import assert from "node:assert/strict";
import { parseSubkeys, parseValues } from "./reg_query.ts";

// Shape of `reg query` output as printed by Windows 10/11 reg.exe (and Wine's reg).
const LXSS = [
  "",
  "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss",
  "    DefaultDistribution    REG_SZ    {3d5e1f7a-0000-4000-8000-000000000001}",
  "    DefaultVersion    REG_DWORD    0x2",
  "",
  "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\\{3d5e1f7a-0000-4000-8000-000000000001}",
  "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\\{3d5e1f7a-0000-4000-8000-000000000002}",
  "",
].join("\r\n").replace(/\r/g, "");

test("subkeys of the Lxss key are listed by GUID", () => {
  assert.deepEqual(parseSubkeys(LXSS, "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss"), [
    "{3d5e1f7a-0000-4000-8000-000000000001}",
    "{3d5e1f7a-0000-4000-8000-000000000002}",
  ]);
});

test("string and dword values are typed", () => {
  const v = parseValues(LXSS);
  assert.equal(v.DefaultDistribution, "{3d5e1f7a-0000-4000-8000-000000000001}");
  assert.equal(v.DefaultVersion, 2);
});

test("values with spaces in their data keep them", () => {
  const v = parseValues("HKEY_CURRENT_USER\\X\n    BasePath    REG_EXPAND_SZ    C:\\Users\\Jane Doe\\wsl\n    Empty    REG_SZ\n");
  assert.equal(v.BasePath, "C:\\Users\\Jane Doe\\wsl");
  assert.equal(v.Empty, "");
});
