/**
 * The judges of a crash state: the engine opens it (replaying the log onto the file), every byte
 * the filesystem uses reads back as before the run, and qemu-img (`check -r all`, `convert`),
 * e2fsck and debugfs agree. Tool runs are shared between states with the same virtual contents.
 * @module
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Buffer } from "node:buffer";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { blockWindow, usedRangesIn } from "../../core/compact/block_bytes.ts";
import { analyzeFilesystem } from "../../core/fs/analyze_filesystem.ts";
import type { UsedBlockMap } from "../../core/disk/used_block_map.ts";
import { MemoryBlockFile } from "../../core/io/block_file.ts";
import type { VirtualDisk } from "../../core/io/virtual_disk.ts";
import { openVhdx } from "../../core/vhdx/open_vhdx.ts";
import { fileHashes } from "../compact/support.ts";
import type { CrashState } from "../support/recording_file.ts";
import { mustRun, run, toRaw } from "../support/tools.ts";

const WINDOW = 1024 * 1024;

/** SHA-256 of the bytes of `disk` the filesystem uses (per `map`); free bytes may change, these may not. */
export async function usedDigest(disk: VirtualDisk, map: UsedBlockMap): Promise<string> {
  const h = createHash("sha256");
  for (let i = 0; i * WINDOW < disk.size; i++) {
    const window = blockWindow(i, WINDOW, disk.size);
    for (const [s, e] of usedRangesIn(map, window)) h.update(await disk.readAt(s, e - s));
  }
  return h.digest("hex");
}

/** SHA-256 of the whole virtual contents. */
export async function virtualDigest(disk: VirtualDisk): Promise<string> {
  const h = createHash("sha256");
  for (let at = 0; at < disk.size; at += WINDOW) h.update(await disk.readAt(at, Math.min(WINDOW, disk.size - at)));
  return h.digest("hex");
}

/** What every crash state of one run is compared with. */
export interface Original {
  map: UsedBlockMap;
  usedDigest: string;
  /** Path → SHA-256 of every file (debugfs rdump of the original). */
  files: Map<string, string>;
}

/** Counters of what the judges did. */
export interface JudgeTally {
  states: number;
  engineReplays: number;
  qemuChecks: number;
  fsChecks: number;
}

/** Judges crash states of one run; remembers virtual contents already checked with the tools. */
export class CrashJudge {
  readonly tally: JudgeTally = { states: 0, engineReplays: 0, qemuChecks: 0, fsChecks: 0 };
  #seen = new Set<string>();
  #original: Original;
  #dir: string;
  constructor(original: Original, dir: string) {
    this.#original = original;
    this.#dir = dir;
  }

  /** Asserts that `state` is a valid VHDX holding every used byte of the original. */
  async judge(state: CrashState, opts: { tools: boolean }): Promise<void> {
    const why = (m: string) => `${m} [crash state: ${state.label}]`;
    const file = new MemoryBlockFile(state.bytes.slice());
    let vhdx;
    try {
      vhdx = await openVhdx(file, { log: "replay-on-disk" });
    } catch (e) {
      assert.fail(why(`the engine cannot open it: ${(e as Error).message}`));
    }
    const replayed = file.bytes.length !== state.bytes.length || !Buffer.from(file.bytes).equals(Buffer.from(state.bytes));
    if (replayed) this.tally.engineReplays++;
    const clean = await openVhdx(file, { log: "refuse" });
    assert.equal(await usedDigest(clean, this.#original.map), this.#original.usedDigest, why("used filesystem bytes changed"));
    const report = await analyzeFilesystem(vhdx);
    assert.ok(report.trusted, why(`the filesystem is no longer trusted: ${report.reason}`));
    this.tally.states++;
    if (!opts.tools) return;
    await this.#judgeWithTools(state, file.bytes, replayed, await virtualDigest(clean), why);
  }

  async #judgeWithTools(state: CrashState, replayedBytes: Uint8Array, replayed: boolean, ours: string, why: (m: string) => string) {
    const path = join(this.#dir, "state.vhdx"), raw = join(this.#dir, "state.raw");
    await writeFile(path, state.bytes);
    const check = run("qemu-img", ["check", "-r", "all", "-f", "vhdx", path]);
    assert.equal(check.status, 0, why(`qemu-img check -r all exited ${check.status}: ${check.stdout}${check.stderr}`));
    this.tally.qemuChecks++;
    toRaw(path, raw);
    const qemuDigest = createHash("sha256").update(await readFile(raw)).digest("hex");
    assert.equal(qemuDigest, ours, why("qemu-img and our reader disagree on the virtual contents"));
    if (replayed) {
      // The file our replay left must itself be clean for qemu (no -r: nothing to repair).
      await writeFile(path, replayedBytes);
      const after = run("qemu-img", ["check", "-f", "vhdx", path]);
      assert.equal(after.status, 0, why(`qemu-img check after our replay exited ${after.status}: ${after.stdout}${after.stderr}`));
    }
    if (this.#seen.has(ours)) return;
    this.#seen.add(ours);
    const fsck = run("e2fsck", ["-fn", raw]);
    assert.equal(fsck.status, 0, why(`e2fsck -fn found problems: ${fsck.stdout}`));
    const files = await fileHashes(raw, join(this.#dir, `files-${this.#seen.size}`));
    assert.deepEqual(files, this.#original.files, why("file contents differ from the original"));
    mustRun("rm", ["-rf", join(this.#dir, `files-${this.#seen.size}`)]);
    this.tally.fsChecks++;
  }
}
