import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalFs } from "./local_fs.ts";
import { WindowsHost } from "./windows_host.ts";
import type { ExecResult } from "./host.ts";

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

test("WindowsHost: a failing fsutil sparse queryflag is reported with the file, not taken for 'not sparse'", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vhdx-shrink-fsutil-"));
  try {
    const host = new WindowsHost();
    const refused: ExecResult = { code: 1, stdout: "The FSUTIL utility requires that you have administrative privileges.\n", stderr: "", timedOut: false };
    host.exec = () => Promise.resolve(refused);
    writeFileSync(join(dir, "disk.vhdx"), "x");
    const info = await host.fs.stat(join(dir, "disk.vhdx"));
    assert.equal(info?.sparseUnknown, "fsutil sparse queryflag exited 1: The FSUTIL utility requires that you have administrative privileges.");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
