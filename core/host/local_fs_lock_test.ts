import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalFs } from "./local_fs.ts";
import { WindowsHost } from "./windows_host.ts";

test("LocalFs.isLocked: a free file is not locked, a missing one neither, and a failed check throws instead of saying 'not locked'", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vhdx-shrink-lock-"));
  try {
    const fs = new LocalFs();
    writeFileSync(join(dir, "disk.vhdx"), "x");
    assert.equal(await fs.isLocked(join(dir, "disk.vhdx")), false);
    assert.equal(await fs.isLocked(join(dir, "missing.vhdx")), false);
    // Opening a folder for writing fails (EISDIR): the check could not be made.
    await assert.rejects(fs.isLocked(dir), /EISDIR/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("WindowsHost: when the size on disk cannot be asked, stat says unknown (null) with the reason, never 0 or the length", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vhdx-shrink-attrs-"));
  try {
    // Off Windows kernel32.dll does not load: the attribute calls fail, as a failing API call would.
    const host = new WindowsHost();
    writeFileSync(join(dir, "disk.vhdx"), "x".repeat(4096));
    const info = await host.fs.stat(join(dir, "disk.vhdx"));
    assert.equal(info?.size, 4096);
    assert.equal(info?.allocatedSize, null);
    assert.match(info?.sparseUnknown ?? "", /Windows API could not be loaded/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
