/**
 * The emulators' and the Wine suite's own reading of `reg.exe` text: key names with HKCU/HKLM
 * spelled out, and the output of `reg query KEY` (a blank line, the key, four-space indented
 * `Name    REG_TYPE    Data` rows, a blank line, then one full key path per subkey; Learn "reg query").
 * Written apart from the product's reader (core/host/reg_query.ts) on purpose: a test that reads a
 * registration back through the code it judges would agree with that code's mistakes.
 * @module
 */

/** A value as reg.exe shows it: REG_SZ/REG_EXPAND_SZ text, REG_DWORD/REG_QWORD numbers, REG_MULTI_SZ lists. */
export type RegText = string | number | string[];

const HIVES = new Map([["HKCU", "HKEY_CURRENT_USER"], ["HKLM", "HKEY_LOCAL_MACHINE"], ["HKCR", "HKEY_CLASSES_ROOT"], ["HKU", "HKEY_USERS"]]);

/** `HKCU\Software\X` → `HKEY_CURRENT_USER\Software\X`; the hive in capitals, the rest as given. */
export function fullKeyName(key: string): string {
  const cut = key.indexOf("\\");
  const hive = (cut < 0 ? key : key.slice(0, cut)).toUpperCase();
  return (HIVES.get(hive) ?? hive) + (cut < 0 ? "" : key.slice(cut));
}

/** What one `reg query KEY` printed: the key's own values and the names of its direct subkeys. */
export interface RegQueryText {
  values: Record<string, RegText>;
  subkeys: string[];
}

const ROW = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

function valueOf(type: string, data: string): RegText {
  switch (type) {
    case "REG_DWORD":
    case "REG_QWORD":
      // reg prints both in hex: 0x3e8
      return Number(BigInt(data));
    case "REG_MULTI_SZ":
      return data === "" ? [] : data.split("\\0").filter((s) => s !== "");
    default:
      return data;
  }
}

/** Reads `reg query KEY` output for `key`. */
export function readRegQuery(output: string, key: string): RegQueryText {
  const own = fullKeyName(key).toLowerCase();
  const result: RegQueryText = { values: {}, subkeys: [] };
  let section: "none" | "own" | "other" = "none";
  for (const line of output.split(/\r?\n/)) {
    if (line.startsWith("HKEY_")) {
      const name = fullKeyName(line.trimEnd());
      if (name.toLowerCase() === own) section = "own";
      else {
        section = "other";
        const parent = name.slice(0, name.lastIndexOf("\\")).toLowerCase();
        if (parent === own) result.subkeys.push(name.slice(name.lastIndexOf("\\") + 1));
      }
      continue;
    }
    if (section !== "own") continue;
    const row = ROW.exec(line.trimEnd());
    if (row) result.values[row[1] === "(Default)" ? "" : row[1]] = valueOf(row[2], row[3] ?? "");
  }
  return result;
}
