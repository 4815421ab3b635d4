/**
 * The check every recipe goes through: build the disk, compact it by copy and in place, and
 * hold both results to the judges and to the planner's exact sizes.
 * @module
 */
import assert from "node:assert/strict";
import { copyFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { compactFile, estimateNative } from "../../core/compact/mod.ts";
import { detectHost } from "../../core/host/detect.ts";
import { openBlockFile } from "../../core/io/block_file.ts";
import { openVhdx } from "../../core/vhdx/open_vhdx.ts";
import { withTempDir } from "../support/tools.ts";
import { type DiskRecipe, fileHashes, judge, makeBloatedDisk, sha256File } from "./support.ts";

/** Sizes the planner promised for a disk. */
async function estimate(path: string) {
  const f = await openBlockFile(path, "read");
  try {
    return await estimateNative(await openVhdx(f));
  } finally {
    await f.close();
  }
}

/** Builds `recipe`, compacts it both ways, judges both results; returns the sizes for extra asserts. */
export async function checkBothModes(recipe: DiskRecipe, opts: { scrub?: boolean } = {}) {
  return await withTempDir(async (dir) => {
    const host = detectHost();
    const source = await makeBloatedDisk(dir, recipe);
    const expected = await fileHashes(join(dir, "disk.raw"), join(dir, "src.files"));
    const before = (await stat(source)).size;
    const sourceHash = await sha256File(source);
    const est = await estimate(source);

    const copyPath = join(dir, "copy.vhdx");
    const copy = await compactFile(host, source, { output: copyPath, scrub: opts.scrub });
    assert.equal(await sha256File(source), sourceHash, "copy mode must not write the source");
    assert.equal((await stat(copyPath)).size, est.copySizeAfter, "copy size equals the planner's exact size");
    assert.equal(copy.sizeAfter, est.copySizeAfter);
    await judge(copyPath, dir, expected);

    const inPlacePath = join(dir, "in-place.vhdx");
    await copyFile(source, inPlacePath);
    const inPlace = await compactFile(host, inPlacePath, { scrub: opts.scrub });
    assert.equal((await stat(inPlacePath)).size, est.nativeSizeAfter, "in-place size equals the planner's exact size");
    await judge(inPlacePath, dir, expected);
    return { before, copy, inPlace };
  });
}
