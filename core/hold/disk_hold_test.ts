import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DiskHeldError } from "../errors.ts";
import { detectHost } from "../host/detect.ts";
import type { ProcessTable } from "./process_table.ts";
import { holdDisk, lockPathFor } from "./disk_hold.ts";
import type { HoldFiles } from "./disk_hold.ts";

/** A process table where `running` lists the live pids of this machine, named "here". */
function table(pid: number, running: number[]): ProcessTable {
  return { pid, hostName: () => "here", alive: (p) => running.includes(p) };
}

async function withDir(fn: (dir: string, disk: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "disk-hold-"));
  try {
    const disk = join(dir, "ext4.vhdx");
    await writeFile(disk, "disk");
    await fn(dir, disk);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const record = (pid: number, host = "here", token = "t0") => JSON.stringify({ program: "vhdx-shrink", pid, host, started: "2026-01-02T03:04:05Z", token });

test("a hold writes a lock file with pid, host, start time and token, and release removes it", async () => {
  await withDir(async (_dir, disk) => {
    const host = detectHost();
    const hold = await holdDisk(host, disk, { processes: table(4242, [4242]) });
    const r = JSON.parse(await readFile(lockPathFor(disk), "utf8"));
    assert.equal(r.pid, 4242);
    assert.equal(r.host, "here");
    assert.ok(!Number.isNaN(Date.parse(r.started)));
    assert.match(r.token, /^[0-9a-f]{32}$/);
    await hold.release();
    assert.equal(existsSync(lockPathFor(disk)), false);
  });
});

test("a lock of a live run on this machine makes the second run refuse in one line naming its pid and start time", async () => {
  await withDir(async (_dir, disk) => {
    await writeFile(lockPathFor(disk), record(77));
    const err = await holdDisk(detectHost(), disk, { processes: table(1, [1, 77]) }).catch((e) => e);
    assert.ok(err instanceof DiskHeldError);
    assert.match(err.message, /held by another vhdx-shrink run \(pid 77 on here, started 2026-01-02T03:04:05Z\); nothing was changed/);
    assert.equal(err.message.split("\n").length, 1);
    assert.equal(err.exitCode, 1);
    assert.equal(await readFile(lockPathFor(disk), "utf8"), record(77), "the holder's lock is untouched");
  });
});

test("a lock whose process is gone is taken over with a note; one from another machine never is", async () => {
  await withDir(async (_dir, disk) => {
    await writeFile(lockPathFor(disk), record(77));
    const hold = await holdDisk(detectHost(), disk, { processes: table(5, [5]) });
    assert.equal(hold.tookOver, true);
    assert.match(hold.notes.join("\n"), /took over .*: the vhdx-shrink run that held it \(pid 77, started 2026-01-02T03:04:05Z\) is no longer running/);
    assert.equal(JSON.parse(await readFile(lockPathFor(disk), "utf8")).pid, 5);
    await hold.release();

    await writeFile(lockPathFor(disk), record(77, "elsewhere"));
    await assert.rejects(holdDisk(detectHost(), disk, { processes: table(5, [5]) }), /pid 77 on elsewhere/);
  });
});

test("a lock still empty long after its last change is taken over; a fresh empty one is a run being set up", async () => {
  await withDir(async (_dir, disk) => {
    const lock = lockPathFor(disk);
    await writeFile(lock, "");
    await assert.rejects(holdDisk(detectHost(), disk, { processes: table(5, [5]) }), /lock file .* is being written or unreadable/);
    const old = new Date(Date.now() - 10 * 60_000);
    await utimes(lock, old, old);
    const hold = await holdDisk(detectHost(), disk, { processes: table(5, [5]) });
    assert.match(hold.notes.join("\n"), /an unfinished lock file left by a run that stopped while creating it/);
    await hold.release();
  });
});

test("holds are re-entrant in one process: the inner release keeps the lock, the outer removes it", async () => {
  await withDir(async (_dir, disk) => {
    const host = detectHost();
    const outer = await holdDisk(host, disk, { processes: table(9, [9]) });
    const inner = await holdDisk(host, disk, { processes: table(9, [9]) });
    await inner.release();
    assert.ok(existsSync(lockPathFor(disk)));
    await outer.release();
    assert.equal(existsSync(lockPathFor(disk)), false);
  });
});

test("--wait waits for the holder to let go and then holds the disk, and gives up at its time limit", async () => {
  await withDir(async (_dir, disk) => {
    await writeFile(lockPathFor(disk), record(77));
    const notes: string[] = [];
    const waiting = holdDisk(detectHost(), disk, { wait: true, processes: table(5, [5, 77]), progress: { note: (m) => notes.push(m) } });
    // The holder lets go once the waiting run has said it waits.
    while (notes.length === 0) await new Promise((r) => setImmediate(r));
    assert.match(notes[0], /^waiting: .* is held by another vhdx-shrink run \(pid 77/);
    await rm(lockPathFor(disk));
    const hold = await waiting;
    assert.equal(JSON.parse(await readFile(lockPathFor(disk), "utf8")).pid, 5);
    await hold.release();

    await writeFile(lockPathFor(disk), record(77));
    await assert.rejects(holdDisk(detectHost(), disk, { wait: true, waitTimeoutMs: 0, processes: table(5, [5, 77]) }), /still held after waiting 0 s/);
  });
});

test("the host's exclusive hold is taken with the lock and released with it; its refusal leaves no lock behind", async () => {
  await withDir(async (_dir, disk) => {
    const base = detectHost();
    const calls: string[] = [];
    const files = (fail: boolean): HoldFiles => ({
      path: base.path,
      fs: {
        stat: (p) => base.fs.stat(p), rename: (a, b) => base.fs.rename(a, b), remove: (p) => base.fs.remove(p), open: (p, m) => base.fs.open(p, m),
        holdExclusive: async (p) => {
          if (fail) throw new DiskHeldError(`${p} is in use by another program`);
          calls.push(`hold ${p}`);
          return { release: async () => void calls.push(`release ${p}`) };
        },
      },
    });
    const hold = await holdDisk(files(false), disk, { exclusive: true, processes: table(5, [5]) });
    assert.deepEqual(calls, [`hold ${disk}`]);
    await hold.release();
    assert.deepEqual(calls, [`hold ${disk}`, `release ${disk}`]);
    await assert.rejects(holdDisk(files(true), disk, { exclusive: true, processes: table(5, [5]) }), /in use by another program/);
    assert.equal(existsSync(lockPathFor(disk)), false);
  });
});
