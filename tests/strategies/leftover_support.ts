/**
 * Support for the leftover tests: a simulated machine with two distros, a progress that keeps its
 * notes, and a run that can be killed at a known point (a chunk of an emulated program, a phase, a
 * completed call): from then on the process does nothing more, as after a power cut.
 * @module
 */
import assert from "node:assert/strict";
import { exportImportPlugin } from "../../plugins/export-import/mod.ts";
import { recordPathFor } from "../../plugins/export-import/leftovers.ts";
import type { JobRecord } from "../../plugins/export-import/leftovers.ts";
import { endRun } from "../../core/hold/run_stamp.ts";
import { planAndRun } from "../../core/plugin/run_steps.ts";
import type { Progress, Target } from "../../core/plugin/types.ts";
import { chunkObservers } from "../../simulated/tools/tool.ts";
import type { SimulatedHost, SimulatedHostOptions } from "../../simulated/mod.ts";
import { contextFor, ext4Vhdx, FIXTURE_USED_BYTES, MiB, targetNamed } from "./support.ts";


export const machine = (fx: string): SimulatedHostOptions => ({
  distros: [
    { name: "Ubuntu", vhd: ext4Vhdx(fx, "ubuntu"), usedBytes: FIXTURE_USED_BYTES, defaultUid: 1000, default: true, running: true },
    { name: "Debian", vhd: ext4Vhdx(fx, "debian"), usedBytes: FIXTURE_USED_BYTES, basePath: "D:\\wsl\\Debian", defaultUid: 1001 },
  ],
  freeBytes: { C: 1024 * MiB, D: 1024 * MiB },
});

/** A progress that keeps its notes (the leftover line is one). */
export function notingProgress(): Progress & { notes: string[]; phases: string[] } {
  const notes: string[] = [];
  const phases: string[] = [];
  return { notes, phases, phase: (l) => void phases.push(l), update: () => undefined, note: (m) => void notes.push(m) };
}

/**
 * The simulated host as one process sees it, until {@link Killable.kill}: from then on every file,
 * registry and program call of that process never returns (nor does one in flight), as when the
 * process is killed. `after` is told of each call that completed, to kill right after one.
 */
export interface Killable {
  host: SimulatedHost;
  kill(): void;
  /** Resolves once killed and every call that was in flight has finished underneath. */
  dead: Promise<void>;
}

export function killable(real: SimulatedHost, after: (k: Killable, call: string, args: unknown[]) => void): Killable {
  let killed = false;
  let pending = 0;
  let onDead!: () => void;
  const dead = new Promise<void>((r) => (onDead = r));
  const never = () => new Promise<never>(() => undefined);
  const settle = () => {
    if (killed && pending === 0) onDead();
  };
  const guard = <T extends object>(obj: T, prefix: string): T =>
    new Proxy(obj, {
      get(t, p) {
        const v = Reflect.get(t, p, t) as unknown;
        if (typeof v !== "function") return v;
        return (...args: unknown[]) => {
          if (killed) return never();
          const out = (v as (...a: unknown[]) => unknown).apply(t, args);
          if (!(out instanceof Promise)) return out;
          pending++;
          return out.then(
            (x) => {
              pending--;
              if (!killed) after(k, `${prefix}${String(p)}`, args);
              settle();
              return killed ? never() : x;
            },
            (e) => {
              pending--;
              settle();
              return killed ? never() : Promise.reject(e);
            },
          );
        };
      },
    });
  const fs = guard(real.fs, "fs.");
  const registry = guard(real.registry, "registry.");
  const top = guard(real, "");
  const host = new Proxy(real, {
    get(t, p) {
      if (p === "fs") return fs;
      if (p === "registry") return registry;
      return Reflect.get(top, p, t);
    },
  });
  const k: Killable = {
    host,
    dead,
    kill() {
      killed = true;
      queueMicrotask(settle);
    },
  };
  return k;
}

/** A point to kill the first run at. */
export interface KillPoint {
  name: string;
  /** Arms the kill: returns the progress the first run reports to. */
  arm(k: Killable, target: Target, abortTools: AbortController): Progress;
  /** What the second run's leftover line says it did. */
  found: RegExp;
  /** True when the first run had already swapped a compact disk in: the second has nothing left to reclaim. */
  alreadyShrunk?: boolean;
}

export const atPhase = (prefix: string) => (k: Killable): Progress => {
  const p = notingProgress();
  return { ...p, phase: (l, total) => (p.phase(l, total), l.startsWith(prefix) ? k.kill() : undefined) };
};

/** Kills at the `n`th chunk a program handles in the phase starting with `prefix`; `toolsToo` stops the program as well. */
export const atChunk = (prefix: string, n: number, toolsToo: boolean) => (k: Killable, _t: Target, tools: AbortController): Progress => {
  const p = notingProgress();
  let seen = 0;
  const observe = () => {
    if (++seen < n) return;
    chunkObservers.delete(observe);
    k.kill();
    if (toolsToo) tools.abort();
  };
  return { ...p, phase: (l, total) => (p.phase(l, total), l.startsWith(prefix) ? void chunkObservers.add(observe) : undefined) };
};

/** Per-run hooks on completed calls (set by a kill point's `arm`). */
export const afterCalls = new Map<Killable, (call: string, args: unknown[]) => void>();

/** Names in the disk's folder and in %TEMP% that an export-import run creates. */
export async function ourFiles(host: SimulatedHost, target: Target): Promise<string[]> {
  const dir = host.path.dirname(target.path);
  const temp = host.env("TEMP")!;
  const names = [...await host.fs.listDir(dir), ...await host.fs.listDir(temp)];
  return names.filter((n) => /vhdx-shrink/i.test(n));
}

/** Runs export-import on Ubuntu until `point` kills it; returns once the process is dead. */
export async function killedRun(host: SimulatedHost, point: KillPoint): Promise<void> {
  const target = await targetNamed(host, "Ubuntu");
  const tools = new AbortController();
  const k = killable(host, (kk, call, args) => afterCalls.get(kk)?.(call, args));
  const progress = point.arm(k, target, tools);
  const run = planAndRun(exportImportPlugin, contextFor(k.host, { yes: true }, { signal: tools.signal }), target, progress);
  const finished = run.then(() => "finished", (e: Error) => `failed: ${e.message}`);
  const outcome = await Promise.race([k.dead.then(() => "killed"), finished]);
  assert.equal(outcome, "killed", "the kill point was reached");
  afterCalls.delete(k);
  // The process is gone: its run no longer lives in this one's memory either.
  const record = JSON.parse(await host.fs.readText(recordPathFor(target.path))) as JobRecord;
  endRun(record.stamp);
}
