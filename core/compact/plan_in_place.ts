/**
 * The in-place move plan, pure: which kept blocks move from the end of the file into holes
 * lower down, and where the file can be cut. Sources are never reused as destinations, so
 * every move can be committed independently (see compact_in_place.ts for the flush order).
 * @module
 */
import type { FileLayout, FileSpan } from "../disk/disk_image.ts";

export type { FileLayout, FileSpan };

/** One block copy: payload block `block` moves from file offset `from` to `to`. */
export interface BlockMove {
  block: number;
  from: number;
  to: number;
}

/** What an in-place compaction does. */
export interface InPlacePlan {
  /** Present blocks that become NOT_PRESENT. */
  drops: number[];
  /** Copies into holes, highest source first. */
  moves: BlockMove[];
  /** File length afterwards. */
  truncateTo: number;
  /** Bytes copied by the moves. */
  movedBytes: number;
}

/** The free spans of the file (aligned to `alignment`) around the occupied ones, lowest first. */
function freeSpans(fileSize: number, occupied: FileSpan[], alignment: number): FileSpan[] {
  const alignUp = (n: number) => Math.ceil(n / alignment) * alignment;
  const alignDown = (n: number) => Math.floor(n / alignment) * alignment;
  const sorted = [...occupied].sort((a, b) => a.start - b.start);
  const out: FileSpan[] = [];
  let pos = 0;
  for (const s of sorted) {
    if (alignDown(s.start) > alignUp(pos)) out.push({ start: alignUp(pos), end: alignDown(s.start) });
    pos = Math.max(pos, s.end);
  }
  if (alignDown(fileSize) > alignUp(pos)) out.push({ start: alignUp(pos), end: alignDown(fileSize) });
  return out;
}

/**
 * Plans an in-place compaction. Greedy: the highest kept block goes to the lowest hole below it
 * that fits, until no hole lies below the highest remaining block; then the file is cut after the
 * last occupied byte.
 * @example
 * const plan = planInPlace(layout, (b) => keep.has(b));
 * plan.moves; // [{ block: 7, from: 40 * MiB, to: 4 * MiB }, ...]
 */
export function planInPlace(layout: FileLayout, keep: (block: number) => boolean): InPlacePlan {
  const bs = layout.blockSize;
  const kept = layout.blocks.filter((b) => keep(b.block)).sort((a, b) => b.offset - a.offset);
  const drops = layout.blocks.filter((b) => !keep(b.block)).map((b) => b.block).sort((a, b) => a - b);
  const holes = freeSpans(layout.fileSize, [...layout.reserved, ...kept.map((b) => ({ start: b.offset, end: b.offset + bs }))], layout.alignment);
  const moves: BlockMove[] = [];
  let h = 0;
  let end = 0;
  for (const b of kept) {
    while (h < holes.length && holes[h].end - holes[h].start < bs) h++;
    if (h < holes.length && holes[h].start + bs <= b.offset) {
      moves.push({ block: b.block, from: b.offset, to: holes[h].start });
      end = Math.max(end, holes[h].start + bs);
      holes[h].start += bs;
    } else {
      end = Math.max(end, b.offset + bs);
    }
  }
  for (const r of layout.reserved) end = Math.max(end, r.end);
  const cut = Math.ceil(end / layout.alignment) * layout.alignment;
  return { drops, moves, truncateTo: Math.min(cut, layout.fileSize), movedBytes: moves.length * bs };
}
