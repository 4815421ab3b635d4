/**
 * Benchmark of the Docker view (`usage` on a Docker disk): what it adds to the usage scan, with and
 * without reusing the scan's directory sums. Builds a Docker root of many overlay2 layers (real
 * layout: repositories.json, image configs, layerdb, layer dirs, containers with logs), packs it
 * into ext4 with `mke2fs -d` and into a VHDX with `qemu-img`, then times in-process:
 *   1. scanUsage alone; 2. scanUsage + dockerSection({ known: scan }) (what `usage` runs);
 *   3. dockerSection alone (its own walk).
 * Usage: `npx tsx bench/docker_view.ts [layers] [filesPerLayer]` (default 300 × 300). Linux only.
 * @module
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { openBlockFile } from "../core/io/block_file.ts";
import { openDiskTree } from "../core/usage/disk_tree.ts";
import { scanUsage } from "../core/usage/scan_usage.ts";
import { dockerSection } from "../core/usage/docker_store/docker_section.ts";

const layers = Number(process.argv[2] ?? 300);
const filesPerLayer = Number(process.argv[3] ?? 300);
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) throw new Error(`${cmd} failed`);
}

function buildRoot(dir: string): void {
  const root = join(dir, "data/docker");
  const imageDir = join(root, "image/overlay2");
  const repos: Record<string, Record<string, string>> = {};
  let parent: string | undefined;
  const diffIds: string[] = [];
  for (let i = 0; i < layers; i++) {
    const cache = sha("cache" + i);
    const diff = join(root, "overlay2", cache, "diff");
    for (let f = 0; f < filesPerLayer; f++) {
      const sub = join(diff, "d" + (f % 20));
      if (f < 20) mkdirSync(sub, { recursive: true });
      writeFileSync(join(sub, "f" + f), "x".repeat(100 + (f % 7) * 300));
    }
    writeFileSync(join(root, "overlay2", cache, "link"), "L" + i);
    const diffId = "sha256:" + sha("diff" + i);
    diffIds.push(diffId);
    const chain: string = parent === undefined ? diffId : "sha256:" + sha(`${parent} ${diffId}`);
    const ldb = join(imageDir, "layerdb/sha256", chain.slice(7));
    mkdirSync(ldb, { recursive: true });
    writeFileSync(join(ldb, "diff"), diffId);
    writeFileSync(join(ldb, "size"), String(filesPerLayer * 1000));
    writeFileSync(join(ldb, "cache-id"), cache);
    if (parent) writeFileSync(join(ldb, "parent"), parent);
    parent = chain;
    // An image every 10 layers, stacked on the previous ones (they share their lower layers).
    if (i % 10 === 9) {
      const config = JSON.stringify({ os: "linux", rootfs: { type: "layers", diff_ids: diffIds.slice() } });
      const id = sha(config);
      mkdirSync(join(imageDir, "imagedb/content/sha256"), { recursive: true });
      writeFileSync(join(imageDir, "imagedb/content/sha256", id), config);
      repos["app" + i] = { [`app${i}:latest`]: "sha256:" + id };
      const cid = sha("container" + i);
      mkdirSync(join(root, "containers", cid), { recursive: true });
      writeFileSync(join(root, "containers", cid, "config.v2.json"), JSON.stringify({ Name: "/c" + i, Image: "sha256:" + id, State: { Running: false } }));
      writeFileSync(join(root, "containers", cid, `${cid}-json.log`), "{}\n".repeat(2000));
    }
  }
  writeFileSync(join(imageDir, "repositories.json"), JSON.stringify({ Repositories: repos }));
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    console.log(`| ${label} | ${((performance.now() - start) / 1000).toFixed(2)} s | ${(peak / 2 ** 20).toFixed(0)} MiB |`);
  }
}

const work = mkdtempSync(join(tmpdir(), "vhdx-shrink-bench-docker-"));
try {
  const src = join(work, "root");
  buildRoot(src);
  run("mke2fs", ["-q", "-F", "-t", "ext4", "-b", "4096", "-N", String(layers * filesPerLayer * 2 + 10000), "-d", src, join(work, "d.raw"), "2G"]);
  run("qemu-img", ["convert", "-f", "raw", "-O", "vhdx", join(work, "d.raw"), join(work, "d.vhdx")]);
  rmSync(src, { recursive: true, force: true });
  const host = { fs: { open: (p: string, m: "read") => openBlockFile(p, m) } };
  console.log(`Docker root: ${layers} layers × ${filesPerLayer} files, ${layers / 10} images and containers\n`);
  console.log("| run | wall time | peak RSS |\n|---|---|---|");
  for (const pass of [1, 2]) {
    const tree = await openDiskTree(host, join(work, "d.vhdx"));
    try {
      if (pass === 1) {
        await timed("scanUsage alone", () => scanUsage(tree));
      } else {
        await timed("scanUsage + dockerSection (known sums)", async () => dockerSection(tree, { known: await scanUsage(tree) }));
        await timed("dockerSection alone (own walk)", () => dockerSection(tree));
      }
    } finally {
      await tree.close();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
