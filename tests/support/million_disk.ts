/**
 * Test support: the bench's million-file disk (bench/usage.ts: folders of 1000 names, every tenth
 * file 200 bytes, the rest empty; folders indexed by `e2fsck -fD`), built the same way into the same
 * cache folder under the temp dir when it is not there yet, so the bench and the report's browser
 * test share one copy (a few minutes to build, once per machine).
 * @module
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const FILES_PER_FOLDER = 1000;

function must(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if ((r.status ?? 8) > (cmd === "e2fsck" ? 1 : 0)) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
}

/** The VHDX of the bench's disk with `files` files (1,000,000: /tmp/vhdx-shrink-bench-usage/million.vhdx), built if missing. */
export function benchUsageDisk(files = 1_000_000): string {
  const work = join(tmpdir(), files === 1_000_000 ? "vhdx-shrink-bench-usage" : `vhdx-shrink-bench-usage-${files}`);
  const raw = join(work, "million.img");
  const vhdx = join(work, "million.vhdx");
  if (existsSync(vhdx) && existsSync(raw)) return vhdx;
  rmSync(work, { recursive: true, force: true });
  const src = join(work, "src");
  mkdirSync(src, { recursive: true });
  const small = new Uint8Array(200).fill(0x61);
  for (let d = 0; d < Math.max(1, Math.round(files / FILES_PER_FOLDER)); d++) {
    const dir = join(src, `d${String(d).padStart(4, "0")}`);
    mkdirSync(dir);
    for (let f = 0; f < FILES_PER_FOLDER; f++) {
      const fd = openSync(join(dir, `file-${String(f).padStart(4, "0")}.txt`), "w");
      if (f % 10 === 0) writeSync(fd, small);
      closeSync(fd);
    }
  }
  const size = Math.max(1, Math.ceil(files / 125_000));
  must("mke2fs", ["-q", "-F", "-t", "ext4", "-b", "4096", "-N", String(Math.ceil(files * 1.1) + 1000), "-d", src, raw, `${size}G`]);
  rmSync(src, { recursive: true, force: true });
  must("e2fsck", ["-fyD", raw]);
  // Written under a temporary name: an interrupted build is never taken for a finished disk.
  must("qemu-img", ["convert", "-f", "raw", "-O", "vhdx", "-o", "subformat=dynamic,block_size=1M", raw, vhdx + ".partial"]);
  renameSync(vhdx + ".partial", vhdx);
  return vhdx;
}
