import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const read = (name: string) => readFileSync(new URL(`../../packaging/fleet/${name}`, import.meta.url));

for (const [name, command] of [["detect.ps1", "check --threshold 10GB"], ["remediate.ps1", "fix --unattended --threshold 10GB"]] as const) {
  test(`${name} is one ASCII line (valid UTF-8 with or without a BOM, as PowerShell 5.1 and 7 read it) that runs the exe and passes its exit code on`, () => {
    const bytes = read(name);
    assert.ok(bytes.every((b) => b < 0x80), "ASCII only");
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    const lines = text.split("\r\n");
    assert.deepEqual(lines.slice(1), [""], "one line ending in CRLF");
    assert.ok(lines[0].includes(`& $exe ${command}; exit $LASTEXITCODE`), lines[0]);
    assert.match(lines[0], /\\Microsoft\\WinGet\\Links\\vhdx-shrink\.exe/, "winget's per-user link folder is the fallback");
  });
}

test("both wrappers use the same threshold, so a remediation acts on what detection found", () => {
  const threshold = (name: string) => /--threshold (\S+);/.exec(read(name).toString())?.[1];
  assert.equal(threshold("detect.ps1"), threshold("remediate.ps1"));
});
