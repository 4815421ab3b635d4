/**
 * The check after a copy: re-open the new file with our reader and compare its parameters, its
 * block states and the used bytes of every block with what was read from the source.
 * @module
 */
import { UserFacingError } from "../errors.ts";
import type { UsedBlockMap } from "../ext4/used_block_map.ts";
import type { BlockFile } from "../io/block_file.ts";
import { PayloadBlockState } from "../vhdx/bat.ts";
import { openVhdx } from "../vhdx/open_vhdx.ts";
import type { Vhdx } from "../vhdx/vhdx.ts";
import { stopIfAborted } from "./abort.ts";
import { blockWindow, coveringRange, usedRangesIn } from "./block_bytes.ts";
import type { BlockDigests } from "./block_digests.ts";
import { usedDigest } from "./block_digests.ts";
import { BlockBufferPool } from "./block_buffers.ts";
import { readSpanInto } from "./block_source.ts";
import { readAhead, readAheadDepth } from "./read_ahead.ts";

/** The new file does not read back as the source (a bug or failing storage); it is not kept. */
export class VerificationError extends UserFacingError {}

const PARAMS = ["virtualSize", "blockSize", "logicalSectorSize", "physicalSectorSize", "diskId"] as const;

function fail(what: string): never {
  throw new VerificationError(`The new file failed verification (${what}); it was removed and the original is unchanged. Check the destination drive and report this.`);
}

/**
 * Re-opens `output` and compares it with `source`: same parameters, exactly the blocks in
 * `digests` present, and each one's used bytes hashing to the recorded digest.
 * @returns bytes of used data compared
 * @throws VerificationError on the first difference
 */
export async function verifyCopy(output: BlockFile, source: Vhdx, map: UsedBlockMap | null, digests: BlockDigests, opts: { signal?: AbortSignal } = {}): Promise<number> {
  const copy = await openVhdx(output, { log: "refuse" });
  for (const p of PARAMS) if (copy[p] !== source[p]) fail(`${p} is ${copy[p]}, expected ${source[p]}`);
  const present: number[] = [];
  for (let i = 0, n = 0; i < copy.blockCount; i++) {
    const isPresent = copy.blockState(i) === PayloadBlockState.FullyPresent;
    const expected = n < digests.count && digests.block(n) === i;
    if (isPresent !== expected) fail(`block ${i} is ${isPresent ? "present" : "missing"}`);
    if (isPresent) present.push(i), n++;
  }
  const pool = new BlockBufferPool(copy.blockSize);
  const load = async (i: number) => {
    const window = blockWindow(i, copy.blockSize, copy.virtualSize);
    const used = usedRangesIn(map, window);
    const buffer = pool.take();
    return { i, used, buffer, read: await readSpanInto(copy, i, coveringRange(used) ?? window, buffer) };
  };
  let n = 0, compared = 0;
  for await (const { i, used, buffer, read } of readAhead(present, load, readAheadDepth(copy.blockSize))) {
    stopIfAborted(opts.signal, "the new file was not fully verified and will be removed; the original was not changed.");
    if (!digests.matches(n++, usedDigest(read.bytes, read.start, used))) fail(`the used data of block ${i} differs`);
    pool.give(buffer);
    for (const [s, e] of used) compared += e - s;
  }
  return compared;
}
