import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFile, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { compactFile } from "../../core/compact/mod.ts";
import { UserFacingError } from "../../core/errors.ts";
import { detectHost } from "../../core/host/detect.ts";
import { fileHashes, makeBloatedDisk, sha256File } from "../compact/support.ts";
import { mustRun, run, toRaw, toVhdx, withTempDir } from "../support/tools.ts";
import { recordFigure } from "./figures.ts";

/**
 * Corruptions in the style of e2fsck's test corpus (tests/f_*), made with debugfs on a 1 KiB-block
 * ext4 of three groups whose large file reaches group 1. `{first}` is the large file's first block,
 * `{itable0}` group 0's inode table.
 */
const CASES: Array<{ name: string; commands: string[]; fs?: "gdt_csum" }> = [
  { name: "used blocks marked free", commands: ["freeb {first} 16"] },
  { name: "block bitmap overlapping the inode table", commands: ["set_bg 1 block_bitmap {itable0}", "set_bg 1 checksum calc"] },
  { name: "bad group descriptor checksum", commands: ["set_bg 1 checksum 0xbeef"] },
  { name: "BLOCK_UNINIT group with blocks in use", commands: ["set_bg 1 flags 2", "set_bg 1 checksum calc"] },
  { name: "journal needing recovery", commands: ["feature needs_recovery"] },
  { name: "not cleanly unmounted", commands: ["ssv state 0"] },
  { name: "errors recorded", commands: ["ssv state 3"] },
  { name: "orphan list", commands: ["ssv last_orphan 12"] },
  { name: "inode in use marked free", commands: ["freei /large0.bin"] },
  { name: "free blocks count wrong", commands: ["ssv free_blocks_count 7"] },
  // Without metadata_csum the bitmaps carry no checksum, so these reach the allocation logic itself.
  { name: "used blocks marked free (gdt_csum)", commands: ["freeb {first} 16"], fs: "gdt_csum" },
  { name: "block bitmap overlapping the inode table (gdt_csum)", commands: ["set_bg 1 block_bitmap {itable0}", "set_bg 1 checksum calc"], fs: "gdt_csum" },
  { name: "bad group descriptor checksum (gdt_csum)", commands: ["set_bg 1 checksum 0xbeef"], fs: "gdt_csum" },
  { name: "BLOCK_UNINIT group with blocks in use (gdt_csum)", commands: ["set_bg 1 flags 2", "set_bg 1 checksum calc"], fs: "gdt_csum" },
  { name: "zeroed block bitmap (gdt_csum)", commands: ["zap_block {bbitmap1}"], fs: "gdt_csum" },
];

/** Fills `{first}` and `{itable0}` from debugfs. */
function expand(raw: string, commands: string[]): string[] {
  const first = /\d+/.exec(mustRun("debugfs", ["-R", "blocks /large0.bin", raw]))![0];
  const dump = mustRun("dumpe2fs", [raw]);
  const itable0 = /Inode table at (\d+)/.exec(dump)![1];
  const bbitmap1 = [...dump.matchAll(/Block bitmap at (\d+)/g)][1][1];
  return commands.map((c) => c.replace("{first}", first).replace("{itable0}", itable0).replace("{bbitmap1}", bbitmap1));
}

/** Runs one compaction; returns "refused" (with the one-line message) or "compacted". */
async function attempt(fn: () => Promise<unknown>): Promise<{ outcome: "refused" | "compacted"; message?: string }> {
  try {
    await fn();
    return { outcome: "compacted" };
  } catch (e) {
    assert.ok(e instanceof UserFacingError, `not a refusal: ${(e as Error).stack}`);
    assert.ok(!e.message.includes("\n"), "refusals are one line");
    return { outcome: "refused", message: e.message };
  }
}

test("compaction of a corrupted filesystem either refuses and leaves everything as it was, or keeps every file identical", async (t) => {
  const tally: Record<string, string> = {};
  await withTempDir(async (dir) => {
    const host = detectHost();
    const recipe = { size: "24M", smallFiles: 12, largeFilesKiB: [7 * 1024, 300], garbageMiB: 3 };
    const sources = { csum: join(dir, "csum"), gdt_csum: join(dir, "gdt") };
    await makeBloatedDisk(sources.csum, { ...recipe, mkfsArgs: ["-b", "1024"] });
    await makeBloatedDisk(sources.gdt_csum, { ...recipe, mkfsArgs: ["-b", "1024", "-O", "^metadata_csum,uninit_bg"] });
    for (const [i, c] of CASES.entries()) {
      const raw = join(dir, `c${i}.raw`), vhdx = join(dir, `c${i}.vhdx`), out = join(dir, `c${i}-copy.vhdx`);
      await copyFile(join(sources[c.fs ?? "csum"], "disk.raw"), raw);
      mustRun("debugfs", ["-w", "-n", "-f", "-", raw], expand(raw, c.commands).join("\n") + "\n");
      toVhdx(raw, vhdx);
      const before = await sha256File(vhdx);
      // The original's files and fsck verdict, taken only when a compaction went ahead.
      let taken: Promise<{ files: Map<string, string>; fsck: number }> | undefined;
      const original = () => taken ??= fileHashes(raw, join(dir, `c${i}.files`)).then((files) => ({ files, fsck: run("e2fsck", ["-fn", raw]).status }));

      const copy = await attempt(() => compactFile(host, vhdx, { output: out }));
      assert.equal(await sha256File(vhdx), before, `${c.name}: copy mode never writes the source`);
      const leftovers = (await readdir(dir)).filter((n) => n.startsWith(`c${i}-copy`));
      if (copy.outcome === "refused") assert.deepEqual(leftovers, [], `${c.name}: a refusal leaves no output or temp file`);
      else await sameFiles(out, dir, `c${i}-out`, await original(), c.name);

      const inPlace = await attempt(() => compactFile(host, vhdx, {}));
      if (inPlace.outcome === "refused") assert.equal(await sha256File(vhdx), before, `${c.name}: a refusal leaves the disk byte-identical`);
      else await sameFiles(vhdx, dir, `c${i}-ip`, await original(), c.name);
      assert.equal(copy.outcome, inPlace.outcome, `${c.name}: both modes decide alike`);
      tally[c.name] = copy.outcome === "refused" ? `refused: ${copy.message}` : "compacted, files identical";
      t.diagnostic(`${c.name}: ${tally[c.name]}`);
    }
  });
  await recordFigure("corrupted", { cases: CASES.length, refused: Object.values(tally).filter((v) => v.startsWith("refused")).length, outcomes: tally });
});

/** qemu-img check passes, e2fsck is as clean as before, and every file hashes as before. */
async function sameFiles(vhdx: string, dir: string, tag: string, expected: { files: Map<string, string>; fsck: number }, name: string) {
  mustRun("qemu-img", ["check", "-f", "vhdx", vhdx]);
  const raw = join(dir, `${tag}.raw`);
  toRaw(vhdx, raw);
  if (expected.fsck === 0) assert.equal(run("e2fsck", ["-fn", raw]).status, 0, `${name}: e2fsck clean after compaction`);
  assert.deepEqual(await fileHashes(raw, join(dir, `${tag}.files`)), expected.files, `${name}: every file identical`);
  assert.ok((await stat(vhdx)).size > 0);
}
