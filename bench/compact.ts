/**
 * Benchmark of the native compactor against `qemu-img convert -O vhdx` and the zerofree pipeline
 * (`qemu-img convert -O raw`, `zerofree`, `qemu-img convert -O vhdx`) on one bloated disk:
 * 4 GiB ext4 (4 KiB blocks, like WSL), ~200 MB of files, ~1.2 GB written then deleted, 1 MiB
 * VHDX blocks. Prints wall time (best of {@link RUNS}), output size and peak RSS (worst of the runs)
 * of each, and the in-place write ratio.
 * Run: `npm run bench` (Linux, needs qemu-img, mke2fs, debugfs, zerofree, /usr/bin/time), or
 * `npm run bench -- --binary dist/vhdx-shrink-linux-x64` to time a compiled binary as well. The
 * "npm (node)" row is the CLI as `npm install` gives it: this repository packed (`npm pack`) and
 * installed offline into a temporary project, run through its bin with plain Node.
 * @module
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { randomFillSync } from "node:crypto";
import { copyFile, mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { compactInPlace } from "../core/compact/compact_in_place.ts";
import { openBlockFile } from "../core/io/block_file.ts";
import { CountingFile } from "../tests/compact/crash_file.ts";
import { installTarball, packRepository } from "../packaging/npm_consumer.ts";
import { buildNpmCli } from "./npm_cli.ts";

const MiB = 1024 * 1024;
/** Runs of every timed command: the VM is noisy (±30 %), so we keep the fastest wall time. */
const RUNS = 3;
/** Runs of each start-up measurement (a few ms each; the fastest is kept). */
const STARTUP_RUNS = 10;
const ROOT = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..");

/** Runs a command under /usr/bin/time -v: wall seconds and peak RSS of the process tree's largest member. */
function timed(cmd: string, args: string[]): { seconds: number; maxRssKiB: number } {
  must("sync", []); // start every run with no dirty pages from the previous one
  // The report goes to a file: Bun leaves the shared stderr pipe non-blocking, which made time's own write fail.
  const report = join(tmpdir(), `vhdx-shrink-bench-time-${process.pid}.txt`);
  const t0 = performance.now();
  const r = spawnSync("/usr/bin/time", ["-v", "-o", report, cmd, ...args], { encoding: "utf8", maxBuffer: 64 * MiB });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(report, "utf8"));
  return { seconds, maxRssKiB: rss ? Number(rss[1]) : NaN };
}

/** {@link timed} {@link RUNS} times, each after `prepare`: the best wall time and the worst peak RSS. */
async function timedBest(cmd: string, args: string[], prepare: () => Promise<unknown> = async () => {}): Promise<{ seconds: number; maxRssKiB: number }> {
  let best = { seconds: Infinity, maxRssKiB: 0 };
  for (let i = 0; i < RUNS; i++) {
    await prepare();
    const t = timed(cmd, args);
    best = { seconds: Math.min(best.seconds, t.seconds), maxRssKiB: Math.max(best.maxRssKiB, t.maxRssKiB) };
  }
  return best;
}

