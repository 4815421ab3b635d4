/**
 * In place and copy on an aged disk: a Docker-like ext4 after months of pulls and prunes, its kept
 * data scattered over the whole virtual range. Built with debugfs in rounds: each round writes
 * "layers" (files of 64 KiB to 48 MiB, random bytes) until the filesystem is ~90 % full, then
 * deletes a random share of everything alive (the last round most), so the survivors and the
 * deleted-but-present garbage interleave from the first block group to the last. Cached under
 * /tmp (`VHDX_SHRINK_AGED_CACHE`), rebuilt when the recipe changes.
 *
 * Prints, for in place and copy, with each result judged by `qemu-img check` and `e2fsck -fn`:
 * bytes moved vs the least that must move (kept blocks lying beyond the packed size), wall time vs
 * the I/O limit for those bytes (dd with conv=fsync, same run), and the extra host space the run
 * needed at its peak; met / not met against bytes moved ≤ 1.1 ×, wall ≤ 2 ×, extra ≈ one block
 * group (128 MiB for ext4 with 4 KiB blocks).
 * Run: `npm run bench:aged [-- --binary PATH] [--rounds N] [--binary-only]`.
 * @module
 */
import { randomFillSync } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fmtMiB, GiB, ioLimit, judge, measure, type Measured, minimumMove, MiB, must, runtimes, verdict } from "./measure.ts";

const VIRTUAL = 2 * GiB;
const BLOCK = 1 * MiB;
const ROUNDS = 8;
/** One ext4 block group with 4 KiB blocks: 32768 blocks. */
const BLOCK_GROUP = 128 * MiB;
const SIZES = [64 * 1024, 256 * 1024, 1 * MiB, 4 * MiB, 16 * MiB, 48 * MiB];
const RECIPE = `v2-${VIRTUAL}-${BLOCK}-${ROUNDS}-${SIZES.join(",")}`;
const CACHE = process.env.VHDX_SHRINK_AGED_CACHE || join(tmpdir(), "vhdx-shrink-aged-cache");

