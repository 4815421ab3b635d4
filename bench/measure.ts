/**
 * Shared measuring for bench/aged.ts and bench/scale.ts: one command's wall time, peak RSS, bytes
 * passed to write calls (`wchar` of /proc/<pid>/io, which a shell accumulates from the children it
 * reaps: proc(5)) and the peak extra space its folder took while it ran; the compacted result's
 * judges (`qemu-img check`, `e2fsck -fn`); the kept blocks read from `qemu-img map`.
 * @module
 */
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { linuxBinary } from "../tests/reliability/linux_binary.ts";
import { buildNpmCli } from "./npm_cli.ts";

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
export const ROOT = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..");

export function must(cmd: string, args: string[], input?: string): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", input, maxBuffer: 256 * MiB });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Bytes the files of `dir` occupy on the host (allocated blocks, so holes do not count). */
export function allocated(dir: string): number {
  let sum = 0;
  for (const name of readdirSync(dir)) {
    try {
      const s = statSync(join(dir, name));
      if (s.isFile()) sum += s.blocks * 512;
    } catch { /* removed while we looked */ }
  }
  return sum;
}

export interface Measured {
  seconds: number;
  maxRssKiB: number;
  /** Bytes passed to write(2)/pwrite(2) by the command (stdout included, a few KiB). */
  wchar: number;
  /** Peak of (allocated bytes in `dir`) minus what it held before the command started. */
  extraBytes: number;
  stdout: string;
}

/** Runs `cmd` after a `sync`, sampling the allocated bytes of `dir` every 20 ms. */
export async function measure(cmd: string, args: string[], dir: string): Promise<Measured> {
  must("sync", []);
  const report = join(tmpdir(), `vhdx-shrink-bench-time-${process.pid}.txt`);
  const io = join(tmpdir(), `vhdx-shrink-bench-io-${process.pid}.txt`);
  const base = allocated(dir);
  let peak = base;
  const timer = setInterval(() => { peak = Math.max(peak, allocated(dir)); }, 20);
  const t0 = performance.now();
  const script = `"$@"; rc=$?; cat /proc/$$/io > '${io}'; exit $rc`;
  const child = spawn("/usr/bin/time", ["-v", "-o", report, "sh", "-c", script, "sh", cmd, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "", stderr = "";
  child.stdout.on("data", (d) => stdout += d);
  child.stderr.on("data", (d) => stderr += d);
  const status = await new Promise<number | null>((ok) => child.on("close", ok));
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, allocated(dir));
  if (status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${status}): ${stderr.slice(-2000)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(report, "utf8"));
  const wchar = /wchar: (\d+)/.exec(readFileSync(io, "utf8"));
  return { seconds, maxRssKiB: rss ? Number(rss[1]) : NaN, wchar: wchar ? Number(wchar[1]) : NaN, extraBytes: peak - base, stdout };
}

/** The I/O limit for `bytes`: dd reading them from `src` and writing them with fsync, seconds. */
export async function ioLimit(src: string, bytes: number, dir: string): Promise<number> {
  const out = join(dir, "dd.out");
  const count = Math.max(1, Math.ceil(bytes / MiB));
  const m = await measure("dd", [`if=${src}`, `of=${out}`, "bs=1M", `count=${count}`, "conv=fsync", "status=none"], dir);
  await rm(out, { force: true });
  return m.seconds;
}

/** Judges a compacted VHDX: `qemu-img check`, then `e2fsck -fn` on a raw copy. Throws when either fails. */
export async function judge(vhdx: string, dir: string): Promise<string> {
  must("qemu-img", ["check", "-q", "-f", "vhdx", vhdx]);
  const raw = join(dir, "judge.raw");
  try {
    must("qemu-img", ["convert", "-f", "vhdx", "-O", "raw", vhdx, raw]);
    must("e2fsck", ["-fn", raw]);
  } finally {
    await rm(raw, { force: true });
  }
  return "qemu-img check ok, e2fsck -fn clean";
}

/** One `qemu-img map` row. */
interface MapRow { start: number; length: number; data: boolean; offset?: number }

/** Guest offset (block-aligned) → host offset of every present block of `vhdx`. */
export function presentBlocks(vhdx: string, blockSize: number): Map<number, number> {
  const rows = JSON.parse(must("qemu-img", ["map", "--output=json", "-f", "vhdx", vhdx])) as MapRow[];
  const out = new Map<number, number>();
  for (const r of rows) {
    if (!r.data || r.offset === undefined) continue;
    for (let g = r.start; g < r.start + r.length; g += blockSize) {
      const block = Math.floor(g / blockSize) * blockSize;
      if (!out.has(block)) out.set(block, r.offset + (block - r.start));
    }
  }
  return out;
}

/**
 * The least an in-place compaction must move: the blocks kept (present in the compacted copy)
 * whose place in the source lies beyond the packed size (the copy's file size), in bytes.
 */
export function minimumMove(src: string, copy: string, blockSize: number): { keptBlocks: number; mustMove: number; spanOfVirtual: (virtual: number) => number } {
  const source = presentBlocks(src, blockSize);
  const kept = [...presentBlocks(copy, blockSize).keys()];
  const end = statSync(copy).size;
  let mustMove = 0;
  for (const g of kept) {
    const host = source.get(g);
    if (host !== undefined && host + blockSize > end) mustMove += blockSize;
  }
  const lo = Math.min(...kept), hi = Math.max(...kept) + blockSize;
  return { keptBlocks: kept.length, mustMove, spanOfVirtual: (virtual) => (hi - lo) / virtual };
}

/** The runtimes timed: the compiled Linux binary (`--binary PATH`, else built and cached) and the npm bundle on Node. */
export async function runtimes(dir: string, withNpm = true): Promise<Array<[string, string, string[]]>> {
  const at = process.argv.indexOf("--binary");
  const binary = at >= 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]) : await linuxBinary();
  const out: Array<[string, string, string[]]> = [["binary", binary, []]];
  if (withNpm && !process.argv.includes("--binary-only")) out.push(["npm (node)", process.execPath, [buildNpmCli(ROOT, join(dir, "npm-bundle"))]]);
  return out;
}

export const fmtMiB = (n: number) => `${(n / MiB).toFixed(1)} MiB`;
export const verdict = (ok: boolean) => ok ? "met" : "not met";