function must(cmd: string, args: string[], input?: string): void {
  const r = spawnSync(cmd, args, { encoding: "utf8", input, maxBuffer: 64 * MiB });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}${r.stdout}`);
}

/** Random bytes (incompressible, like real files and real garbage). */
async function randomFile(path: string, bytes: number): Promise<void> {
  const buf = new Uint8Array(bytes);
  for (let at = 0; at < bytes; at += 64 * MiB) randomFillSync(buf, at, Math.min(64 * MiB, bytes - at));
  await writeFile(path, buf);
}

/** The bloated disk: files from a tree, then 1.2 GB of junk written and deleted in six files. */
async function buildDisk(dir: string): Promise<string> {
  const tree = join(dir, "tree");
  for (let d = 0; d < 20; d++) {
    await mkdir(join(tree, `dir${d}`), { recursive: true });
    for (let f = 0; f < 50; f++) await randomFile(join(tree, `dir${d}`, `small${f}`), 4096 + ((d * 50 + f) * 7919) % 60000);
  }
  for (let i = 0; i < 8; i++) await randomFile(join(tree, `big${i}.bin`), 20 * MiB);
  const raw = join(dir, "disk.raw");
  must("mke2fs", ["-q", "-F", "-t", "ext4", "-b", "4096", "-d", tree, raw, "4G"]);
  const junk = join(dir, "junk.bin");
  await randomFile(junk, 200 * MiB);
  const cmds = [];
  for (let i = 0; i < 6; i++) cmds.push(`write ${junk} junk${i}`);
  for (let i = 0; i < 6; i++) cmds.push(`rm junk${i}`);
  must("debugfs", ["-w", "-f", "-", raw], cmds.join("\n") + "\n");
  await rm(junk);
  await rm(tree, { recursive: true });
  const vhdx = join(dir, "bloated.vhdx");
  must("qemu-img", ["convert", "-f", "raw", "-O", "vhdx", "-o", "subformat=dynamic,block_size=1M", raw, vhdx]);
  await rm(raw);
  return vhdx;
}

/** The path after `--binary`, if given: a compiled vhdx-shrink to time first. */
function binaryArg(): string | undefined {
  const at = process.argv.indexOf("--binary");
  return at >= 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]) : undefined;
}

const size = async (p: string) => (await stat(p)).size;
const fmt = (n: number) => `${(n / MiB).toFixed(1)} MiB`;

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "vhdx-shrink-bench-"));
  try {
    console.log(`building the bloated disk in ${dir} ...`);
    const src = await buildDisk(dir);
    const srcSize = await size(src);
    const q = join(dir, "qemu.vhdx"), zraw = join(dir, "z.raw"), z = join(dir, "zerofree.vhdx"), ours = join(dir, "ours.vhdx");

    const removeQ = () => rm(q, { force: true });
    const qemu = await timedBest("qemu-img", ["convert", "-f", "vhdx", "-O", "vhdx", "-o", "subformat=dynamic,block_size=1M", src, q], removeQ);
    // qemu-img does not fsync its output; we do. Also time qemu-img followed by a flush of its output.
    const qemuSynced = await timedBest("sh", ["-c", `qemu-img convert -f vhdx -O vhdx -o subformat=dynamic,block_size=1M '${src}' '${q}' && sync '${q}'`], removeQ);
    const t0 = performance.now();
    const z1 = timed("qemu-img", ["convert", "-f", "vhdx", "-O", "raw", src, zraw]);
    const z2 = timed("zerofree", [zraw]);
    const z3 = timed("qemu-img", ["convert", "-f", "raw", "-O", "vhdx", "-o", "subformat=dynamic,block_size=1M", zraw, z]);
    const zSeconds = (performance.now() - t0) / 1000;
    await rm(zraw);

    // The release binary is compiled with Bun; run the same sources with Bun, the npm package as
    // installed (compiled JavaScript on plain Node), and Node + tsx on the sources for reference.
    console.log("packing and installing the npm package ...");
    // Installing the packed tarball offline needs every dependency in npm's cache; without them,
    // the same bundle (lib/cli.js as scripts/build-npm.mjs makes it) runs from a temp folder.
    let npm: [string, string[]];
    try {
      npm = [await installTarball(ROOT, packRepository(ROOT, dir).tarball, join(dir, "npm-project")), []];
    } catch (e) {
      console.log(`the npm package could not be installed offline (${(e as Error).message.split("\n")[0]}); timing its bundle instead`);
      npm = [process.execPath, [buildNpmCli(ROOT, join(dir, "npm-bundle"))]];
    }
    const runtimes: Array<[string, string, string[]]> = [
      ["bun", join(ROOT, "node_modules/.bin/bun"), [join(ROOT, "cli/main.ts")]],
      ["npm (node)", npm[0], npm[1]],
      ["node+tsx", process.execPath, ["--import", "tsx", join(ROOT, "cli/main.ts")]],
    ];
    const binary = binaryArg();
    if (binary) runtimes.unshift(["binary", binary, []]);
    const timedRuntime = binary ? "binary" : "bun";
    const ourRows: string[][] = [];
    const copyRatios: string[] = [];
    let copy = { seconds: NaN, maxRssKiB: NaN }, inPlace = copy;
    const inPlacePath = join(dir, "in-place.vhdx");
    for (const [name, cmd, pre] of runtimes) {
      const c = await timedBest(cmd, [...pre, "compact", src, "--output", ours, "--quiet"], () => rm(ours, { force: true }));
      const p = await timedBest(cmd, [...pre, "compact", inPlacePath, "--yes", "--quiet"], () => copyFile(src, inPlacePath));
      if (name === timedRuntime) [copy, inPlace] = [c, p];
      copyRatios.push(`wall time, copy vs qemu-img convert, ${name}: ${(c.seconds / qemu.seconds).toFixed(3)}x`);
      ourRows.push([`vhdx-shrink compact --output (${name})`, fmt(await size(ours)), `${c.seconds.toFixed(2)} s`, `${(c.maxRssKiB / 1024).toFixed(0)} MiB`]);
      ourRows.push([`vhdx-shrink compact in place (${name})`, fmt(await size(inPlacePath)), `${p.seconds.toFixed(2)} s`, `${(p.maxRssKiB / 1024).toFixed(0)} MiB`]);
    }

    // Start-up: `--version` (answered by the npm bin without loading the CLI) and `plugins --json`
    // (loads the whole CLI and every strategy), best of STARTUP_RUNS wall times each.
    const startRows: string[][] = [];
    for (const [name, cmd, pre] of runtimes) {
      const best = (args: string[]) => {
        let min = Infinity;
        for (let i = 0; i < STARTUP_RUNS; i++) {
          const t0 = performance.now();
          const r = spawnSync(cmd, [...pre, ...args], { encoding: "utf8" });
          if (r.status !== 0) throw new Error(`${name} ${args.join(" ")} failed: ${r.stderr}`);
          min = Math.min(min, performance.now() - t0);
        }
        return `${min.toFixed(0)} ms`;
      };
      startRows.push([name, best(["--version"]), best(["plugins", "--json"])]);
    }

    // Write accounting for in-place mode, in-process through a counting BlockFile, on a fresh copy.
    const counted = join(dir, "counted.vhdx");
    await copyFile(src, counted);
    const file = new CountingFile(await openBlockFile(counted, "write"));
    const r = await compactInPlace(file);
    await file.close();

    // The I/O limit: reading as many bytes as the copy keeps plus writing them with fsync (dd,
    // sequential, so a floor the copy, which reads scattered used ranges, cannot beat).
    const keptMiB = Math.ceil((await size(ours)) / MiB);
    const ddOut = join(dir, "dd.out");
    const ioLimit = await timedBest("dd", [`if=${src}`, `of=${ddOut}`, "bs=1M", `count=${keptMiB}`, "conv=fsync", "status=none"], () => rm(ddOut, { force: true }));
    await rm(ddOut, { force: true });
    const npmCopy = ourRows.find((row) => row[0] === "vhdx-shrink compact --output (npm (node))")!;

    const rows = [
      ["source (bloated)", fmt(srcSize), "", ""],
      [`I/O limit: dd of ${keptMiB} MiB with conv=fsync`, "", `${ioLimit.seconds.toFixed(2)} s`, ""],
      ["qemu-img convert -O vhdx", fmt(await size(q)), `${qemu.seconds.toFixed(2)} s`, `${(qemu.maxRssKiB / 1024).toFixed(0)} MiB`],
      ["qemu-img convert -O vhdx, then sync", fmt(await size(q)), `${qemuSynced.seconds.toFixed(2)} s`, ""],
      ["zerofree pipeline", fmt(await size(z)), `${zSeconds.toFixed(2)} s`, `${(Math.max(z1.maxRssKiB, z2.maxRssKiB, z3.maxRssKiB) / 1024).toFixed(0)} MiB`],
      ...ourRows,
    ];
    console.log("\n| run | output size | wall time | peak RSS |\n|---|---|---|---|");
    for (const row of rows) console.log(`| ${row.join(" | ")} |`);
    console.log("\n| start-up | --version | plugins --json |\n|---|---|---|");
    for (const row of startRows) console.log(`| ${row.join(" | ")} |`);
    console.log(`\nsize, copy vs zerofree pipeline:      ${((await size(ours)) / (await size(z))).toFixed(3)}x (target <= 1.01)`);
    console.log(`size, in place vs zerofree pipeline:  ${((await size(inPlacePath)) / (await size(z))).toFixed(3)}x`);
    const verdict = (ok: boolean) => ok ? "met" : "not met";
    console.log(`\nload average (1/5/15 min) at the end: ${loadavg().map((l) => l.toFixed(1)).join(" / ")}`);
    console.log(`wall time (${timedRuntime}), copy vs qemu-img convert:       ${(copy.seconds / qemu.seconds).toFixed(3)}x (target <= 0.30: ${verdict(copy.seconds / qemu.seconds <= 0.3)})`);
    console.log(`wall time (${timedRuntime}), copy vs the I/O limit:           ${(copy.seconds / ioLimit.seconds).toFixed(3)}x (target <= 1.5: ${verdict(copy.seconds / ioLimit.seconds <= 1.5)})`);
    const npmSeconds = Number.parseFloat(npmCopy[2]);
    console.log(`wall time, copy, npm (node) vs ${timedRuntime}:                ${(npmSeconds / copy.seconds).toFixed(3)}x (target <= 1.2: ${verdict(npmSeconds / copy.seconds <= 1.2)})`);
    for (const line of copyRatios) console.log(line);
    console.log(`wall time (${timedRuntime}), copy vs qemu-img convert+sync:  ${(copy.seconds / qemuSynced.seconds).toFixed(3)}x`);
    console.log(`wall time (${timedRuntime}), in place vs qemu-img convert:   ${(inPlace.seconds / qemu.seconds).toFixed(3)}x`);
    console.log(`peak RSS (${timedRuntime}), copy / in place:                 ${(copy.maxRssKiB / 1024).toFixed(0)} / ${(inPlace.maxRssKiB / 1024).toFixed(0)} MiB (target < 128)`);
    console.log(`in place: ${fmt(file.bytesWritten)} written for ${fmt(r.moves.movedBytes)} moved = ${(file.bytesWritten / r.moves.movedBytes).toFixed(3)}x (target <= 1.1), ${file.syncs} fsyncs`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
