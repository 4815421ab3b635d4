/**
 * Benchmark of `usage` against its anchors, in one run: disks of 10,000 to 1,000,000 files (folders
 * of 1000 names, every tenth file 200 bytes, the rest empty; folders indexed by `e2fsck -fD` as a
 * running kernel would have them), each timed against debugfs listing the same tree (`ls -l` of
 * every folder in one debugfs run, on the raw image). The commands are alternated round by round
 * and the minimum wall time of each is kept (the VM is shared: ratios inside one run are what
 * count); the machine's load average is printed with the tables. Disks are built once and kept
 * (sparse) in the temp folder; `--rebuild` makes them again.
 *
 * Run: `npm run bench:usage -- [--binary dist/vhdx-shrink-linux-x64] [--files 10000,100000,1000000]
 * [--rounds 3]` (Linux; needs mke2fs, e2fsck, debugfs, qemu-img, /usr/bin/time and the dev
 * dependencies). "npm (node)" is the CLI as the npm package runs it: `bin/vhdx-shrink.mjs` and
 * `lib/cli.js` bundled by `bun build --target=node` exactly as scripts/build-npm.mjs does, on plain
 * Node, built afresh into a temp folder so it times the sources as they are.
 * @module
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildNpmCli } from "./npm_cli.ts";

const ROOT = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..");
const FILES_PER_FOLDER = 1000;
const MiB = 1024 * 1024;

/** The anchors (what `usage` must reach, measured in the same run). */
const TARGET = { entriesPerSecond: 1_000_000, vsDebugfs: 0.2, rssMiB: 128 } as const;

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
  spawnSync("sync");
  const report = join(tmpdir(), `vhdx-shrink-bench-usage-time-${process.pid}.txt`);
  const t0 = performance.now();
  const r = spawnSync("/usr/bin/time", ["-v", "-o", report, cmd, ...args], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", maxBuffer: 64 * MiB });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  const text = readFileSync(report, "utf8");
  const field = (name: string) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(text)?.[1] ?? NaN);
  return { seconds, cpuSeconds: field("User time \\(seconds\\)") + field("System time \\(seconds\\)"), maxRssKiB: field("Maximum resident set size \\(kbytes\\)") };
}

/** The fastest wall and CPU time and the highest RSS of several runs. */
function best(a: Timing | undefined, b: Timing): Timing {
  if (!a) return b;
  return { seconds: Math.min(a.seconds, b.seconds), cpuSeconds: Math.min(a.cpuSeconds, b.cpuSeconds), maxRssKiB: Math.max(a.maxRssKiB, b.maxRssKiB) };
}

