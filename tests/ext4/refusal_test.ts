/**
 * Filesystems whose bitmaps cannot be trusted are refused with a one-line reason, and
 * `requireTrustedMap` turns the refusal into UntrustedFilesystemError.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UntrustedFilesystemError } from "../../core/errors.ts";
import { crc32cLe } from "../../core/checksum/crc32c.ts";
import { requireTrustedMap } from "../../core/disk/mod.ts";
import { debugfs, mustRun } from "../support/tools.ts";
import type { Ext4ImageOptions } from "../support/tools.ts";
import { analyzeImage, bmap, buildImage, e2fsckClean, noise, patchFile, readFileAt } from "./fixtures.ts";

let work = "";
let n = 0;
before(async () => {
  work = await mkdtemp(join(tmpdir(), "vhdx-shrink-ext4-refuse-"));
  const src = join(work, "src");
  await mkdir(join(src, "d"), { recursive: true });
  await writeFile(join(src, "big.bin"), noise(2 * 1024 * 1024, 5));
  for (let i = 0; i < 50; i++) await writeFile(join(src, "d", `f${i}`), `small ${i}`.repeat(200));
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A fresh populated image (32 MiB ext4 by default) with optional debugfs edits. */
function image(opts: Partial<Ext4ImageOptions> = {}, commands: string[] = []): string {
  const img = join(work, `fs${n++}.img`);
  buildImage(img, { size: "32M", ...opts, populateFrom: join(work, "src") }, commands);
  return img;
}

/** Rewrites superblock bytes and, under metadata_csum, its checksum (as a tool that knows ext4 would). */
async function patchSuperblock(img: string, edit: (sb: DataView) => void): Promise<void> {
  const raw = await readFileAt(img, 1024, 1024);
  const view = new DataView(raw.buffer);
  edit(view);
  if (view.getUint32(0x64, true) & 0x400) view.setUint32(0x3fc, crc32cLe(0xffffffff, raw.subarray(0, 0x3fc)), true);
  await patchFile(img, 1024, raw);
}

async function assertRefused(img: string, reason: RegExp, crossCheck = true): Promise<void> {
  const report = await analyzeImage(img, crossCheck);
  assert.equal(report.trusted, false);
  assert.equal(report.usedMap, undefined);
  assert.match(report.reason ?? "", reason);
  assert.ok(!(report.reason ?? "").includes("\n"), "the reason is one line");
  assert.throws(() => requireTrustedMap(report), UntrustedFilesystemError);
}

test("a live file's block marked free (debugfs freeb) is refused by the cross-check", async () => {
  const probe = image();
  const block = bmap(probe, "/big.bin", 100);
  const img = image({}, [`freeb ${block}`]);
  assert.equal(e2fsckClean(img).clean, false);
  await assertRefused(img, new RegExp(`uses block ${block}, which the block bitmap marks free`));
  const unchecked = await analyzeImage(img, false);
  assert.equal(unchecked.trusted, true, "without the cross-check the lie goes unnoticed: that is what the option trades");
});

test("a freed extent index block of a fragmented file is refused", async () => {
  const probe = image({ type: "ext3", mkfsArgs: ["-b", "1024"] });
  const indirect = Number(/\(IND\):(\d+)/.exec(mustRun("debugfs", ["-R", "stat /big.bin", probe]))![1]);
  const img = image({ type: "ext3", mkfsArgs: ["-b", "1024"] }, [`freeb ${indirect}`]);
  await assertRefused(img, new RegExp(`uses block ${indirect},`));
});

test("data in a group flagged BLOCK_UNINIT with a valid checksum is caught by the cross-check", async () => {
  const probe = image();
  const block = bmap(probe, "/big.bin", 0);
  const group = Math.floor((block - 1) / 8192);
  const img = image({}, [`set_bg ${group} flags 2`, `set_bg ${group} checksum calc`]);
  await assertRefused(img, /which the block bitmap marks free/);
});

test("needs_recovery is refused and reported as not clean", async () => {
  const img = image({}, ["feature needs_recovery"]);
  await assertRefused(img, /needs journal recovery/);
  assert.equal((await analyzeImage(img)).clean, false);
});

test("a journal with s_start set (unreplayed transactions) is refused", async () => {
  const img = image();
  const jblock = bmap(img, "<8>", 0);
  await patchFile(img, jblock * 1024 + 0x1c, new Uint8Array([0, 0, 0, 1]));
  await assertRefused(img, /unreplayed transactions/);
  assert.equal((await analyzeImage(img)).clean, false);
});

