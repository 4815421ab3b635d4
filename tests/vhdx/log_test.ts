import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { MemoryBlockFile, openBlockFile } from "../../core/io/block_file.ts";
import { DirtyLogError, InvalidImageError } from "../../core/errors.ts";
import { batEntryWrite, openVhdx, PayloadBlockState, updateHeaders, writeLogged } from "../../core/vhdx/mod.ts";
import type { Vhdx } from "../../core/vhdx/mod.ts";
import { randomGuid } from "../../core/vhdx/guid.ts";
import { type LogWrite, serializeLogEntry } from "../../core/vhdx/log_entry.ts";
import { ReplayOverlayFile } from "../../core/vhdx/log_replay.ts";
import { mustRun, toRaw, withTempDir } from "../support/tools.ts";
import { copy, CrashingFile, hashFile, hashVirtual, makeRawImage, MiB, SimulatedCrash } from "./fixtures.ts";
import { open } from "node:fs/promises";

const SIZE = 16 * MiB;

/** A qemu-made VHDX with data in blocks 0–3, plus raw images of the state before and after "move block 2 to 10". */
async function fixture(dir: string) {
  const raw = join(dir, "old.raw"), vhdx = join(dir, "d.vhdx"), newRaw = join(dir, "new.raw");
  await makeRawImage(raw, SIZE, [{ offset: 0, length: 4 * MiB }]);
  mustRun("qemu-img", ["convert", "-f", "raw", "-O", "vhdx", "-o", "block_size=1M", raw, vhdx]);
  await makeRawImage(newRaw, SIZE, [{ offset: 0, length: 4 * MiB }]);
  const fh = await open(newRaw, "r+");
  const block2 = new Uint8Array(MiB);
  await fh.read(block2, 0, MiB, 2 * MiB);
  await fh.write(block2, 0, MiB, 10 * MiB);
  await fh.write(new Uint8Array(MiB), 0, MiB, 2 * MiB);
  await fh.close();
  return { vhdx, oldHash: await hashFile(raw), newHash: await hashFile(newRaw) };
}

/** The metadata writes that move payload block 2 to virtual block 10 (observable change). */
const moveBlock = (v: Vhdx) => [batEntryWrite(v, 10, PayloadBlockState.FullyPresent, v.blockFileOffset(2)), batEntryWrite(v, 2, PayloadBlockState.Zero)];

async function withVhdx<T>(path: string, mode: "read" | "write", fn: (v: Vhdx, file: Awaited<ReturnType<typeof openBlockFile>>) => Promise<T>, log?: "refuse" | "replay-in-memory" | "replay-on-disk"): Promise<T> {
  const file = await openBlockFile(path, mode);
  try {
    return await fn(await openVhdx(file, { log }), file);
  } finally {
    await file.close();
  }
}

test("a logged BAT change shows the new contents, clears the log and passes qemu-img check", async () => {
  await withTempDir(async (dir) => {
    const { vhdx, newHash } = await fixture(dir);
    const before = await withVhdx(vhdx, "read", async (v) => v.header);
    await withVhdx(vhdx, "write", (v, file) => writeLogged(file, v, moveBlock(v), { changesVirtualData: true }));
    await withVhdx(vhdx, "read", async (v) => {
      assert.equal(await hashVirtual(v), newHash);
      assert.equal(v.hasActiveLog, false);
      assert.notEqual(v.header.dataWriteGuid, before.dataWriteGuid);
      assert.equal(v.header.sequenceNumber, before.sequenceNumber + 4n);
    }, "refuse");
    mustRun("qemu-img", ["check", "-f", "vhdx", vhdx]);
    const back = join(dir, "back.raw");
    toRaw(vhdx, back);
    assert.equal(await hashFile(back), newHash);
  });
});

test("a crash after any write of a logged change opens to the old or the new state, and qemu agrees", async () => {
  await withTempDir(async (dir) => {
    const { vhdx, oldHash, newHash } = await fixture(dir);
    const seen = new Set<string>();
    for (let n = 0; ; n++) {
      const copyPath = join(dir, `crash${n}.vhdx`);
      await copy(vhdx, copyPath);
      const crashed = await withVhdx(copyPath, "write", async (v, file) => {
        const crashing = new CrashingFile(file, n);
        try {
          await writeLogged(crashing, v, moveBlock(v));
          return false;
        } catch (e) {
          if (!(e instanceof SimulatedCrash)) throw e;
          return true;
        }
      });
      const fileHash = await hashFile(copyPath);
      const { hash, dirty } = await withVhdx(copyPath, "read", async (v) => ({ hash: await hashVirtual(v), dirty: v.hasActiveLog }));
      assert.equal(await hashFile(copyPath), fileHash, "a read-only open never writes");
      assert.ok(hash === oldHash || hash === newHash, `crash after ${n} writes gives a third state`);
      seen.add(`${hash === newHash ? "new" : "old"}${dirty ? "+log" : ""}`);
      if (dirty) {
        await assert.rejects(withVhdx(copyPath, "read", async () => {}, "refuse"), DirtyLogError);
        const qemuCopy = join(dir, `q${n}.vhdx`), qemuRaw = join(dir, `q${n}.raw`);
        await copy(copyPath, qemuCopy);
        mustRun("qemu-img", ["check", "-r", "all", "-f", "vhdx", qemuCopy]);
        toRaw(qemuCopy, qemuRaw);
        assert.equal(await hashFile(qemuRaw), hash, `qemu replays the log left by a crash after ${n} writes the same way`);
        await withVhdx(copyPath, "write", async (v) => assert.equal(await hashVirtual(v), hash), "replay-on-disk");
        await withVhdx(copyPath, "read", async (v) => assert.equal(v.hasActiveLog, false), "refuse");
      }
      if (!crashed) break;
    }
    assert.deepEqual([...seen].sort(), ["new", "new+log", "old"]);
  });
});

