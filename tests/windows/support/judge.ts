/**
 * The judges every Wine scenario that writes a disk passes, the same ones the compactor's own tests
 * use (tests/compact/support.ts): `qemu-img check` on the VHDX, `e2fsck -fn` on its ext4 and a
 * file-by-file comparison (`debugfs rdump`, SHA-256 of each file) with the fixture it was made from.
 * A disk rebuilt by the emulated `wsl --import` holds the exported tar, not an ext4 (simulated/tools/wsl_import.ts):
 * {@link judgeImportedTar} reads it with the real `tar`.
 * @module
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { judge } from "../../compact/support.ts";
import { mustRun, run } from "../../support/tools.ts";

const MiB = 1024 * 1024;

/** Holds the VHDX at `vhdx` to qemu-img, e2fsck and `expected` (path → SHA-256, from {@link fileHashes} of the fixture). */
export async function judgeDisk(vhdx: string, expected: ReadonlyMap<string, string>): Promise<void> {
  assert.ok(expected.size > 0, "the fixture's file list is not empty");
  const work = mkdtempSync(join(tmpdir(), "vhdx-shrink-wine-judge-"));
  try {
    await judge(vhdx, work, new Map(expected));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Holds the VHDX `wsl --import` made to qemu-img and `tar -t`; returns the member names, which must include `must`. */
export function judgeImportedTar(vhdx: string, must: string[]): string[] {
  mustRun("qemu-img", ["check", "-f", "vhdx", vhdx]);
  const work = mkdtempSync(join(tmpdir(), "vhdx-shrink-wine-judge-"));
  try {
    // Only the start of the virtual disk: the import writes the tar from offset 0, and it cannot be
    // longer than the VHDX file that stores it. qemu's vhdx driver reports every block as data, so
    // converting the whole disk reads all of its virtual size (1 TiB for an imported distro, minutes
    // under load). One MiB more than the file covers the tar's zero end blocks; a tar that did not
    // fit would make `tar -tf` fail below, never pass.
    const raw = join(work, "disk.raw");
    const mib = Math.ceil(statSync(vhdx).size / MiB) + 1;
    mustRun("qemu-img", ["dd", "-f", "vhdx", "-O", "raw", `bs=${MiB}`, `count=${mib}`, `if=${vhdx}`, `of=${raw}`]);
    const listed = run("tar", ["-tf", raw]);
    assert.equal(listed.status, 0, `tar -tf: ${listed.stderr}`);
    const names = listed.stdout.split("\n").filter(Boolean);
    for (const m of must) assert.ok(names.includes(m), `${m} in ${names.join(", ")}`);
    return names;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
