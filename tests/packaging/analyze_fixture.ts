/**
 * A small ext4 VHDX for running `analyze` through a compiled binary, and the check of its JSON
 * report against what the real tools (qemu-img info, dumpe2fs) say about the same disk.
 * @module
 */
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { makeExt4Image, mustRun, toVhdx } from "../support/tools.ts";

/** The fixture and what the real tools report about it. */
export interface AnalyzeFixture {
  vhdx: string;
  virtualSize: number;
  fsBlockSize: number;
  fsBlockCount: number;
  fsFreeBlocks: number;
}

/** Makes a 64 MiB ext4 disk with one file, converted to a dynamic VHDX by qemu-img. */
export async function makeAnalyzeFixture(dir: string): Promise<AnalyzeFixture> {
  const content = join(dir, "content");
  await mkdir(content, { recursive: true });
  await writeFile(join(content, "hello.txt"), "hello from the packaging test\n");
  const raw = join(dir, "disk.img");
  const vhdx = join(dir, "disk.vhdx");
  makeExt4Image(raw, { size: "64M", populateFrom: content });
  toVhdx(raw, vhdx);
  const info = JSON.parse(mustRun("qemu-img", ["info", "--output=json", vhdx])) as { "virtual-size": number };
  const header = mustRun("dumpe2fs", ["-h", raw]);
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)$`, "m").exec(header)?.[1]);
  return {
    vhdx,
    virtualSize: info["virtual-size"],
    fsBlockSize: field("Block size"),
    fsBlockCount: field("Block count"),
    fsFreeBlocks: field("Free blocks"),
  };
}

/** Checks `analyze --json` output against the fixture's file size, qemu-img and dumpe2fs. */
export function assertAnalyzeReport(stdout: string, fixture: AnalyzeFixture, expectedPath: string): void {
  const report = JSON.parse(stdout) as {
    path: string;
    fileSize: number;
    virtualSize: number;
    filesystem: { type: string; blockSize: number; totalBlocks: number; freeBlocks: number; trusted: boolean };
  };
  assert.equal(report.path, expectedPath);
  assert.equal(report.fileSize, statSync(fixture.vhdx).size);
  assert.equal(report.virtualSize, fixture.virtualSize);
  assert.deepEqual(
    { type: report.filesystem.type, blockSize: report.filesystem.blockSize, totalBlocks: report.filesystem.totalBlocks,
      freeBlocks: report.filesystem.freeBlocks, trusted: report.filesystem.trusted },
    { type: "ext4", blockSize: fixture.fsBlockSize, totalBlocks: fixture.fsBlockCount, freeBlocks: fixture.fsFreeBlocks, trusted: true },
  );
}
