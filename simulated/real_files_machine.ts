/**
 * A {@link Machine} for emulated tools compiled as standalone Windows programs (the Wine suite in
 * tests/windows): Windows paths are the process's own real files, the registry is whatever
 * {@link RegistryStore} the caller hands in (Wine's real registry through `reg.exe`), and only the
 * things Windows keeps outside files and registry (running distros, sparse flags, attachments,
 * elevation, faults) live in `state.json` in a state folder.
 * @module
 */
import type { Machine, RegistryStore } from "./machine.ts";
import { sysError } from "./machine.ts";
import { driveOf, normalizeWinPath, winPathKey } from "./win_path.ts";
import { SimFs } from "./sim_fs.ts";
import { StateDirMachine } from "./state_dir_machine.ts";
import { removeTree } from "../core/host/local_fs.ts";

/** Free bytes reported for a drive the state does not list (100 GiB, the builder's default). */
const DEFAULT_FREE_BYTES = 100 * 1024 ** 3;

/** {@link SimFs} whose Windows paths are this process's real paths (no `drives/` mapping). */
class RealPathFs extends SimFs {
  readonly #machine: () => Machine;
  constructor(stateDir: string, machine: () => Machine) {
    super(stateDir, machine);
    this.#machine = machine;
  }
  override real(path: string): string {
    return normalizeWinPath(path);
  }
  /**
   * Deletes a file or a folder tree with unlink/rmdir: Bun's `fs.rm(..., { recursive: true })` fails
   * with EFAULT under Wine 8 even for a plain file (tests/windows/README.md).
   */
  override async remove(path: string): Promise<void> {
    if (await this.isLocked(path)) {
      throw sysError("EBUSY", `resource busy or locked, unlink '${path}' (The process cannot access the file because it is being used by another process.)`);
    }
    await removeTree(this.real(path));
    const prefix = winPathKey(path);
    await this.#machine().update((s) => {
      for (const k of Object.keys(s.sparse)) if (k === prefix || k.startsWith(prefix + "\\")) delete s.sparse[k];
    });
  }
  /** The state's figure for the drive: real free space of a shared test machine says nothing useful. */
  override async freeSpace(path: string): Promise<number> {
    const state = await this.#machine().read();
    if (state.faults.diskFull) return 0;
    return state.drives[driveOf(path)]?.freeBytes ?? DEFAULT_FREE_BYTES;
  }
}

/** A machine over real files, a caller-supplied registry and `stateDir/state.json`. */
export class RealFilesMachine extends StateDirMachine {
  constructor(stateDir: string, registry: RegistryStore) {
    super(stateDir, { registry, fs: (machine) => new RealPathFs(stateDir, () => machine) });
  }
}