test("a hand-built two-entry sequence that wraps the log ring replays like qemu, ignoring stale entries", async () => {
  await withTempDir(async (dir) => {
    const { vhdx, newHash } = await fixture(dir);
    await withVhdx(vhdx, "write", async (v, file) => {
      const { logOffset, logLength } = v.header;
      const batSector = v.regions.bat.fileOffset;
      const sector = await file.read(batSector, 4096);
      const step = (w: { fileOffset: number; bytes: Uint8Array }) => sector.set(w.bytes, w.fileOffset - batSector);
      const [to10, zero2] = moveBlock(v);
      const guid = randomGuid();
      const size = await file.size();
      const meta = { logGuid: guid, flushedFileOffset: size, lastFileOffset: size };
      step(to10);
      const first: LogWrite[] = [{ kind: "data", fileOffset: batSector, bytes: sector.slice() }];
      step(zero2);
      const second: LogWrite[] = [
        { kind: "zero", fileOffset: v.regions.metadata.fileOffset + 512 * 1024, length: 8192 },
        { kind: "data", fileOffset: batSector, bytes: sector.slice() },
      ];
      const tail = logLength - 4096;
      const e1 = serializeLogEntry({ ...meta, tail, sequenceNumber: 41n }, first); // 8 KiB: wraps the ring
      const e2 = serializeLogEntry({ ...meta, tail, sequenceNumber: 42n }, second);
      const stale = serializeLogEntry({ ...meta, logGuid: randomGuid(), tail: 64 * 1024, sequenceNumber: 43n }, [{ kind: "zero", fileOffset: batSector, length: 4096 }]);
      await file.write(logOffset + tail, e1.subarray(0, 4096));
      await file.write(logOffset, e1.subarray(4096));
      await file.write(logOffset + 4096, e2);
      await file.write(logOffset + 64 * 1024, stale);
      await updateHeaders(file, { logGuid: guid });
    });
    const memHash = await withVhdx(vhdx, "read", async (v) => {
      assert.equal(v.hasActiveLog, true);
      return hashVirtual(v);
    });
    assert.equal(memHash, newHash);
    mustRun("qemu-img", ["check", "-r", "all", "-f", "vhdx", vhdx]);
    const back = join(dir, "back.raw");
    toRaw(vhdx, back);
    assert.equal(await hashFile(back), newHash);
  });
});

test("a log whose FlushedFileOffset is past the end of the file is refused as truncated", async () => {
  await withTempDir(async (dir) => {
    const { vhdx } = await fixture(dir);
    await withVhdx(vhdx, "write", async (v, file) => {
      const guid = randomGuid();
      const size = await file.size();
      const e = serializeLogEntry({ logGuid: guid, tail: 0, sequenceNumber: 1n, flushedFileOffset: size + MiB, lastFileOffset: size + MiB },
        [{ kind: "zero", fileOffset: v.regions.metadata.fileOffset + 512 * 1024, length: 4096 }]);
      await file.write(v.header.logOffset, e);
      await updateHeaders(file, { logGuid: guid });
    });
    for (const log of ["replay-in-memory", "refuse"] as const) {
      await assert.rejects(withVhdx(vhdx, "read", async () => {}, log), (e: Error) => e instanceof InvalidImageError && /truncated/.test(e.message));
    }
  });
});

test("a LogGuid with no valid entries is treated as an empty log, as qemu does", async () => {
  await withTempDir(async (dir) => {
    const { vhdx, oldHash } = await fixture(dir);
    await withVhdx(vhdx, "write", async (_v, file) => { await updateHeaders(file, { logGuid: randomGuid() }); });
    await withVhdx(vhdx, "read", async (v) => {
      assert.equal(v.hasActiveLog, false);
      assert.equal(await hashVirtual(v), oldHash);
    }, "refuse");
  });
});

test("writeLogged refuses a file whose log still needs replay", async () => {
  await withTempDir(async (dir) => {
    const { vhdx } = await fixture(dir);
    await withVhdx(vhdx, "write", async (v, file) => {
      const guid = randomGuid();
      const size = await file.size();
      await file.write(v.header.logOffset, serializeLogEntry({ logGuid: guid, tail: 0, sequenceNumber: 1n, flushedFileOffset: size, lastFileOffset: size },
        [{ kind: "zero", fileOffset: v.regions.metadata.fileOffset + 512 * 1024, length: 4096 }]));
      await updateHeaders(file, { logGuid: guid });
    });
    await withVhdx(vhdx, "write", async (v, file) => {
      assert.equal(v.hasActiveLog, true);
      await assert.rejects(writeLogged(file, v, moveBlock(v)), DirtyLogError);
    });
  });
});

test("a replay overlay shows the replayed writes through read and readInto alike", async () => {
  const file = new MemoryBlockFile(new Uint8Array(16).fill(1));
  const overlay = new ReplayOverlayFile(file, {
    writes: [{ kind: "data", fileOffset: 2, bytes: new Uint8Array([7, 8]) }, { kind: "zero", fileOffset: 6, length: 3 }],
    minFileSize: 16,
  });
  const expected = new Uint8Array([1, 7, 8, 1, 1, 0, 0, 0, 1, 1]);
  assert.deepEqual(await overlay.read(1, 10), expected);
  const target = new Uint8Array(10);
  await overlay.readInto(1, target);
  assert.deepEqual(target, expected);
});
