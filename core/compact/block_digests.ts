/**
 * Digests of the used bytes of every kept block, recorded while copying and checked against the
 * new file afterwards. 16 bytes of SHA-256 and an 8-byte file offset per block keep memory small
 * (1 TiB of 1 MiB blocks: 24 MiB) while still catching any corruption.
 * @module
 */
import { createHash } from "node:crypto";
import type { ByteRange } from "./block_bytes.ts";

/** Bytes kept of each SHA-256 digest. */
const DIGEST_BYTES = 16;

/** SHA-256 (truncated) of the `used` ranges of `bytes`, which hold the disk range starting at `bytesStart`. */
export function usedDigest(bytes: Uint8Array, bytesStart: number, used: ByteRange[]): Uint8Array {
  const h = createHash("sha256");
  for (const [s, e] of used) h.update(bytes.subarray(s - bytesStart, e - bytesStart));
  return new Uint8Array(h.digest().buffer, 0, DIGEST_BYTES).slice();
}

/** An append-only list of (block, file offset, digest) entries in block order. */
export class BlockDigests {
  #blocks = new Uint32Array(1024);
  #offsets = new Float64Array(1024);
  #digests = new Uint8Array(1024 * DIGEST_BYTES);
  #count = 0;

  /** Number of recorded blocks. */
  get count(): number {
    return this.#count;
  }

  /** Records `digest` for `block`, written at `fileOffset` of the new file (blocks must come in increasing order). */
  add(block: number, digest: Uint8Array, fileOffset = 0): void {
    if (this.#count === this.#blocks.length) this.#grow();
    this.#blocks[this.#count] = block;
    this.#offsets[this.#count] = fileOffset;
    this.#digests.set(digest.subarray(0, DIGEST_BYTES), this.#count * DIGEST_BYTES);
    this.#count++;
  }

  /** The block number of entry `n`. */
  block(n: number): number {
    return this.#blocks[n];
  }

  /** The file offset entry `n` was written at. */
  fileOffset(n: number): number {
    return this.#offsets[n];
  }

  /** Whether entry `n` matches `digest`. */
  matches(n: number, digest: Uint8Array): boolean {
    const at = n * DIGEST_BYTES;
    for (let i = 0; i < DIGEST_BYTES; i++) if (this.#digests[at + i] !== digest[i]) return false;
    return true;
  }

  #grow(): void {
    const blocks = new Uint32Array(this.#blocks.length * 2);
    blocks.set(this.#blocks);
    const offsets = new Float64Array(this.#offsets.length * 2);
    offsets.set(this.#offsets);
    const digests = new Uint8Array(this.#digests.length * 2);
    digests.set(this.#digests);
    this.#blocks = blocks;
    this.#offsets = offsets;
    this.#digests = digests;
  }
}