/** A small seeded generator (mulberry32), so the fixture is the same every time it is built. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function buildAged(dir: string): Promise<string> {
  const raw = join(dir, "aged.raw");
  must("mke2fs", ["-q", "-F", "-t", "ext4", "-b", "4096", raw, `${VIRTUAL / MiB}M`]);
  const pool: string[] = [];
  for (const s of SIZES) {
    const p = join(dir, `pool-${s}`);
    const buf = new Uint8Array(s);
    for (let at = 0; at < s; at += 65536) randomFillSync(buf, at, Math.min(65536, s - at));
    await writeFile(p, buf);
    pool.push(p);
  }
  const rand = prng(22);
  const capacity = VIRTUAL * 0.93;
  const live = new Map<string, number>();
  let liveBytes = 0, n = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const cmds: string[] = [`mkdir r${round}`];
    while (liveBytes < capacity * 0.97) {
      const i = Math.floor(rand() * SIZES.length);
      const name = `r${round}/layer${n++}`;
      cmds.push(`write ${pool[i]} ${name}`);
      live.set(name, SIZES[i]);
      liveBytes += SIZES[i];
    }
    const prune = round === ROUNDS - 1 ? 0.7 : 0.5;
    for (const [name, bytes] of [...live]) {
      if (rand() < prune) {
        cmds.push(`rm ${name}`);
        live.delete(name);
        liveBytes -= bytes;
      }
    }
    must("debugfs", ["-w", "-f", "-", raw], cmds.join("\n") + "\n");
    console.log(`  round ${round + 1}/${ROUNDS}: ${live.size} layers alive, ${fmtMiB(liveBytes)}`);
  }
  must("e2fsck", ["-fn", raw]);
  const vhdx = join(dir, "aged.vhdx");
  must("qemu-img", ["convert", "-f", "raw", "-O", "vhdx", "-o", `subformat=dynamic,block_size=${BLOCK / MiB}M`, raw, vhdx]);
  await rm(raw);
  for (const p of pool) await rm(p);
  return vhdx;
}

async function agedDisk(): Promise<string> {
  const cached = join(CACHE, `aged-${RECIPE}.vhdx`);
  if (existsSync(cached)) return cached;
  await mkdir(CACHE, { recursive: true });
  const dir = await mkdtemp(join(CACHE, "build-"));
  try {
    console.log(`building the aged disk (${ROUNDS} rounds of writes and prunes) in ${dir} ...`);
    await rename(await buildAged(dir), cached);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return cached;
}

function best(a: Measured | undefined, b: Measured): Measured {
  if (!a) return b;
  return { ...(b.seconds < a.seconds ? b : a), maxRssKiB: Math.max(a.maxRssKiB, b.maxRssKiB), extraBytes: Math.max(a.extraBytes, b.extraBytes) };
}

async function main(): Promise<void> {
  const at = process.argv.indexOf("--rounds");
  const rounds = at >= 0 ? Number(process.argv[at + 1]) : 1;
  const src = await agedDisk();
  const dir = await mkdtemp(join(tmpdir(), "vhdx-shrink-aged-"));
  const work = join(dir, "work");
  await mkdir(work);
  try {
    const rts = await runtimes(dir);
    const results: Array<{ name: string; copy: Measured; inPlace: Measured; moved: number }> = [];
    let min = { keptBlocks: 0, mustMove: 0, span: 0 }, keptBytes = 0, judged = "";
    for (let r = 0; r < rounds; r++) {
      for (const [name, cmd, pre] of rts) {
        const out = join(work, "copy.vhdx");
        await rm(out, { force: true });
        const c = await measure(cmd, [...pre, "compact", src, "--output", out, "--json", "--quiet"], work);
        judged = await judge(out, dir);
        const m = minimumMove(src, out, BLOCK);
        min = { keptBlocks: m.keptBlocks, mustMove: m.mustMove, span: m.spanOfVirtual(VIRTUAL) };
        keptBytes = JSON.parse(c.stdout).sizeAfter;
        await rm(out);
        const target = join(work, "in-place.vhdx");
        await copyFile(src, target);
        const p = await measure(cmd, [...pre, "compact", target, "--yes", "--json", "--quiet"], work);
        await judge(target, dir);
        await rm(target);
        const prev = results.find((x) => x.name === name);
        const moved = JSON.parse(p.stdout).movedBytes as number;
        if (prev) Object.assign(prev, { copy: best(prev.copy, c), inPlace: best(prev.inPlace, p) });
        else results.push({ name, copy: c, inPlace: p, moved });
      }
    }
    let ioMove = Infinity, ioCopy = Infinity; // the fastest of as many dd runs as rounds
    for (let r = 0; r < rounds; r++) {
      ioMove = Math.min(ioMove, await ioLimit(src, min.mustMove, dir));
      ioCopy = Math.min(ioCopy, await ioLimit(src, keptBytes, dir));
    }
    console.log(`\naged disk: ${VIRTUAL / GiB} GiB virtual, ${BLOCK / MiB} MiB blocks, ${min.keptBlocks} kept blocks spanning ${(min.span * 100).toFixed(1)} % of the virtual range (target ≥ 90 %: ${verdict(min.span >= 0.9)}); every result: ${judged}`);
    console.log(`least that must move in place (kept blocks beyond the packed size ${fmtMiB(keptBytes)}): ${fmtMiB(min.mustMove)}; I/O limit (dd conv=fsync) for it ${ioMove.toFixed(2)} s, for the kept ${fmtMiB(keptBytes)} ${ioCopy.toFixed(2)} s`);
    console.log("\n| run | wall | peak RSS | bytes written | moved (plan) | moved vs least | wall vs I/O limit | extra space |\n|---|---|---|---|---|---|---|---|");
    const verdicts: string[] = [];
    const keptPayload = min.keptBlocks * BLOCK;
    for (const r of results) {
      const p = r.inPlace, c = r.copy;
      const movedRatio = r.moved / min.mustMove, writtenRatio = p.wchar / min.mustMove;
      console.log(`| in place (${r.name}) | ${p.seconds.toFixed(2)} s | ${(p.maxRssKiB / 1024).toFixed(0)} MiB | ${fmtMiB(p.wchar)} | ${fmtMiB(r.moved)} | ${movedRatio.toFixed(3)} × (written ${writtenRatio.toFixed(3)} ×) | ${(p.seconds / ioMove).toFixed(2)} × | ${fmtMiB(p.extraBytes)} |`);
      console.log(`| copy (${r.name}) | ${c.seconds.toFixed(2)} s | ${(c.maxRssKiB / 1024).toFixed(0)} MiB | ${fmtMiB(c.wchar)} | ${fmtMiB(keptPayload)} (every kept block) | written ${(c.wchar / keptPayload).toFixed(3)} × the kept blocks | ${(c.seconds / ioCopy).toFixed(2)} × | ${fmtMiB(c.extraBytes)} |`);
      verdicts.push(`| in place (${r.name}): bytes written vs least that must move | ≤ 1.1 × | ${writtenRatio.toFixed(3)} × | ${verdict(writtenRatio <= 1.1)} |`);
      verdicts.push(`| in place (${r.name}): wall vs I/O limit for those bytes | ≤ 2 × | ${(p.seconds / ioMove).toFixed(2)} × | ${verdict(p.seconds / ioMove <= 2)} |`);
      verdicts.push(`| in place (${r.name}): extra space | ≈ one block group (${fmtMiB(BLOCK_GROUP)}) | ${fmtMiB(p.extraBytes)} | ${verdict(p.extraBytes <= BLOCK_GROUP)} |`);
      verdicts.push(`| copy (${r.name}): bytes written vs the kept blocks (a copy must write each) | ≤ 1.1 × | ${(c.wchar / keptPayload).toFixed(3)} × | ${verdict(c.wchar / keptPayload <= 1.1)} |`);
      verdicts.push(`| copy (${r.name}): wall vs I/O limit for the kept bytes | ≤ 2 × | ${(c.seconds / ioCopy).toFixed(2)} × | ${verdict(c.seconds / ioCopy <= 2)} |`);
      verdicts.push(`| copy (${r.name}): extra space (a copy needs room for its output) | ≈ one block group | ${fmtMiB(c.extraBytes)} | ${verdict(c.extraBytes <= BLOCK_GROUP)} |`);
    }
    console.log("\n| target | anchor | measured | met? |\n|---|---|---|---|");
    for (const v of verdicts) console.log(v);
    console.log(`\nload average (1/5/15 min) at the end: ${loadavg().map((l) => l.toFixed(1)).join(" / ")}; best wall of ${rounds} round(s)`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
