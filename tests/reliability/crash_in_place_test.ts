import { test } from "node:test";
import assert from "node:assert/strict";
import { compactInPlace } from "../../core/compact/mod.ts";
import { MemoryBlockFile } from "../../core/io/block_file.ts";
import { openVhdx } from "../../core/vhdx/open_vhdx.ts";
import { crashStates, RecordingFile, syncCount } from "../support/recording_file.ts";
import { withTempDir } from "../support/tools.ts";
import { CrashJudge } from "./crash_judge.ts";
import { makeCrashFixture, sampling } from "./crash_fixture.ts";
import { dirtyLogCopy } from "./dirty_log.ts";
import { recordFigure } from "./figures.ts";
import { toolSample } from "./level.ts";

test("in-place compaction leaves a valid disk with every file intact after a power loss at any fsync or between them", async (t) => {
  await withTempDir(async (dir) => {
    const { bytes, original } = await makeCrashFixture(dir);
    const rec = new RecordingFile(new MemoryBlockFile(bytes.slice()));
    const result = await compactInPlace(rec);
    assert.ok(result.moves.drops.length > 0 && result.moves.moves.length > 0, "the fixture exercises drops and moves");
    const judge = new CrashJudge(original, dir);
    const tools = toolSample();
    let boundaries = 0, betweenToTools = 0;
    for (const state of crashStates(bytes, rec.ops, sampling(1))) {
      const withTools = tools(state);
      if (state.atBoundary) boundaries++;
      else if (withTools) betweenToTools++;
      await judge.judge(state, { tools: withTools });
    }
    assert.ok(judge.tally.states > syncCount(rec.ops), "every fsync boundary and states between them were tried");
    assert.ok(betweenToTools >= syncCount(rec.ops) / 2, `${betweenToTools} states between fsyncs went to the real tools`);
    assert.equal(judge.tally.qemuChecks, boundaries + betweenToTools, "qemu-img checked every chosen state");
    t.diagnostic(`in-place: ${syncCount(rec.ops)} fsyncs, ${judge.tally.states} crash states, ${judge.tally.qemuChecks} qemu checks, ${judge.tally.fsChecks} e2fsck+rdump`);
    await recordFigure("crash.inPlace", judge.tally);
  });
});

test("in-place compaction of a disk whose log needs replay survives a power loss during the replay and after", async (t) => {
  await withTempDir(async (dir) => {
    const { bytes, original } = await makeCrashFixture(dir);
    const dirty = await dirtyLogCopy(bytes);
    assert.equal((await openVhdx(new MemoryBlockFile(dirty.slice()))).hasActiveLog, true, "the fixture's log needs replay");
    const rec = new RecordingFile(new MemoryBlockFile(dirty.slice()));
    await compactInPlace(rec);
    const judge = new CrashJudge(original, dir);
    const tools = toolSample();
    for (const state of crashStates(dirty, rec.ops, sampling(2))) await judge.judge(state, { tools: tools(state) });
    assert.ok(judge.tally.engineReplays > 0, "some crash states still needed the log replayed");
    t.diagnostic(`in-place from a dirty log: ${syncCount(rec.ops)} fsyncs, ${judge.tally.states} crash states (${judge.tally.engineReplays} replayed by the engine)`);
    await recordFigure("crash.inPlaceDirtyLog", judge.tally);
  });
});

test("the CI sample sends every boundary and the first state after each to the real tools, the full level every state", () => {
  const states = [true, false, false, true, true, false].map((atBoundary) => ({ atBoundary }));
  const ci = toolSample("ci"), full = toolSample("full");
  assert.deepEqual(states.map(ci), [true, true, false, true, true, true]);
  assert.deepEqual(states.map(full), [true, true, true, true, true, true]);
});
