/**
 * The {@link Machine} kept in a state folder: `state.json` plus real files under `drives/`. Every
 * read goes to the file, so tools compiled as separate programs see each other's changes.
 * @module
 */
import * as fsp from "node:fs/promises";
import { join } from "node:path";
import type { RegistryValue } from "../core/host/host.ts";
import type { Machine, RegistryStore } from "./machine.ts";
import { sysError } from "./machine.ts";
import { lockedDiskKeys } from "./locks.ts";
import { winPathKey } from "./win_path.ts";
import { openBlockFile } from "../core/io/block_file.ts";
import type { BlockFile } from "../core/io/block_file.ts";
import { parseState, serializeState, STATE_FILE } from "./state.ts";
import type { SimState } from "./state.ts";
import { deleteKeyTree, findKey, setValue, subkeysOf } from "./registry_data.ts";
import { SimFs } from "./sim_fs.ts";

/** A machine whose state lives in `stateDir`. */
export class StateDirMachine implements Machine {
  readonly stateDir: string;
  readonly fs: SimFs;
  readonly registry: RegistryStore;
  #queue: Promise<unknown> = Promise.resolve();
  /**
   * @param parts.registry a registry other than the JSON one in state.json (Wine's real registry)
   * @param parts.fs a filesystem other than the `drives/` mapping (real paths under Wine)
   */
  constructor(stateDir: string, parts: { registry?: RegistryStore; fs?: (machine: Machine) => SimFs } = {}) {
    this.stateDir = stateDir;
    this.fs = parts.fs ? parts.fs(this) : new SimFs(stateDir, () => this);
    this.registry = parts.registry ?? {
      subkeys: async (key) => subkeysOf((await this.read()).registry, key),
      values: async (key) => {
        const reg = (await this.read()).registry;
        const k = findKey(reg, key);
        return k ? { ...reg[k] } : null;
      },
      setValue: (key: string, name: string, value: RegistryValue) => this.update((s) => setValue(s.registry, key, name, value)),
      deleteValue: (key, name) =>
        this.update((s) => {
          const k = findKey(s.registry, key);
          if (!k || !(name in s.registry[k])) return false;
          delete s.registry[k][name];
          return true;
        }),
      deleteKey: (key) => this.update((s) => deleteKeyTree(s.registry, key)),
    };
  }
  async openAsDiskService(path: string): Promise<BlockFile> {
    const s = await this.read();
    const key = winPathKey(path);
    if (!(key in s.attached)) return this.fs.open(path, "write");
    delete s.attached[key];
    // Check the other holders with the attach lock lifted (in memory only).
    const others = await lockedDiskKeys({ ...this, read: () => Promise.resolve(s), registry: this.registry } as Machine);
    if (others.has(key)) throw sysError("EBUSY", `resource busy or locked, open '${path}'`);
    return openBlockFile(this.fs.real(path), "write");
  }
  openAsGuest(path: string): Promise<BlockFile> {
    return openBlockFile(this.fs.real(path), "write");
  }
  async read(): Promise<SimState> {
    return parseState(await fsp.readFile(join(this.stateDir, STATE_FILE), "utf8"));
  }
  update<T>(change: (s: SimState) => T): Promise<T> {
    // Serialise read-modify-write within this process; write-then-rename keeps the file whole.
    const next = this.#queue.then(async () => {
      const s = await this.read();
      const result = change(s);
      await writeState(this.stateDir, s);
      return result;
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

/** Writes `state.json` atomically (temp file, then rename). */
export async function writeState(stateDir: string, s: SimState): Promise<void> {
  const file = join(stateDir, STATE_FILE);
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  await fsp.writeFile(temp, serializeState(s));
  await fsp.rename(temp, file);
}
