/**
 * Copy mode: write a new dynamic VHDX holding only the blocks with used, non-zero data, then
 * check it block by block. The source is only read. Works on {@link BlockFile}s; the shell
 * (compact_file.ts) owns paths, the temporary name and cleanup.
 * @module
 */
import type { UsedBlockMap } from "../ext4/used_block_map.ts";
import type { BlockFile } from "../io/block_file.ts";
import type { Progress } from "../plugin/types.ts";
import { PayloadBlockState } from "../vhdx/bat.ts";
import { createVhdx } from "../vhdx/create_vhdx.ts";
import type { Vhdx } from "../vhdx/vhdx.ts";
import { stopIfAborted } from "./abort.ts";
import { blockWindow, coveringRange, scrubOutside, usedBytesNonZero, usedRangesIn } from "./block_bytes.ts";
import { BlockFlag, type BlockCensus } from "./block_census.ts";
import { BlockDigests, usedDigest } from "./block_digests.ts";
import { verifyCopy } from "./verify_copy.ts";

/** Options for {@link compactCopy}. */
export interface CopyOptions {
  /** Zero the free filesystem blocks inside kept blocks (default true). */
  scrub?: boolean;
  signal?: AbortSignal;
  progress?: Progress;
}

/** What a copy did. */
export interface CopyResult {
  census: BlockCensus;
  keptBlocks: number;
  droppedBlocks: number;
  /** Size of the new file, verified. */
  sizeAfter: number;
  /** Bytes of used filesystem data compared after the copy. */
  verifiedBytes: number;
}

const STOPPED = "the new file is incomplete and will be removed; the original was not changed.";

/** Reads block `i` as the new file should hold it, or null when the block is dropped. */
async function keptBytes(source: Vhdx, map: UsedBlockMap | null, i: number, scrub: boolean) {
  const window = blockWindow(i, source.blockSize, source.virtualSize);
  const used = usedRangesIn(map, window);
  const span = scrub ? coveringRange(used) : window;
  if (used.length === 0 || !span) return { used, data: null };
  const bytes = await source.readAt(span[0], span[1] - span[0]);
  if (!usedBytesNonZero(bytes, span[0], used)) return { used, data: null };
  if (!scrub) return { used, data: bytes };
  const data = new Uint8Array(window[1] - window[0]);
  data.set(bytes, span[0] - window[0]);
  scrubOutside(data, window[0], used);
  return { used, data };
}

/**
 * Copies `source` into the empty `output` keeping what `map` says is used (null: keep every
 * non-zero block), with the same virtual size, block size, sector sizes and disk id; syncs;
 * then re-opens `output` and compares every used byte with what was read from the source.
 * @throws VerificationError when the new file does not read back as the source
 * @throws InterruptedError when `signal` fires (the output is then incomplete)
 * @example
 * const result = await compactCopy(vhdx, report.usedMap ?? null, await openBlockFile("new.vhdx", "create"));
 */
export async function compactCopy(source: Vhdx, map: UsedBlockMap | null, output: BlockFile, opts: CopyOptions = {}): Promise<CopyResult> {
  const scrub = opts.scrub ?? true;
  const writer = await createVhdx(output, {
    virtualSize: source.virtualSize,
    blockSize: source.blockSize,
    logicalSectorSize: source.logicalSectorSize as 512 | 4096,
    physicalSectorSize: source.physicalSectorSize as 512 | 4096,
    diskId: source.diskId,
  });
  const flags = new Uint8Array(source.blockCount);
  const digests = new BlockDigests();
  let dropped = 0, done = 0;
  opts.progress?.phase("copy the used blocks", source.allocatedBytes());
  for (let i = 0; i < source.blockCount; i++) {
    if (source.blockState(i) !== PayloadBlockState.FullyPresent) continue;
    stopIfAborted(opts.signal, STOPPED);
    const { used, data } = await keptBytes(source, map, i, scrub);
    flags[i] = BlockFlag.Present | (used.length > 0 ? BlockFlag.Used : 0);
    if (data) {
      flags[i] |= BlockFlag.UsedNonZero;
      const start = i * source.blockSize;
      digests.add(i, usedDigest(data, start, used));
      await writer.writeBlock(i, data);
    } else dropped++;
    opts.progress?.update(done += source.blockSize);
  }
  stopIfAborted(opts.signal, STOPPED);
  await writer.finish(); // syncs before the check, so success is never reported for unflushed data
  const verifiedBytes = await verifyCopy(output, source, map, digests, opts);
  return {
    census: {
      virtualSize: source.virtualSize, blockSize: source.blockSize, logicalSectorSize: source.logicalSectorSize,
      flags, nonZeroKnown: false, filesystemAware: map !== null,
    },
    keptBlocks: digests.count,
    droppedBlocks: dropped,
    sizeAfter: await output.size(),
    verifiedBytes,
  };
}
