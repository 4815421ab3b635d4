/**
 * Judges the disks of many scenarios that should all hold the same virtual contents: the first is
 * judged in full (`qemu-img check`, `e2fsck -fn`, every file's hash: tests/compact/support.ts), each
 * later one by `qemu-img check` and `qemu-img compare` against it (guest-visible contents equal),
 * falling back to the full judgement when they differ.
 */
import { copyFile } from "node:fs/promises";
import { join } from "node:path";
import { judge } from "../compact/support.ts";
import { mustRun, run } from "../support/tools.ts";

/** A judge remembering its first fully judged disk. */
export function sameResultJudge(work: () => string, expected: () => Map<string, string>): (vhdx: string) => Promise<void> {
  let reference: string | undefined;
  return async (vhdx) => {
    mustRun("qemu-img", ["check", "-f", "vhdx", vhdx]);
    if (reference && run("qemu-img", ["compare", "-f", "vhdx", "-F", "vhdx", reference, vhdx]).status === 0) return;
    await judge(vhdx, work(), expected());
    if (!reference) {
      reference = join(work(), "reference-result.vhdx");
      await copyFile(vhdx, reference);
    }
  };
}
