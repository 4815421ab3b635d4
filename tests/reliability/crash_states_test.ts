import { test } from "node:test";
import assert from "node:assert/strict";
import { MemoryBlockFile } from "../../core/io/block_file.ts";
import { crashStates, RecordingFile, stateAfterSyncs, TORN_SECTOR } from "../support/recording_file.ts";

/** Records: write A (2 sectors) at 0, sync, write B (3 sectors) at 512, truncate to 4 sectors, sync. */
async function recording() {
  const rec = new RecordingFile(new MemoryBlockFile(new Uint8Array(2 * TORN_SECTOR)));
  await rec.write(0, new Uint8Array(2 * TORN_SECTOR).fill(0xaa));
  await rec.sync();
  await rec.write(TORN_SECTOR, new Uint8Array(3 * TORN_SECTOR).fill(0xbb));
  await rec.truncate(4 * TORN_SECTOR);
  await rec.sync();
  return rec;
}

test("the recording file logs every write, truncate and fsync in order and passes them through", async () => {
  const rec = await recording();
  assert.deepEqual(rec.ops.map((o) => o.kind), ["write", "sync", "write", "truncate", "sync"]);
  assert.equal(rec.syncCount, 2);
  assert.equal(await rec.size(), 4 * TORN_SECTOR);
});

test("every crash state keeps all writes before its last fsync and mixes later ones only per 512-byte sector", async () => {
  const rec = await recording();
  const states = [...crashStates(new Uint8Array(2 * TORN_SECTOR), rec.ops, { prefixesPerGap: 20, subsetsPerGap: 20, seed: 1 })];
  assert.equal(states.filter((s) => s.atBoundary).length, rec.syncCount + 2, "one state per fsync boundary, the start and the end");
  for (const s of states.filter((x) => x.syncsCompleted >= 1)) {
    assert.ok(s.bytes.subarray(0, TORN_SECTOR).every((b) => b === 0xaa), `${s.label}: the synced write survives`);
    for (let at = TORN_SECTOR; at < s.bytes.length; at += TORN_SECTOR) {
      const sector = s.bytes.subarray(at, at + TORN_SECTOR);
      assert.ok(sector.every((b) => b === sector[0]), `${s.label}: sector ${at / TORN_SECTOR} is old or new, never mixed`);
    }
  }
  const labels = new Set(states.map((s) => s.bytes.join(",")));
  assert.ok(labels.size >= 4, "dropped, applied and torn variants all occur");
});

test("the state after k fsyncs holds exactly the writes before the k-th fsync", async () => {
  const rec = await recording();
  const after1 = stateAfterSyncs(new Uint8Array(2 * TORN_SECTOR), rec.ops, 1);
  assert.equal(after1.length, 2 * TORN_SECTOR);
  assert.ok(after1.every((b) => b === 0xaa));
  assert.throws(() => stateAfterSyncs(new Uint8Array(0), rec.ops, 3), RangeError);
});
