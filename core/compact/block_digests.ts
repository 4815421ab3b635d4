/**
 * Digests of the used bytes of every kept block, recorded while copying and checked against the
 * new file afterwards: XXH3-128 (hash-wasm's WebAssembly build), 16 bytes and an 8-byte file
 * offset per block, so memory stays small (1 TiB of 1 MiB blocks: 24 MiB). The check guards
 * against corruption — a bit flipped, a block written short, at the wrong offset or not at all
 * — not against an adversary crafting a collision: XXH3-128 is not cryptographic, but any accidental
 * change is missed with probability about 2^-128 per block, and it hashes several times faster than
 * SHA-256, which was most of the copy's CPU time (bench/README.md).
 * @module
 */
import type { ByteRange } from "./block_bytes.ts";

/** Bytes of each digest. */
const DIGEST_BYTES = 16;

/** The XXH3-128 hasher, once loaded (one WebAssembly instance serves every digest; each is computed in one synchronous call). */
interface Hasher {
  init(): unknown;
  update(data: Uint8Array): unknown;
  digest(format: "binary"): Uint8Array;
}
let hasher: Hasher | undefined;
let loading: Promise<void> | undefined;

/** Loads the hasher (once, on first use: commands that copy nothing never load it). */
function loadHasher(): Promise<void> {
  loading ??= import("hash-wasm").then(async ({ createXXHash128 }) => {
    hasher = await createXXHash128();
  });
  return loading;
}

/**
 * XXH3-128 of the `used` ranges of `bytes`, which hold the disk range starting at `bytesStart`.
 * Call after {@link BlockDigests.create} (which loads the hasher).
 */
export function usedDigest(bytes: Uint8Array, bytesStart: number, used: ByteRange[]): Uint8Array {
  if (!hasher) throw new Error("block digests used before BlockDigests.create() loaded the hasher");
  hasher.init();
  for (const [s, e] of used) hasher.update(bytes.subarray(s - bytesStart, e - bytesStart));
  return hasher.digest("binary").slice(0, DIGEST_BYTES);
}

/** An append-only list of (block, file offset, digest) entries in block order. */
export class BlockDigests {
  #blocks = new Uint32Array(1024);
  #offsets = new Float64Array(1024);
  #digests = new Uint8Array(1024 * DIGEST_BYTES);
  #count = 0;

  /** An empty list, with the hasher {@link usedDigest} needs loaded. */
  static async create(): Promise<BlockDigests> {
    await loadHasher();
    return new BlockDigests();
  }

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
