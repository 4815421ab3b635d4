/**
 * What an emulated Windows tool may touch: the machine state, the registry and the files, all
 * behind one small interface. {@link StateDirMachine} backs it with `state.json` and real files; a
 * standalone build under Wine can back it with Wine's registry and the same state folder.
 * @module
 */
import type { HostFs, RegistryValue } from "../core/host/host.ts";
import type { BlockFile } from "../core/io/block_file.ts";
import type { SimState } from "./state.ts";

/** Registry reads and writes as the emulated tools need them. */
export interface RegistryStore {
  /** Direct subkey names of `key`. */
  subkeys(key: string): Promise<string[]>;
  /** Values of `key`, or null when the key does not exist. */
  values(key: string): Promise<Record<string, RegistryValue> | null>;
  setValue(key: string, name: string, value: RegistryValue): Promise<void>;
  /** Deletes one value; false when it did not exist. */
  deleteValue(key: string, name: string): Promise<boolean>;
  /** Deletes the key and its subkeys; false when it did not exist. */
  deleteKey(key: string): Promise<boolean>;
}

/** The simulated machine as an emulated tool sees it. */
export interface Machine {
  /** A fresh snapshot of the state (tools may run in separate processes). */
  read(): Promise<SimState>;
  /** Read-modify-write of the state; the change is saved before the promise resolves. */
  update<T>(change: (s: SimState) => T): Promise<T>;
  readonly registry: RegistryStore;
  /** Files in Windows syntax, with the machine's free-space, lock and sparse rules. */
  readonly fs: HostFs;
  /**
   * Opens a disk for the virtual disk service (diskpart, Hyper-V) that attached it: the attach lock
   * is theirs, so it does not stop them; a running distro's or Docker's lock still does.
   */
  openAsDiskService(path: string): Promise<BlockFile>;
  /** Opens a distro's disk as its running VM does (the VM's own handle: its lock does not apply). */
  openAsGuest(path: string): Promise<BlockFile>;
}

/** An error like the ones `node:fs` throws, with a `code` the callers can test. */
export function sysError(code: "EBUSY" | "ENOSPC" | "ENOENT" | "EEXIST" | "EACCES" | "EIO", message: string): Error {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}
