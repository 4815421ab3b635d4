/**
 * Overlapping reads with the work on earlier results: up to `depth` loads run ahead while the
 * caller writes or hashes, results still come back in order. Bounded, so memory stays
 * `depth` blocks whatever the disk size.
 * @module
 */

/** Bytes of data allowed in flight ahead of the consumer. */
export const READ_AHEAD_BYTES = 8 * 1024 * 1024;

/**
 * Yields `load(item)` for every item (an array, or a generator drawn from as loads start), in order, keeping up to `depth` loads in flight.
 * @example
 * for await (const bytes of readAhead(blocks, (b) => vhdx.readBlock(b), 8)) await write(bytes);
 */
export async function* readAhead<T, R>(items: Iterable<T>, load: (item: T) => Promise<R>, depth: number): AsyncGenerator<R> {
  const pending: Promise<R>[] = [];
  const source = items[Symbol.iterator]();
  let more = true;
  const fill = () => {
    while (more && pending.length < Math.max(1, depth)) {
      const item = source.next();
      if (item.done) {
        more = false;
        break;
      }
      const p = load(item.value);
      p.catch(() => {}); // observed when its turn comes; avoid an unhandled rejection meanwhile
      pending.push(p);
    }
  };
  fill();
  while (pending.length > 0) {
    const result = await pending.shift()!;
    fill();
    yield result;
  }
}

/** How many blocks of `blockSize` fit in {@link READ_AHEAD_BYTES} (at least 1). */
export function readAheadDepth(blockSize: number): number {
  return Math.max(1, Math.floor(READ_AHEAD_BYTES / blockSize));
}
