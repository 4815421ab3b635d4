/**
 * Test support for the simulated Windows host: real VHDX fixtures made with qemu-img (the fixture
 * maker, not part of the product) and a temp-folder machine builder.
 * @module
 */
import { writeFileSync, openSync, writeSync, closeSync, ftruncateSync } from "node:fs";
import { join } from "node:path";
import { mustRun, withTempDir } from "./tools.ts";
import { SimulatedHost } from "../../simulated/mod.ts";
import type { SimulatedHostOptions } from "../../simulated/mod.ts";

const MiB = 1024 * 1024;

/** An empty dynamic VHDX from `qemu-img create -f vhdx` (virtual size in MiB). */
export function makeEmptyVhdx(path: string, virtualMiB = 64): string {
  mustRun("qemu-img", ["create", "-q", "-f", "vhdx", "-o", "subformat=dynamic,block_size=1M", path, `${virtualMiB}M`]);
  return path;
}

/**
 * A VHDX holding `dataMiB` of non-zero data followed by zeros up to `virtualMiB`; qemu-img convert
 * stores the zero tail as allocated blocks, which compaction can drop.
 */
export function makeDataVhdx(path: string, dataMiB: number, virtualMiB = 16): string {
  const raw = path + ".raw";
  const fd = openSync(raw, "w");
  const chunk = new Uint8Array(MiB);
  for (let i = 0; i < dataMiB; i++) {
    for (let j = 0; j < chunk.length; j++) chunk[j] = (j * 7 + i + 1) % 251 || 1;
    writeSync(fd, chunk);
  }
  ftruncateSync(fd, virtualMiB * MiB);
  closeSync(fd);
  mustRun("qemu-img", ["convert", "-f", "raw", "-O", "vhdx", "-o", "subformat=dynamic,block_size=1M", raw, path]);
  writeFileSync(raw, "");
  return path;
}

/** Builds a simulated machine in a temp folder (fixtures go to `<tmp>/fixtures`) and runs `fn`. */
export function withSimulatedHost<T>(
  options: (fixtures: string) => SimulatedHostOptions,
  fn: (host: SimulatedHost, tmp: string) => Promise<T>,
): Promise<T> {
  return withTempDir(async (tmp) => {
    const fixtures = join(tmp, "fixtures");
    mustRun("mkdir", ["-p", fixtures]);
    const host = await SimulatedHost.create(join(tmp, "state"), options(fixtures));
    return fn(host, tmp);
  });
}
