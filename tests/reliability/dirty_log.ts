/**
 * A copy of a disk whose VHDX log needs replay: a logged BAT change cut off by a power loss after
 * the headers named the log and before the change reached its target (logged_write.ts step 3).
 * @module
 */
import { MemoryBlockFile } from "../../core/io/block_file.ts";
import { batEntryWrite, openVhdx, PayloadBlockState, writeLogged } from "../../core/vhdx/mod.ts";
import { RecordingFile, stateAfterSyncs } from "../support/recording_file.ts";

/** Fsyncs `writeLogged` completes before it applies the writes: flush, entry, two header copies. */
const SYNCS_BEFORE_APPLY = 4;

/**
 * Returns `bytes` with an unreplayed log entry that switches one absent block between the ZERO and
 * NOT_PRESENT states: the file bytes change on replay, what the virtual disk reads does not.
 */
export async function dirtyLogCopy(bytes: Uint8Array): Promise<Uint8Array> {
  const rec = new RecordingFile(new MemoryBlockFile(bytes.slice()));
  const vhdx = await openVhdx(rec);
  let block = vhdx.blockCount - 1;
  while (block > 0 && vhdx.blockState(block) === PayloadBlockState.FullyPresent) block--;
  const next = vhdx.blockState(block) === PayloadBlockState.Zero ? PayloadBlockState.NotPresent : PayloadBlockState.Zero;
  await writeLogged(rec, vhdx, [batEntryWrite(vhdx, block, next)]);
  return stateAfterSyncs(bytes, rec.ops, SYNCS_BEFORE_APPLY);
}
