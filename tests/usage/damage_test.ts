/**
 * Damaged directories, made with debugfs, end the scan of that directory with a mark (or the whole
 * disk with a one-line refusal), never with a guess or a hang; the rest of the tree is still summed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { scanUsage } from "../../core/usage/scan_usage.ts";
import type { UsageScan } from "../../core/usage/scan_usage.ts";
import { runCli } from "../support/cli.ts";
import { debugfs, makeExt4Image, run, toVhdx, withTempDir } from "../support/tools.ts";
import { openTree } from "./usage_fixtures.ts";

/** A hang would show up as this test timing out, not as a slow pass. */
const NO_HANG = { timeout: 60_000 };
const NO_CSUM = ["-O", "^metadata_csum", "-b", "1024"];
const CSUM = ["-O", "metadata_csum", "-b", "1024"];

async function smallTree(dir: string): Promise<string> {
  const src = join(dir, "src");
  for (const d of ["etc", "var/log", "other", "many"]) await mkdir(join(src, d), { recursive: true });
  await writeFile(join(src, "etc/hosts"), "127.0.0.1 localhost\n");
  await writeFile(join(src, "var/log/syslog"), "x".repeat(50_000));
  await writeFile(join(src, "other/o.txt"), "o".repeat(3000));
  for (let i = 0; i < 300; i++) await writeFile(join(src, "many", `name-${String(i).padStart(4, "0")}-padding-padding`), "");
  return src;
}

/** An image of the small tree (folders indexed by e2fsck -D), damaged by `damage`, as a VHDX. */
async function damaged(dir: string, mkfsArgs: string[], damage: string[]): Promise<string> {
  const raw = join(dir, "fs.img");
  makeExt4Image(raw, { size: "32M", mkfsArgs, populateFrom: await smallTree(dir) });
  if (run("e2fsck", ["-fyD", raw]).status > 1) throw new Error("e2fsck -fyD failed");
  debugfs(raw, damage);
  const vhdx = join(dir, "fs.vhdx");
  toVhdx(raw, vhdx);
  return vhdx;
}

async function scanOf(vhdx: string): Promise<UsageScan> {
  const tree = await openTree(vhdx);
  try {
    return await scanUsage(tree);
  } finally {
    await tree.close();
  }
}

function assertMarked(scan: UsageScan, path: string, reason: RegExp): void {
  assert.equal(scan.problems.length, 1, JSON.stringify(scan.problems));
  assert.equal(scan.problems[0].path, path);
  assert.match(scan.problems[0].reason, reason);
  assert.equal(scan.dir(path)?.unreadable, scan.problems[0].reason);
  assert.ok(scan.dir("/var/log")!.allocatedBytes >= 50_000, "the undamaged folders are still summed");
}

test("a bogus rec_len in a folder block marks that folder and the scan goes on", NO_HANG, async () => {
  await withTempDir(async (dir) => {
    const scan = await scanOf(await damaged(dir, NO_CSUM, ["zap_block -f /etc -o 4 -l 2 -p 0xff 0"]));
    assertMarked(scan, "/etc", /bad rec_len/);
  });
});

test("a folder block whose checksum no longer matches is marked, not parsed", NO_HANG, async () => {
  await withTempDir(async (dir) => {
    const scan = await scanOf(await damaged(dir, CSUM, ["zap_block -f /etc -o 40 -l 4 -p 0x41 0"]));
    assertMarked(scan, "/etc", /checksum mismatch/);
  });
});

test("a folder linked into its own subtree (a loop) is entered once and marked the second time", NO_HANG, async () => {
  await withTempDir(async (dir) => {
    const scan = await scanOf(await damaged(dir, NO_CSUM, ["ln /var /var/log/loop"]));
    assertMarked(scan, "/var/log/loop", /loop/);
  });
});

test("a folder claiming a huge size is refused before anything is read", NO_HANG, async () => {
  await withTempDir(async (dir) => {
    const scan = await scanOf(await damaged(dir, NO_CSUM, ["sif /other size 0x7fffffffff"]));
    assertMarked(scan, "/other", /too large to list/);
  });
});

test("an htree root with an impossible entry limit marks the folder", NO_HANG, async () => {
  await withTempDir(async (dir) => {
    const scan = await scanOf(await damaged(dir, NO_CSUM, ["zap_block -f /many -o 32 -l 2 -p 0x07 0"]));
    assertMarked(scan, "/many", /htree limit/);
  });
});

test("an encrypted folder is marked: its names cannot be read without the key", NO_HANG, async () => {
  await withTempDir(async (dir) => {
    const scan = await scanOf(await damaged(dir, ["-O", "encrypt,^metadata_csum", "-b", "1024"], ["sif /other flags 0x80800"]));
    assertMarked(scan, "/other", /encrypted/);
  });
});

test("usage prints a damaged folder as one 'unreadable' line and still exits 0", NO_HANG, async () => {
  await withTempDir(async (dir) => {
    const vhdx = await damaged(dir, NO_CSUM, ["zap_block -f /etc -o 4 -l 2 -p 0xff 0"]);
    const r = await runCli(["usage", vhdx]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split("\n").filter((l) => l.startsWith("unreadable:"));
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^unreadable: \/etc: cannot read \/etc inside the disk: .*bad rec_len/);
  });
});

test("a filesystem with an unknown incompatible feature is refused in one line, exit 1", NO_HANG, async () => {
  await withTempDir(async (dir) => {
    const vhdx = await damaged(dir, NO_CSUM, ["ssv feature_incompat 0x80042"]);
    const r = await runCli(["usage", vhdx]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^error: cannot read the files in .*: unknown incompatible ext4 features 0x80000: its files cannot be read safely\n$/);
  });
});
