/**
 * One writer at a time: the hold a run takes on a disk before it reads it for writing and keeps
 * until it is done. "Is the disk in use?" is answered by taking the hold, never by a check before
 * it, so no second run can slip in between.
 *
 * - Everywhere: a lock file `<disk>.vhdx-shrink.lock` beside the disk, created exclusively (the
 *   open fails when it exists: O_CREAT|O_EXCL, Node's `wx` flag), holding our process id, the
 *   machine's name, the start time and a random token. One whose process is gone (same machine,
 *   pid not running) is stale: it is taken over with a one-line note.
 * - Where the host offers {@link HoldFiles.fs.holdExclusive} (Windows), the disk itself is also
 *   opened so that no other program can open it for writing (docs/windows-facts.md, share modes),
 *   so WSL's VHD attach fails while we hold it and we fail cleanly when WSL holds it.
 *
 * Holds are re-entrant within one process: a strategy run that holds the disk and then calls the
 * native compactor on it shares the one lock file.
 * @module
 */
import { DiskHeldError } from "../errors.ts";
import type { BlockFile, OpenMode } from "../io/block_file.ts";
import type { Progress } from "../domain/progress.ts";
import type { ProcessTable } from "./process_table.ts";
import { localProcesses } from "./process_table.ts";

/** The lock file's name for `disk`. */
export function lockPathFor(disk: string): string {
  return `${disk}.vhdx-shrink.lock`;
}

/** A hold on a file that keeps other programs from opening it for writing (see core/host/host.ts). */
export interface ExclusiveHandle {
  release(): Promise<void>;
}

/** The file operations a hold needs; a `Host` is one. */
export interface HoldFiles {
  readonly path: { resolve(...paths: string[]): string };
  readonly fs: {
    stat(path: string): Promise<{ size: number; mtimeMs?: number } | null>;
    rename(from: string, to: string): Promise<void>;
    remove(path: string): Promise<void>;
    open(path: string, mode: OpenMode): Promise<BlockFile>;
    holdExclusive?(path: string): Promise<ExclusiveHandle>;
  };
}

/** What a lock file records. */
export interface LockRecord {
  program: "vhdx-shrink";
  pid: number;
  host: string;
  /** ISO 8601 start time of the run. */
  started: string;
  token: string;
}

/** Options of {@link holdDisk}. */
export interface HoldOptions {
  /** Also hold the file itself against other programs' writers, where the host can (default false). */
  exclusive?: boolean;
  /** Wait for the holder to let go instead of refusing. */
  wait?: boolean;
  /** With `wait`: give up after this many milliseconds (default: no limit). */
  waitTimeoutMs?: number;
  /** With `wait`: a notice while waiting; `note` receives one-line messages (stale lock taken over). */
  progress?: Pick<Progress, "note">;
  signal?: AbortSignal;
  /** Defaults to this process (tests pass another table). */
  processes?: ProcessTable;
}

/** A disk held by this run. */
export interface DiskHold {
  readonly disk: string;
  /** One-line notes for the report (a stale lock taken over). */
  readonly notes: string[];
  /** True when this hold took over the lock of a vhdx-shrink run that died: its leftovers are ours. */
  readonly tookOver: boolean;
  /** Lets go: removes our lock file (only if it is still ours) and closes the exclusive handle. */
  release(): Promise<void>;
}

interface Held {
  count: number;
  token: string;
  lock: string;
  exclusive?: ExclusiveHandle;
}

/** Disks this process holds, by resolved path. */
const held = new Map<string, Held>();

/** Polling interval while waiting for another run to let go. */
const WAIT_POLL_MS = 500;

/**
 * A lock file is created empty and its record written right after (one small write and an fsync,
 * milliseconds). One still unreadable this long after its last change was left by a run that died
 * in between, and is taken over.
 */
const ABANDONED_UNREADABLE_MS = 30_000;

