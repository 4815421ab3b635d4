/**
 * The disk every crash-consistency test starts from: a bloated ext4 VHDX made by mke2fs, debugfs
 * and qemu-img, small enough to hold in memory, with drops and moves for in-place compaction.
 * @module
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { analyzeFilesystem } from "../../core/fs/analyze_filesystem.ts";
import { MemoryBlockFile } from "../../core/io/block_file.ts";
import { openVhdx } from "../../core/vhdx/open_vhdx.ts";
import { fileHashes, makeBloatedDisk } from "../compact/support.ts";
import type { CrashSampling } from "../support/recording_file.ts";
import { type Original, usedDigest } from "./crash_judge.ts";
import { BASE_SEED, SCALE } from "./level.ts";

/** A fixture disk held in memory with what its crash states are judged against. */
export interface CrashFixture {
  bytes: Uint8Array;
  original: Original;
}

/** Builds the fixture in `dir`: 24 MiB ext4, 30 small and 3 large files, 5 MiB deleted. */
export async function makeCrashFixture(dir: string): Promise<CrashFixture> {
  const path = await makeBloatedDisk(dir, { size: "24M", smallFiles: 30, largeFilesKiB: [300, 1500, 700], garbageMiB: 5 });
  const bytes = new Uint8Array(await readFile(path));
  const vhdx = await openVhdx(new MemoryBlockFile(bytes.slice()));
  const report = await analyzeFilesystem(vhdx);
  if (!report.usedMap) throw new Error(`fixture filesystem not trusted: ${report.reason}`);
  const files = await fileHashes(join(dir, "disk.raw"), join(dir, "original.files"));
  return { bytes, original: { map: report.usedMap, usedDigest: await usedDigest(vhdx, report.usedMap), files } };
}

/** The sampling the current level uses, with a seed per run so runs differ but reproduce. */
export function sampling(run: number): CrashSampling {
  return { prefixesPerGap: SCALE.prefixesPerGap, subsetsPerGap: SCALE.subsetsPerGap, seed: BASE_SEED + run };
}
