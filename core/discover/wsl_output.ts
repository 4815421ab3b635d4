/**
 * Parsing of wsl.exe output (already decoded): `--list --verbose` rows and `--version`'s first line.
 * State words are English in every locale; the `--version` labels are translated, so only the value
 * shape is trusted (microsoft/WSL: src/windows/common/WslClient.cpp; RESEARCH.md §4).
 * @module
 */

/** One row of `wsl --list --verbose`. */
export interface WslListRow {
  name: string;
  state: string;
  version: 1 | 2;
  isDefault: boolean;
}

/** Parses `wsl --list --verbose`; unknown lines (header, blank) are skipped. */
export function parseWslListVerbose(text: string): WslListRow[] {
  const rows: WslListRow[] = [];
  for (const line of text.split("\n").slice(1)) {
    const m = /^(\*)?\s*(\S+)\s+(\S+)\s+([12])\s*$/.exec(line.replace(/\r/g, ""));
    if (m) rows.push({ name: m[2], state: m[3], version: m[4] === "1" ? 1 : 2, isDefault: m[1] === "*" });
  }
  return rows;
}

/** The WSL package version from `wsl --version` (first line "<label>: 2.3.26.0"), or null. */
export function parseWslVersion(text: string): string | null {
  const first = text.split("\n").find((l) => l.trim().length > 0) ?? "";
  const m = /:\s*(\d+(?:\.\d+){1,3})\s*$/.exec(first.trim());
  return m ? m[1] : null;
}
