/**
 * Shared measuring for bench/aged.ts and bench/scale.ts: one command's wall time, peak RSS, bytes
 * passed to write calls (`wchar` of /proc/<pid>/io, which a shell accumulates from the children it
 * reaps: proc(5)) and the peak extra space its folder took while it ran; the compacted result's
 * judges (`qemu-img check`, `e2fsck -fn`); the kept blocks read from `qemu-img map`.
 * @module
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
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

/** A GUID as VHDX stores it (first three fields little-endian), from its text form. */
function guidBytes(text: string): string {
  const h = text.replace(/-/g, "");
  const swap = (x: string) => x.match(/../g)!.reverse().join("");
  return (swap(h.slice(0, 8)) + swap(h.slice(8, 12)) + swap(h.slice(12, 16)) + h.slice(16)).toLowerCase();
}

/**
 * Guest offset → host offset of every present payload block of `vhdx`, read from its BAT with a
 * parser of the bench's own (the VHDX specification, [MS-VHDX] 2.2–2.6: region table at 192 KiB,
 * BAT entries' state in the low 3 bits (6 fully present, 7 partially), file offset in MiB in the
 * top 44 bits, one sector-bitmap entry after every chunk of 2^23 × sector size / block size
 * payload entries). `qemu-img map` cannot tell: its VHDX driver reports the whole range as data.
 */
export function presentBlocks(vhdx: string, blockSize: number): Map<number, number> {
  const fd = openSync(vhdx, "r");
  try {
    const read = (pos: number, len: number) => {
      const b = Buffer.alloc(len);
      readSync(fd, b, 0, len, pos);
      return b;
    };
    const regions = read(192 * 1024, 64 * 1024);
    if (regions.toString("latin1", 0, 4) !== "regi") throw new Error(`${vhdx}: no VHDX region table`);
    let bat = { offset: 0, length: 0 }, meta = 0;
    for (let i = 0; i < regions.readUInt32LE(8); i++) {
      const e = 16 + i * 32;
      const id = regions.toString("hex", e, e + 16);
      if (id === guidBytes("2DC27766-F623-4200-9D64-115E9BFD4A08")) bat = { offset: Number(regions.readBigUInt64LE(e + 16)), length: regions.readUInt32LE(e + 24) };
      if (id === guidBytes("8B7CA206-4790-4B9A-B8FE-575F050F886E")) meta = Number(regions.readBigUInt64LE(e + 16));
    }
    const table = read(meta, 64 * 1024);
    let sector = 512;
    for (let i = 0; i < table.readUInt16LE(10); i++) {
      const e = 32 + i * 32;
      if (table.toString("hex", e, e + 16) === guidBytes("8141BF1D-A96F-4709-BA47-F233A8FAAB5F")) sector = read(meta + table.readUInt32LE(e + 16), 4).readUInt32LE(0);
    }
    const chunkRatio = (2 ** 23 * sector) / blockSize;
    const entries = read(bat.offset, bat.length);
    const out = new Map<number, number>();
    let block = 0;
    for (let i = 0; i * 8 < bat.length; i++) {
      if ((i + 1) % (chunkRatio + 1) === 0) continue; // a sector-bitmap entry
      const v = entries.readBigUInt64LE(i * 8);
      const state = Number(v & 7n);
      if (state === 6 || state === 7) out.set(block * blockSize, Number(v >> 20n) * MiB);
      block++;
    }
    return out;
  } finally {
    closeSync(fd);
  }
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
