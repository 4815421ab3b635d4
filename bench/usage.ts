/**
 * Benchmark of `usage` on a disk with 1,000,000 files (1000 folders of 1000 names, every tenth file
 * 200 bytes, the rest empty; folders indexed by `e2fsck -fD` as a running kernel would have them),
 * against debugfs listing the same tree (`ls -l` of every folder in one debugfs run, on the raw
 * image). Prints wall time and peak RSS of each; the disk is built once and kept (sparse) in
 * the temp folder, `--rebuild` makes it again.
 * Run: `node --import tsx bench/usage.ts` (Linux, needs mke2fs, e2fsck, debugfs, qemu-img, /usr/bin/time);
 * `--binary dist/vhdx-shrink-linux-x64` times a compiled binary as well. Building the disk takes
 * about 15 minutes (mke2fs -d inserts a million names), once.
 * @module
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..");
const FOLDERS = 1000;
const FILES_PER_FOLDER = 1000;
const MiB = 1024 * 1024;
/** Runs of every timed command; the VM is noisy, so the fastest wall time and the highest RSS are kept. */
const RUNS = 3;

function must(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 512 * MiB });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** What one timed run measured: wall and CPU (user + system) seconds, peak RSS. */
interface Timing {
  seconds: number;
  cpuSeconds: number;
  maxRssKiB: number;
}

/** Wall seconds, CPU seconds and peak RSS (KiB) of one command under /usr/bin/time -v; stdout discarded. */
function timed(cmd: string, args: string[]): Timing {
  const report = join(tmpdir(), `vhdx-shrink-bench-usage-time-${process.pid}.txt`);
  const t0 = performance.now();
  const r = spawnSync("/usr/bin/time", ["-v", "-o", report, cmd, ...args], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", maxBuffer: 64 * MiB });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  const text = readFileSync(report, "utf8");
  const field = (name: string) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(text)?.[1] ?? NaN);
  return { seconds, cpuSeconds: field("User time \\(seconds\\)") + field("System time \\(seconds\\)"), maxRssKiB: field("Maximum resident set size \\(kbytes\\)") };
}

/** {@link RUNS} runs: the fastest wall and CPU time, the highest peak RSS. */
function timedBest(cmd: string, args: string[]): Timing {
  let best = { seconds: Infinity, cpuSeconds: Infinity, maxRssKiB: 0 };
  for (let i = 0; i < RUNS; i++) {
    const t = timed(cmd, args);
    best = { seconds: Math.min(best.seconds, t.seconds), cpuSeconds: Math.min(best.cpuSeconds, t.cpuSeconds), maxRssKiB: Math.max(best.maxRssKiB, t.maxRssKiB) };
  }
  return best;
}

/** The source tree, written with plain syscalls (a million writeFile promises would be slower). */
function writeTree(src: string): void {
  const small = new Uint8Array(200).fill(0x61);
  for (let d = 0; d < FOLDERS; d++) {
    const dir = join(src, `d${String(d).padStart(4, "0")}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < FILES_PER_FOLDER; f++) {
      const fd = openSync(join(dir, `file-${String(f).padStart(4, "0")}.txt`), "w");
      if (f % 10 === 0) writeSync(fd, small);
      closeSync(fd);
    }
  }
}

/** Builds (or reuses) the raw image and its VHDX. */
function buildDisk(work: string, rebuild: boolean): { raw: string; vhdx: string } {
  const raw = join(work, "million.img");
  const vhdx = join(work, "million.vhdx");
  if (!rebuild && existsSync(vhdx) && existsSync(raw)) return { raw, vhdx };
  const src = join(work, "src");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  let t = performance.now();
  writeTree(src);
  console.log(`source tree: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  must("mke2fs", ["-q", "-F", "-t", "ext4", "-b", "4096", "-N", String(FOLDERS * FILES_PER_FOLDER + 100_000), "-d", src, raw, "8G"]);
  console.log(`mke2fs -d: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  rmSync(src, { recursive: true, force: true });
  t = performance.now();
  const fsck = spawnSync("e2fsck", ["-fyD", raw], { encoding: "utf8" });
  if ((fsck.status ?? 8) > 1) throw new Error(`e2fsck -fyD failed: ${fsck.stdout}`);
  console.log(`e2fsck -fD: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  must("qemu-img", ["convert", "-f", "raw", "-O", "vhdx", "-o", "subformat=dynamic,block_size=1M", raw, vhdx]);
  return { raw, vhdx };
}

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string) => args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
  const { raw, vhdx } = buildDisk(join(tmpdir(), "vhdx-shrink-bench-usage"), args.includes("--rebuild"));
  const cmdsFile = join(tmpdir(), "vhdx-shrink-bench-usage.debugfs");
  writeFileSync(cmdsFile, ["ls -l /", ...Array.from({ length: FOLDERS }, (_, d) => `ls -l /d${String(d).padStart(4, "0")}`)].join("\n") + "\n");
  const ncduOut = join(tmpdir(), "bench-usage.ncdu.json");
  const clis: [string, string, string[]][] = [["node + tsx", process.execPath, ["--import", "tsx", join(ROOT, "cli/main.ts")]]];
  const binary = option("--binary");
  if (binary) clis.push(["compiled binary", resolve(binary), []]);
  const rows: [string, Timing][] = [["debugfs: ls -l of every folder (raw image)", timedBest("debugfs", ["-f", cmdsFile, raw])]];
  for (const [name, cmd, pre] of clis) {
    rows.push([`vhdx-shrink usage --json (${name}): scan + native estimate`, timedBest(cmd, [...pre, "usage", vhdx, "--json"])]);
    rows.push([`vhdx-shrink usage --ncdu (${name})`, timedBest("sh", ["-c", `rm -f "${ncduOut}"; exec "$0" "$@"`, cmd, ...pre, "usage", vhdx, "--ncdu", ncduOut, "--quiet"])]);
  }
  const debugfsTime = rows[0][1];
  console.log([
    `disk: ${FOLDERS * FILES_PER_FOLDER} files in ${FOLDERS} folders; VHDX ${(statSync(vhdx).size / MiB).toFixed(0)} MiB, raw image ${(statSync(raw).blocks * 512 / MiB).toFixed(0)} MiB on disk (sparse)`,
    "| run | wall time | CPU time | peak RSS | wall vs debugfs |", "|---|---|---|---|---|",
    ...rows.map(([name, t]) => `| ${name} | ${t.seconds.toFixed(2)} s | ${t.cpuSeconds.toFixed(2)} s | ${(t.maxRssKiB / 1024).toFixed(0)} MiB | ${(t.seconds / debugfsTime.seconds).toFixed(2)} × |`),
  ].join("\n"));
}

main();