test("the error state (ssv state 2) is refused", async () => {
  await assertRefused(image({}, ["ssv state 2"]), /recorded errors/);
});

test("a filesystem that was not cleanly unmounted (state 0) is refused", async () => {
  await assertRefused(image({}, ["ssv state 0"]), /not cleanly unmounted/);
});

test("a BLOCK_UNINIT group whose descriptor checksum is wrong is refused", async () => {
  const img = image();
  assert.match(mustRun("dumpe2fs", [img]), /Group 1:.*BLOCK_UNINIT/);
  debugfs(img, ["set_bg 1 checksum 0"]);
  await assertRefused(img, /group 1 descriptor checksum mismatch \(BLOCK_UNINIT group\)/);
});

test("a crc16 (uninit_bg) descriptor checksum that is wrong is refused", async () => {
  await assertRefused(image({ mkfsArgs: ["-O", "^metadata_csum,uninit_bg"] }, ["set_bg 1 checksum 0x1234"]), /group 1 descriptor checksum mismatch/);
});

test("BLOCK_UNINIT without any group checksum feature is refused", async () => {
  await assertRefused(image({ mkfsArgs: ["-O", "^metadata_csum"] }, ["set_bg 2 flags 2"]), /no group checksums/);
});

test("an unknown incompatible feature bit is refused", async () => {
  const img = image();
  await patchSuperblock(img, (sb) => sb.setUint32(0x60, sb.getUint32(0x60, true) | 0x4000000, true));
  await assertRefused(img, /unknown incompatible ext4 features 0x4000000/);
});

test("an unknown read-only-compatible feature bit is refused", async () => {
  const img = image();
  await patchSuperblock(img, (sb) => sb.setUint32(0x64, sb.getUint32(0x64, true) | 0x800000, true));
  await assertRefused(img, /unknown read-only-compatible ext4 features 0x800000/);
});

test("a superblock checksum mismatch is refused", async () => {
  const img = image();
  await patchFile(img, 1024 + 0x78, new TextEncoder().encode("tampered"));
  await assertRefused(img, /superblock checksum mismatch/);
});

test("a block bitmap checksum mismatch is refused", async () => {
  const img = image();
  const bitmapBlock = Number(/Block bitmap at (\d+)/.exec(mustRun("dumpe2fs", [img]))![1]);
  await patchFile(img, bitmapBlock * 1024 + 1000, new Uint8Array([0x5a]));
  await assertRefused(img, /group 0 block bitmap checksum mismatch/);
});

test("an inode checksum mismatch is refused by the cross-check", async () => {
  const img = image();
  const m = /located at block (\d+), offset (0x[0-9a-f]+)/.exec(mustRun("debugfs", ["-R", "imap /big.bin", img]))!;
  await patchFile(img, Number(m[1]) * 1024 + Number(m[2]) + 0x8, new Uint8Array([1, 2, 3, 4]));
  await assertRefused(img, /inode 1[0-9] checksum mismatch/);
});

test("an extent tree that does not parse is refused", async () => {
  const img = image({ mkfsArgs: ["-O", "^metadata_csum"] });
  const m = /located at block (\d+), offset (0x[0-9a-f]+)/.exec(mustRun("debugfs", ["-R", "imap /big.bin", img]))!;
  await patchFile(img, Number(m[1]) * 1024 + Number(m[2]) + 0x28, new Uint8Array([0, 0]));
  await assertRefused(img, /extent header magic missing/);
});

test("an external journal is refused", async () => {
  await assertRefused(image({}, ["ssv journal_inum 0", "ssv journal_dev 0x801"]), /external journal/);
});

test("an image truncated before the end of its filesystem is refused", async () => {
  const img = image();
  await truncate(img, 16 * 1024 * 1024);
  await assertRefused(img, /larger than its disk/);
});

test("requireTrustedMap returns the map of a trusted report", async () => {
  const report = await analyzeImage(image());
  assert.equal(requireTrustedMap(report), report.usedMap);
});

test("debugfs setb on a free block only makes the map larger, never refuses", async () => {
  const img = image({}, ["setb 31000 5"]);
  const report = await analyzeImage(img);
  assert.equal(report.trusted, true);
  for (let b = 31000; b < 31005; b++) assert.ok(report.usedMap!.bits[b >>> 3] & (1 << (b & 7)));
  debugfs(img, ["freeb 31000 5"]);
  assert.equal((await analyzeImage(img)).trusted, true);
});