function randomToken(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

function code(e: unknown): string | undefined {
  return (e as { code?: string })?.code;
}

/** The lock file's record; null when it vanished; "unreadable" when it is not (yet) a record. */
async function readLock(files: HoldFiles, lock: string): Promise<LockRecord | null | "unreadable"> {
  let f: BlockFile;
  try {
    f = await files.fs.open(lock, "read");
  } catch (e) {
    if (code(e) === "ENOENT") return null;
    throw e;
  }
  try {
    const size = Math.min(await f.size(), 4096);
    const text = new TextDecoder().decode(await f.read(0, size));
    const r = JSON.parse(text) as LockRecord;
    return r?.program === "vhdx-shrink" && typeof r.pid === "number" && typeof r.token === "string" ? r : "unreadable";
  } catch {
    return "unreadable";
  } finally {
    await f.close();
  }
}

function ownedHere(token: string): boolean {
  for (const h of held.values()) if (h.token === token) return true;
  return false;
}

function isStale(r: LockRecord, p: ProcessTable): boolean {
  if (r.host !== p.hostName()) return false;
  if (r.pid === p.pid) return !ownedHere(r.token);
  return !p.alive(r.pid);
}

/** Who holds `disk`, in words, for the one-line refusal. */
export function describeHolder(disk: string, r: LockRecord | "unreadable"): string {
  if (r === "unreadable") {
    return `${disk} is held by another vhdx-shrink run (its lock file ${lockPathFor(disk)} is being written or unreadable; delete it only if no run is active)`;
  }
  return `${disk} is held by another vhdx-shrink run (pid ${r.pid} on ${r.host}, started ${r.started})`;
}

/** True when an unreadable lock file has not changed for {@link ABANDONED_UNREADABLE_MS}. */
async function abandoned(files: HoldFiles, lock: string): Promise<boolean> {
  const info = await files.fs.stat(lock);
  return info?.mtimeMs !== undefined && Date.now() - info.mtimeMs > ABANDONED_UNREADABLE_MS;
}

/** Moves a stale lock aside and removes it; false when someone else's lock got there first. */
async function takeOver(files: HoldFiles, lock: string, stale: LockRecord | "unreadable", token: string): Promise<boolean> {
  const aside = `${lock}.${token}.stale`;
  try {
    await files.fs.rename(lock, aside);
  } catch (e) {
    if (code(e) === "ENOENT") return true; // gone already: try again
    throw e;
  }
  const moved = await readLock(files, aside);
  const same = stale === "unreadable" ? moved === "unreadable" : moved !== null && moved !== "unreadable" && moved.token === stale.token;
  if (same) {
    await files.fs.remove(aside);
    return true;
  }
  // Another run took the stale lock over and created its own in between: put theirs back.
  await files.fs.rename(aside, lock);
  return false;
}

async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

async function writeLock(f: BlockFile, record: LockRecord): Promise<void> {
  try {
    await f.write(0, new TextEncoder().encode(`${JSON.stringify(record)}\n`));
    await f.sync();
  } finally {
    await f.close();
  }
}

/** Creates our lock file, taking over a stale one, waiting or refusing while a live run holds it. */
async function takeLock(files: HoldFiles, disk: string, token: string, opts: HoldOptions, notes: string[]): Promise<void> {
  const p = opts.processes ?? localProcesses;
  const lock = lockPathFor(disk);
  const deadline = opts.waitTimeoutMs === undefined ? Infinity : Date.now() + opts.waitTimeoutMs;
  let announced = false;
  for (;;) {
    let f: BlockFile | undefined;
    try {
      f = await files.fs.open(lock, "create");
    } catch (e) {
      if (code(e) !== "EEXIST") throw e;
    }
    if (f) {
      await writeLock(f, { program: "vhdx-shrink", pid: p.pid, host: p.hostName(), started: new Date().toISOString(), token });
      return;
    }
    const holder = await readLock(files, lock);
    if (holder === null) continue;
    if (holder !== "unreadable" && isStale(holder, p)) {
      if (await takeOver(files, lock, holder, token)) {
        notes.push(`took over ${lock}: the vhdx-shrink run that held it (pid ${holder.pid}, started ${holder.started}) is no longer running`);
        continue;
      }
    } else if (holder === "unreadable" && await abandoned(files, lock)) {
      if (await takeOver(files, lock, holder, token)) {
        notes.push(`took over ${lock}: an unfinished lock file left by a run that stopped while creating it`);
        continue;
      }
    }
    const who = describeHolder(disk, holder === null ? "unreadable" : holder);
    if (!opts.wait) throw new DiskHeldError(`${who}; nothing was changed. Wait for it to finish, or pass --wait.`);
    if (opts.signal?.aborted) throw new DiskHeldError(`${who}; stopped waiting (interrupted), nothing was changed.`);
    if (Date.now() >= deadline) throw new DiskHeldError(`${who}; still held after waiting ${Math.round((opts.waitTimeoutMs ?? 0) / 1000)} s, nothing was changed.`);
    if (!announced) opts.progress?.note(`waiting: ${who}`);
    announced = true;
    await pause(Math.min(WAIT_POLL_MS, Math.max(0, deadline - Date.now())), opts.signal);
  }
}

async function removeIfOurs(files: HoldFiles, lock: string, token: string): Promise<void> {
  const r = await readLock(files, lock).catch(() => null);
  if (r !== null && r !== "unreadable" && r.token === token) await files.fs.remove(lock).catch(() => undefined);
}

/**
 * Holds `disk` for this run: refuses with a one-line {@link DiskHeldError} naming the holder, or
 * waits with `opts.wait`. Release it in a `finally`.
 * @throws DiskHeldError when another run or program holds the disk
 * @example
 * const hold = await holdDisk(host, "ext4.vhdx", { exclusive: true });
 * try { ... } finally { await hold.release(); }
 */
export async function holdDisk(files: HoldFiles, disk: string, opts: HoldOptions = {}): Promise<DiskHold> {
  const key = files.path.resolve(disk);
  const notes: string[] = [];
  let entry = held.get(key);
  let tookLock = false;
  if (!entry) {
    const token = randomToken();
    await takeLock(files, disk, token, opts, notes);
    entry = { count: 0, token, lock: lockPathFor(disk) };
    held.set(key, entry);
    tookLock = true;
  }
  entry.count++;
  let ownExclusive: ExclusiveHandle | undefined;
  if (opts.exclusive && !entry.exclusive && files.fs.holdExclusive) {
    try {
      ownExclusive = entry.exclusive = await files.fs.holdExclusive(disk);
    } catch (e) {
      entry.count--;
      if (tookLock) {
        held.delete(key);
        await removeIfOurs(files, entry.lock, entry.token);
      }
      throw e;
    }
  }
  const mine = entry;
  let released = false;
  return {
    disk,
    notes,
    tookOver: notes.length > 0,
    async release() {
      if (released) return;
      released = true;
      if (ownExclusive) {
        mine.exclusive = undefined;
        await ownExclusive.release().catch(() => undefined);
      }
      if (--mine.count > 0) return;
      held.delete(key);
      await removeIfOurs(files, mine.lock, mine.token);
    },
  };
}

/** Runs `work` while holding `disk` (see {@link holdDisk}). */
export async function withDiskHold<T>(files: HoldFiles, disk: string, opts: HoldOptions, work: (hold: DiskHold) => Promise<T>): Promise<T> {
  const hold = await holdDisk(files, disk, opts);
  try {
    return await work(hold);
  } finally {
    await hold.release();
  }
}
