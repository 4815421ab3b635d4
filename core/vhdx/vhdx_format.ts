/**
 * The VHDX engine as the compactor sees it: the one adapter between {@link DiskFormat} (core/disk)
 * and this folder. Block-map changes go through the VHDX log (logged_write.ts states the flush order);
 * nothing here decides what to keep.
 * @module
 */
import type { BlockMapChange, DiskFormat, ImageUpdate } from "../disk/disk_image.ts";
import type { BlockFile } from "../io/block_file.ts";
import { PayloadBlockState } from "./bat.ts";
import { createVhdx, newVhdxFileSize } from "./create_vhdx.ts";
import { ZERO_GUID } from "./guid.ts";
import { hasFileSignature } from "./header.ts";
import { updateHeaders } from "./header_update.ts";
import { batchBySector, batSectorOf, maxSectorsPerEntry } from "./logged_batches.ts";
import { batEntryWrite, writeLogged } from "./logged_write.ts";
import { openVhdx } from "./open_vhdx.ts";
import type { Vhdx } from "./vhdx.ts";

/** The BAT entry write for one block-map change: present at its offset, or NOT_PRESENT with offset 0. */
function entryWrite(vhdx: Vhdx, c: BlockMapChange) {
  return c.fileOffset === null
    ? batEntryWrite(vhdx, c.block, PayloadBlockState.NotPresent)
    : batEntryWrite(vhdx, c.block, PayloadBlockState.FullyPresent, c.fileOffset);
}

/** In-place changes to the VHDX in `file`, as opened in `vhdx`. */
function updateOf(file: BlockFile, vhdx: Vhdx): ImageUpdate {
  return {
    image: vhdx,
    fixedSize: vhdx.leaveBlockAllocated,
    journalPending: vhdx.hasActiveLog,
    replayJournal: async () => updateOf(file, await openVhdx(file, { log: "replay-on-disk" })),
    // A LogGuid without a valid log sequence marks an empty log (§2.3.3); clear it so the log can be used.
    markWriting: async (dataChanges) => {
      await updateHeaders(file, { logGuid: ZERO_GUID, ...(dataChanges ? { dataWriteGuid: true } : {}) });
    },
    groupForCommit: (items, blockOf, maxItems) =>
      batchBySector(items, (item) => batSectorOf(vhdx, blockOf(item)), maxSectorsPerEntry(vhdx.header.logLength), maxItems),
    commitBlockMap: (changes) => writeLogged(file, vhdx, changes.map((c) => entryWrite(vhdx, c))),
  };
}

/** VHDX (MS-VHDX v1): dynamic images written by {@link createVhdx}, changed in place through the log. */
export const vhdxFormat: DiskFormat = {
  name: "VHDX",
  hasSignature: (firstBytes) => hasFileSignature(firstBytes),
  open: (file, journal) => openVhdx(file, { log: journal }),
  openForUpdate: async (file) => updateOf(file, await openVhdx(file, { log: "replay-in-memory" })),
  create: (file, g) =>
    createVhdx(file, {
      virtualSize: g.virtualSize,
      blockSize: g.blockSize,
      logicalSectorSize: g.logicalSectorSize as 512 | 4096,
      physicalSectorSize: g.physicalSectorSize as 512 | 4096,
      diskId: g.diskId,
    }),
  newFileSize: (g, keptBlocks) => newVhdxFileSize(g.virtualSize, g.blockSize, g.logicalSectorSize, keptBlocks),
};
