import { test } from "node:test";
import assert from "node:assert/strict";
import { type BlockFile, MemoryBlockFile } from "../io/block_file.ts";
import { createVhdx } from "../vhdx/create_vhdx.ts";
import { openVhdx } from "../vhdx/open_vhdx.ts";
import { compactCopy } from "./compact_copy.ts";
import { VerificationError } from "./verify_copy.ts";

const MiB = 1024 * 1024;
/** Where createVhdx puts the first payload block: after the 1 MiB-rounded BAT at 3 MiB. */
const FIRST_PAYLOAD = 4 * MiB;

/** An 8 MiB disk with blocks 1, 2 and 5 present (block 2 all zeros). */
async function sourceDisk() {
  const file = new MemoryBlockFile();
  const w = await createVhdx(file, { virtualSize: 8 * MiB, blockSize: MiB, logicalSectorSize: 512, physicalSectorSize: 4096 });
  await w.writeBlock(1, new Uint8Array(MiB).fill(1));
  await w.writeBlock(2, new Uint8Array(MiB));
  await w.writeBlock(5, new Uint8Array(MiB).fill(5));
  await w.finish();
  return openVhdx(file);
}

/** Forwards to memory, damaging what `damage` picks of each write (after the caller handed it over). */
function damagingFile(damage: (position: number, bytes: Uint8Array) => Uint8Array): BlockFile & { inner: MemoryBlockFile } {
  const inner = new MemoryBlockFile();
  return {
    inner,
    read: (p, n) => inner.read(p, n),
    write: (p, b) => inner.write(p, damage(p, b)),
    sync: () => inner.sync(),
    truncate: (n) => inner.truncate(n),
    size: () => inner.size(),
    close: () => inner.close(),
  };
}

test("a copy keeps the non-zero blocks and reports every byte it compared", async () => {
  const out = damagingFile((_, b) => b);
  const r = await compactCopy(await sourceDisk(), null, out);
  assert.equal(r.keptBlocks, 2);
  assert.equal(r.droppedBlocks, 1);
  assert.equal(r.verifiedBytes, 2 * MiB);
  const copy = await openVhdx(out.inner);
  assert.deepEqual(await copy.readAt(5 * MiB, 4), new Uint8Array(4).fill(5));
});

test("a payload byte that lands wrong on disk fails verification", async () => {
  const out = damagingFile((p, b) => {
    if (p !== FIRST_PAYLOAD + MiB) return b;
    const bad = b.slice();
    bad[1234] ^= 0xff;
    return bad;
  });
  await assert.rejects(compactCopy(await sourceDisk(), null, out), (e: Error) => e instanceof VerificationError && /block 5 differs/.test(e.message));
});

test("a BAT that points a block somewhere other than where it was written fails verification", async () => {
  const out = damagingFile((p, b) => {
    if (p !== 3 * MiB) return b;
    const bat = b.slice();
    // Swap the entries of blocks 1 and 5: both stay present, each now points at the other's data.
    const e1 = bat.slice(8, 16), e5 = bat.slice(40, 48);
    bat.set(e5, 8);
    bat.set(e1, 40);
    return bat;
  });
  await assert.rejects(compactCopy(await sourceDisk(), null, out), (e: Error) => e instanceof VerificationError && /block 1 is at offset/.test(e.message));
});
