/**
 * The scale sheet: the same kept data (~160 MB of files, ~400 MB written then deleted) on sparse
 * ext4 disks of 1 to 64 GiB virtual, 1 MiB VHDX blocks; for analyze, copy and in place, the wall
 * time, peak RSS and bytes written (`wchar`) of the compiled binary, so the growth with the
 * virtual size shows (cost should follow the kept data, memory stay flat). Every compaction
 * result is judged by `qemu-img check` and `e2fsck -fn`. Fixtures are cached under /tmp
 * (`VHDX_SHRINK_SCALE_CACHE`).
 * Run: `npm run bench:scale [-- --binary PATH] [--sizes 1,4,16,64] [--rounds N]`.
 * @module
 */
import { randomFillSync } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rename, rm, stat, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fmtMiB, GiB, judge, measure, type Measured, MiB, must, runtimes } from "./measure.ts";

const CACHE = process.env.VHDX_SHRINK_SCALE_CACHE || join(tmpdir(), "vhdx-shrink-scale-cache");
const RECIPE = "v1";

async function randomFile(path: string, bytes: number): Promise<void> {
  const buf = new Uint8Array(bytes);
  for (let at = 0; at < bytes; at += 65536) randomFillSync(buf, at, Math.min(65536, bytes - at));
  await writeFile(path, buf);
}

/** The same tree and the same junk on a `gib` GiB sparse disk (lazy inode-table init, as WSL's disks). */
async function buildDisk(gib: number): Promise<string> {
  const cached = join(CACHE, `scale-${RECIPE}-${gib}G.vhdx`);
  if (existsSync(cached)) return cached;
  await mkdir(CACHE, { recursive: true });
  const dir = await mkdtemp(join(CACHE, "build-"));
  try {
    const tree = join(dir, "tree");
    for (let d = 0; d < 20; d++) {
      await mkdir(join(tree, `dir${d}`), { recursive: true });
      for (let f = 0; f < 50; f++) await randomFile(join(tree, `dir${d}`, `small${f}`), 4096 + ((d * 50 + f) * 7919) % 60000);
    }
    for (let i = 0; i < 6; i++) await randomFile(join(tree, `big${i}.bin`), 20 * MiB);
    const raw = join(dir, "disk.raw");
    must("mke2fs", ["-q", "-F", "-t", "ext4", "-b", "4096", "-E", "lazy_itable_init=1,lazy_journal_init=1", "-d", tree, raw, `${gib}G`]);
    const junk = join(dir, "junk.bin");
    await randomFile(junk, 100 * MiB);
    const cmds: string[] = [];
    for (let i = 0; i < 4; i++) cmds.push(`write ${junk} junk${i}`);
    for (let i = 0; i < 4; i++) cmds.push(`rm junk${i}`);
    must("debugfs", ["-w", "-f", "-", raw], cmds.join("\n") + "\n");
    const vhdx = join(dir, "disk.vhdx");
    must("qemu-img", ["convert", "-f", "raw", "-O", "vhdx", "-o", "subformat=dynamic,block_size=1M", raw, vhdx]);
    await rename(vhdx, cached);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return cached;
}

async function main(): Promise<void> {
  const at = process.argv.indexOf("--sizes");
  const sizes = (at >= 0 ? process.argv[at + 1] : "1,4,16,64").split(",").map(Number);
  const dir = await mkdtemp(join(tmpdir(), "vhdx-shrink-scale-"));
  const work = join(dir, "work");
  await mkdir(work);
  try {
    const [[name, cmd, pre]] = await runtimes(dir, false);
    const at2 = process.argv.indexOf("--rounds");
    const rounds = at2 >= 0 ? Number(process.argv[at2 + 1]) : 1;
    const rows: string[] = [];
    const peaks: number[] = [];
    const perKept: string[] = [];
    /** The fastest wall of `rounds` runs, with the worst peak RSS. */
    const bestOf = async (run: () => Promise<Measured>): Promise<Measured> => {
      let best: Measured | undefined;
      for (let r = 0; r < rounds; r++) {
        const m = await run();
        best = !best ? m : { ...(m.seconds < best.seconds ? m : best), maxRssKiB: Math.max(m.maxRssKiB, best.maxRssKiB) };
      }
      return best!;
    };
    const cells = (m: Measured) => `${m.seconds.toFixed(2)} s | ${(m.maxRssKiB / 1024).toFixed(0)} MiB | ${fmtMiB(m.wchar)}`;
    for (const gib of sizes) {
      console.log(`${gib} GiB: building or reading the cached disk ...`);
      const src = await buildDisk(gib);
      const a = await bestOf(() => measure(cmd, [...pre, "analyze", src, "--json"], work));
      const out = join(work, "copy.vhdx");
      let kept = 0;
      const c = await bestOf(async () => {
        await rm(out, { force: true });
        const m = await measure(cmd, [...pre, "compact", src, "--output", out, "--json", "--quiet"], work);
        await judge(out, dir);
        kept = (await stat(out)).size;
        await rm(out);
        return m;
      });
      const target = join(work, "in-place.vhdx");
      const p = await bestOf(async () => {
        await copyFile(src, target);
        const m = await measure(cmd, [...pre, "compact", target, "--yes", "--json", "--quiet"], work);
        await judge(target, dir);
        await rm(target);
        return m;
      });
      peaks.push(a.maxRssKiB, c.maxRssKiB, p.maxRssKiB);
      perKept.push(`${gib} GiB ${(c.seconds / (kept / MiB) * 1000).toFixed(1)} ms`);
      rows.push(`| ${gib} GiB | ${fmtMiB((await stat(src)).size)} | ${fmtMiB(kept)} | ${cells(a)} | ${cells(c)} | ${cells(p)} |`);
    }
    console.log(`\nscale sheet (${name}; every compaction result passed qemu-img check and e2fsck -fn)`);
    console.log("| virtual | source file | kept (copy size) | analyze wall | analyze RSS | analyze written | copy wall | copy RSS | copy written | in place wall | in place RSS | in place written |");
    console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (const r of rows) console.log(r);
    console.log(`\npeak RSS over every row: ${(Math.min(...peaks) / 1024).toFixed(0)}–${(Math.max(...peaks) / 1024).toFixed(0)} MiB (target < 128 MiB and flat)`);
    console.log(`copy wall per kept MiB: ${perKept.join(", ")} (linear in kept data if these stay level)`);
    console.log(`load average (1/5/15 min) at the end: ${loadavg().map((l) => l.toFixed(1)).join(" / ")}; best wall of ${rounds} run(s) per cell`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
