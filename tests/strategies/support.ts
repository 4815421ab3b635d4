/**
 * Test support for the strategy suites: a real ext4 VHDX fixture, a plugin context on a simulated
 * host, targets from discovery, and file hashes to prove that nothing was lost.
 * @module
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { debugfs, makeExt4Image, toVhdx } from "../support/tools.ts";
import { freeRangesOf } from "../support/free_ranges.ts";
import type { ByteRange } from "../support/free_ranges.ts";
import type { SimulatedHost } from "../../simulated/mod.ts";
import { createPluginContext } from "../../core/plugin/context.ts";
import type { PluginContext, Progress, Target } from "../../core/plugin/types.ts";
import { analyzeDisk } from "../../core/analyze/analyze_disk.ts";
import { discoverTargets } from "../../core/discover/mod.ts";
import { chunkObservers } from "../../simulated/tools/tool.ts";

/** Filesystem bytes the fixture's files use (3 MiB payload, passwd, directories), for the simulated export. */
export const FIXTURE_USED_BYTES = 3 * 1024 * 1024 + 64 * 1024;

/**
 * A 64 MiB ext4 VHDX (real mke2fs + qemu-img) with 3 MiB of files and 32 MiB of deleted data whose
 * blocks are still allocated in the VHDX: what export-import, trim and compaction can reclaim.
 */
export function ext4Vhdx(_dir: string, _name = "disk"): string {
  return ext4Fixture().path;
}

/**
 * The same fixture with the free ranges dumpe2fs reported when it was made: pass them as the
 * distro's `freeRanges` so the emulated fstrim can discard them.
 */
export function ext4Fixture(): { path: string; freeRanges: ByteRange[] } {
  // Built once per process: the simulated machine copies it, so every test gets its own disk.
  if (!fixture) {
    const dir = mkdtempSync(join(tmpdir(), "vhdx-shrink-strategies-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    fixture = buildExt4Vhdx(dir, "disk");
  }
  return fixture;
}
let fixture: { path: string; freeRanges: ByteRange[] } | undefined;

function buildExt4Vhdx(dir: string, name: string): { path: string; freeRanges: ByteRange[] } {
  const tree = join(dir, `${name}-tree`);
  mkdirSync(join(tree, "etc"), { recursive: true });
  writeFileSync(join(tree, "etc", "passwd"), "root:x:0:0:root:/root:/bin/bash\n");
  const data = new Uint8Array(3 * 1024 * 1024);
  for (let i = 0; i < data.length; i++) data[i] = (i * 13 + 7) % 251;
  writeFileSync(join(tree, "payload.bin"), data);
  const junk = new Uint8Array(32 * 1024 * 1024);
  for (let i = 0; i < junk.length; i += 512) junk[i] = 1 + (i % 200);
  writeFileSync(join(tree, "deleted.bin"), junk);
  const raw = join(dir, `${name}.raw`);
  makeExt4Image(raw, { size: "64M", populateFrom: tree, mkfsArgs: ["-b", "4096"] });
  debugfs(raw, ["rm /deleted.bin"]);
  const vhdx = join(dir, `${name}.vhdx`);
  toVhdx(raw, vhdx);
  return { path: vhdx, freeRanges: freeRangesOf(raw) };
}

/** Progress that records phases. */
export function recordingProgress(): Progress & { phases: string[] } {
  const phases: string[] = [];
  return { phases, phase: (l) => void phases.push(l), update: () => undefined, note: () => undefined };
}

/**
 * A recording progress that aborts `controller` at the `chunk`th chunk an emulated tool handles
 * after a phase starting with `prefix` begins (a Ctrl-C mid-step at a known point, no timer).
 * `chunksSeen` says how many chunks that phase's tools handled until the abort.
 */
export function abortingProgress(controller: AbortController, prefix: string, chunk: number): Progress & { phases: string[]; chunksSeen: () => number } {
  const progress = recordingProgress();
  const record = progress.phase;
  let seen = 0;
  const observe = () => {
    if (++seen === chunk) {
      chunkObservers.delete(observe);
      controller.abort();
    }
  };
  controller.signal.addEventListener("abort", () => chunkObservers.delete(observe));
  progress.phase = (label, total) => {
    record(label, total);
    if (label.startsWith(prefix)) chunkObservers.add(observe);
  };
  return { ...progress, chunksSeen: () => seen };
}

/** A plugin context on the simulated host. */
export function contextFor(host: SimulatedHost, options: Record<string, unknown> = {}, extra: { signal?: AbortSignal; ask?: (q: string) => Promise<string> } = {}): PluginContext {
  return createPluginContext({
    host,
    log: { info: () => undefined, warn: () => undefined, debug: () => undefined },
    options,
    signal: extra.signal,
    ask: extra.ask,
    analyzePath: (p) => analyzeDisk(host, p),
  });
}

/** The discovered target named `name`. */
export async function targetNamed(host: SimulatedHost, name: string): Promise<Target> {
  const { targets } = await discoverTargets(host);
  const t = targets.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!t) throw new Error(`no target ${name} among ${targets.map((x) => x.name).join(", ")}`);
  return t as Target;
}

/**
 * SHA-256 of the real file behind a Windows path. A file that cannot be read throws: "unchanged"
 * must never pass because both readings failed (ask `host.fs.exists` whether a file is there).
 */
export function hashOf(host: SimulatedHost, winPath: string): string {
  return createHash("sha256").update(readFileSync(host.fs.real(winPath))).digest("hex");
}

/** Registered distro names (case as stored) from the simulated registry. */
export async function registeredNames(host: SimulatedHost): Promise<string[]> {
  const state = await host.machine.read();
  return Object.entries(state.registry).filter(([k]) => /\\Lxss\\\{/i.test(k)).map(([, v]) => String(v.DistributionName));
}

/** Bytes of `n` MiB. */
export const MiB = 1024 * 1024;
