/**
 * Test support: run the real judges and fixture makers (`qemu-img`, `mke2fs`, `debugfs`, `e2fsck`)
 * and manage temporary folders. Tests build their fixtures from these real tools at run time.
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Result of a finished external command. */
export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a program (no shell) and returns its exit status and output. */
export function run(cmd: string, args: string[], input?: string): RunResult {
  const r = spawnSync(cmd, args, { encoding: "utf8", input, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a program and throws with its output when it exits non-zero. */
export function mustRun(cmd: string, args: string[], input?: string): string {
  const r = run(cmd, args, input);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Creates a temporary folder, runs `fn` with it and removes it afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "vhdx-shrink-test-"));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Options for {@link makeExt4Image}. */
export interface Ext4ImageOptions {
  /** Image size, e.g. "64M". */
  size: string;
  /** `-t` type: ext2, ext3 or ext4 (default ext4). */
  type?: "ext2" | "ext3" | "ext4";
  /** Extra mke2fs arguments, e.g. ["-O", "^64bit", "-b", "1024"]. */
  mkfsArgs?: string[];
  /** A folder whose contents populate the filesystem (`mke2fs -d`). */
  populateFrom?: string;
}

/** Makes a raw ext2/3/4 image file with the real `mke2fs`. Deterministic UUID and hash seed. */
export function makeExt4Image(path: string, opts: Ext4ImageOptions): void {
  const args = ["-q", "-F", "-t", opts.type ?? "ext4", "-U", "0f2c1a7e-5a55-4b0e-9a11-7a3c0de1c0de",
    "-E", "hash_seed=1b4e28ba-2fa1-11d2-883f-0016d3cca427", ...(opts.mkfsArgs ?? [])];
  if (opts.populateFrom) args.push("-d", opts.populateFrom);
  args.push(path, opts.size);
  mustRun("mke2fs", args);
}

/** Runs debugfs commands (write mode) against an image. */
export function debugfs(image: string, commands: string[]): string {
  return mustRun("debugfs", ["-w", "-f", "-", image], commands.join("\n") + "\n");
}

/** Converts an image to VHDX with the real qemu-img (`blockSize` like "1M", "32M"). */
export function toVhdx(src: string, dst: string, blockSize = "1M", srcFormat = "raw"): void {
  mustRun("qemu-img", ["convert", "-f", srcFormat, "-O", "vhdx", "-o", `subformat=dynamic,block_size=${blockSize}`, src, dst]);
}

/** Converts any image qemu-img reads to raw. */
export function toRaw(src: string, dst: string, srcFormat = "vhdx"): void {
  mustRun("qemu-img", ["convert", "-f", srcFormat, "-O", "raw", src, dst]);
}