/** The source tree, written with plain syscalls (a million writeFile promises would be slower). */
function writeTree(src: string, folders: number): void {
  const small = new Uint8Array(200).fill(0x61);
  for (let d = 0; d < folders; d++) {
    const dir = join(src, `d${String(d).padStart(4, "0")}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < FILES_PER_FOLDER; f++) {
      const fd = openSync(join(dir, `file-${String(f).padStart(4, "0")}.txt`), "w");
      if (f % 10 === 0) writeSync(fd, small);
      closeSync(fd);
    }
  }
}

/** A built disk: its raw image, its VHDX and how many folders it has. */
interface Disk {
  files: number;
  folders: number;
  raw: string;
  vhdx: string;
}

/** Builds (or reuses) the raw image and its VHDX for `files` files (the 1,000,000-file disk keeps its old folder). */
function buildDisk(files: number, rebuild: boolean): Disk {
  const folders = Math.max(1, Math.round(files / FILES_PER_FOLDER));
  const work = join(tmpdir(), files === 1_000_000 ? "vhdx-shrink-bench-usage" : `vhdx-shrink-bench-usage-${files}`);
  const raw = join(work, "million.img");
  const vhdx = join(work, "million.vhdx");
  if (!rebuild && existsSync(vhdx) && existsSync(raw)) return { files, folders, raw, vhdx };
  const src = join(work, "src");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  let t = performance.now();
  writeTree(src, folders);
  console.log(`${files} files: source tree ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const size = Math.max(1, Math.ceil(files / 125_000)); // GiB: 8 GiB for a million, as before
  must("mke2fs", ["-q", "-F", "-t", "ext4", "-b", "4096", "-N", String(Math.ceil(files * 1.1) + 1000), "-d", src, raw, `${size}G`]);
  console.log(`${files} files: mke2fs -d ${((performance.now() - t) / 1000).toFixed(1)} s`);
  rmSync(src, { recursive: true, force: true });
  const fsck = spawnSync("e2fsck", ["-fyD", raw], { encoding: "utf8" });
  if ((fsck.status ?? 8) > 1) throw new Error(`e2fsck -fyD failed: ${fsck.stdout}`);
  must("qemu-img", ["convert", "-f", "raw", "-O", "vhdx", "-o", "subformat=dynamic,block_size=1M", raw, vhdx]);
  return { files, folders, raw, vhdx };
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(" / ");
const verdict = (ok: boolean) => ok ? "met" : "not met";
const mib = (t: Timing) => t.maxRssKiB / 1024;

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string) => args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
  const sizes = (option("--files") ?? "10000,100000,1000000").split(",").map(Number);
  const rounds = Number(option("--rounds") ?? 3);
  const disks = sizes.map((n) => buildDisk(n, args.includes("--rebuild")));
  const clis: [string, string, string[]][] = [["npm (node)", process.execPath, [buildNpmCli(ROOT, join(tmpdir(), `vhdx-shrink-bench-npm-${process.pid}`))]]];
  const binary = option("--binary");
  if (binary) clis.unshift(["compiled binary", resolve(binary), []]);
  const ncduOut = join(tmpdir(), `bench-usage-${process.pid}.ncdu.json`);
  const loadBefore = load();
  const results = new Map<string, Timing>();
  const keep = (key: string, t: Timing) => results.set(key, best(results.get(key), t));
  for (let round = 0; round < rounds; round++) {
    for (const disk of disks) {
      const cmdsFile = join(tmpdir(), `vhdx-shrink-bench-usage-${disk.files}.debugfs`);
      writeFileSync(cmdsFile, ["ls -l /", ...Array.from({ length: disk.folders }, (_, d) => `ls -l /d${String(d).padStart(4, "0")}`)].join("\n") + "\n");
      keep(`${disk.files} debugfs`, timed("debugfs", ["-f", cmdsFile, disk.raw]));
      for (const [name, cmd, pre] of clis) {
        keep(`${disk.files} ${name} json`, timed(cmd, [...pre, "usage", disk.vhdx, "--json"]));
        if (disk.files === sizes[sizes.length - 1]) {
          rmSync(ncduOut, { force: true });
          keep(`${disk.files} ${name} ncdu`, timed(cmd, [...pre, "usage", disk.vhdx, "--ncdu", ncduOut, "--quiet"]));
        }
      }
    }
  }
  rmSync(ncduOut, { force: true });
  const big = disks[disks.length - 1];
  const entries = big.files + big.folders;
  const deb = results.get(`${big.files} debugfs`)!;
  const lines = [
    `load average (1/5/15 min) before: ${loadBefore}, after: ${load()}; ${rounds} rounds, commands alternated, minimum wall time of each`,
    "",
    `### usage on ${big.files.toLocaleString("en-US")} files (VHDX ${(statSync(big.vhdx).size / MiB).toFixed(0)} MiB)`,
    "",
    "| run | wall time | CPU time | peak RSS | entries/s (wall) | wall vs debugfs |",
    "|---|---|---|---|---|---|",
    `| debugfs: ls -l of every folder (raw image) | ${deb.seconds.toFixed(2)} s | ${deb.cpuSeconds.toFixed(2)} s | ${mib(deb).toFixed(0)} MiB | ${(entries / deb.seconds).toFixed(0)} | 1.00 × |`,
  ];
  const targets: string[] = ["| target | anchor | measured | met? |", "|---|---|---|---|"];
  for (const [name] of clis) {
    for (const kind of ["json", "ncdu"]) {
      const t = results.get(`${big.files} ${name} ${kind}`)!;
      const rate = entries / t.seconds;
      const ratio = t.seconds / deb.seconds;
      lines.push(`| vhdx-shrink usage --${kind} (${name}) | ${t.seconds.toFixed(2)} s | ${t.cpuSeconds.toFixed(2)} s | ${mib(t).toFixed(0)} MiB | ${rate.toFixed(0)} | ${ratio.toFixed(2)} × |`);
      targets.push(`| usage --${kind} (${name}): entries per second of wall time | ≥ ${TARGET.entriesPerSecond.toLocaleString("en-US")} | ${rate.toFixed(0)} | ${verdict(rate >= TARGET.entriesPerSecond)} |`);
      targets.push(`| usage --${kind} (${name}): wall time vs debugfs | ≤ ${TARGET.vsDebugfs} × | ${ratio.toFixed(2)} × | ${verdict(ratio <= TARGET.vsDebugfs)} |`);
      targets.push(`| usage --${kind} (${name}): peak RSS | < ${TARGET.rssMiB} MiB | ${mib(t).toFixed(0)} MiB | ${verdict(mib(t) < TARGET.rssMiB)} |`);
    }
  }
  if (binary) {
    const ratio = results.get(`${big.files} npm (node) json`)!.seconds / results.get(`${big.files} compiled binary json`)!.seconds;
    targets.push(`| npm (node) vs compiled binary, usage --json | ≤ 1.2 × | ${ratio.toFixed(2)} × | ${verdict(ratio <= 1.2)} |`);
  }
  const scale = ["### Growth with the file count (usage --json)", "", `| files | debugfs wall | ${clis.map(([n]) => `${n} wall | ${n} RSS`).join(" | ")} |`, `|---|---|${clis.map(() => "---|---|").join("")}`];
  for (const disk of disks) {
    const cells = clis.map(([n]) => {
      const t = results.get(`${disk.files} ${n} json`)!;
      return `${t.seconds.toFixed(2)} s | ${mib(t).toFixed(0)} MiB`;
    });
    scale.push(`| ${disk.files.toLocaleString("en-US")} | ${results.get(`${disk.files} debugfs`)!.seconds.toFixed(2)} s | ${cells.join(" | ")} |`);
  }
  console.log([...lines, "", ...scale, "", "### Targets", "", ...targets].join("\n"));
}

main();
