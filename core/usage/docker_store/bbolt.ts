/**
 * A read-only reader of bbolt databases (containerd's `meta.db` and snapshotter `metadata.db`),
 * enough to walk buckets and read values offline [etcd-io/bbolt: page.go, db.go, bucket.go;
 * docs/disk-contents.md §3]. Sans-I/O: it reads a whole database file given as bytes. Work is
 * bounded: a page met twice (a cycle in a damaged file) or a tree deeper than {@link MAX_DEPTH}
 * is refused with {@link BoltFormatError}, never looped on.
 * @module
 */

/** Meta page magic [bbolt db.go `magic`]. */
export const BOLT_MAGIC = 0xed0cdaed;
/** The file format version this reader knows [bbolt db.go `version`]. */
export const BOLT_VERSION = 2;
/** Page header: id u64, flags u16, count u16, overflow u32 [bbolt page.go `page`]. */
const PAGE_HEADER = 16;
/** Branch and leaf elements are 16 bytes each [bbolt page.go]. */
const ELEMENT = 16;
const BRANCH_PAGE = 0x01;
const LEAF_PAGE = 0x02;
const META_PAGE = 0x04;
/** Leaf element flag: the value is a sub-bucket [bbolt page.go `bucketLeafFlag`]. */
const BUCKET_LEAF = 0x01;
/** Bucket header in a value: root pgid u64, sequence u64; root 0 = an inline page follows [bbolt bucket.go]. */
const BUCKET_HEADER = 16;
/** Deepest B+tree accepted (real databases stay under ten). */
export const MAX_DEPTH = 32;

/** The bytes are not a bbolt database this reader understands. */
export class BoltFormatError extends Error {}

/** One key in a bucket: a value, or a sub-bucket. */
export interface BoltEntry {
  key: Uint8Array;
  /** The value; null for a sub-bucket. */
  value: Uint8Array | null;
}

/** A bucket: its entries in key order and its sub-buckets by name. */
export class BoltBucket {
  readonly #db: BoltDb;
  readonly #root: number;
  readonly #inline: Uint8Array | null;
  #entries: Map<string, { value: Uint8Array; isBucket: boolean }> | null = null;
  readonly #children = new Map<string, BoltBucket>();

  constructor(db: BoltDb, root: number, inline: Uint8Array | null) {
    this.#db = db;
    this.#root = root;
    this.#inline = inline;
  }

  /** Every key with its value (null for sub-buckets), in key order. */
  entries(): BoltEntry[] {
    return [...this.#load()].map(([k, e]) => ({ key: latin1Bytes(k), value: e.isBucket ? null : e.value }));
  }

  /** Names of the sub-buckets, decoded as UTF-8. */
  bucketNames(): string[] {
    return [...this.#load()].filter(([, e]) => e.isBucket).map(([k]) => utf8(latin1Bytes(k)));
  }

  /** The value at `key`, or null when absent or a sub-bucket. */
  get(key: string): Uint8Array | null {
    const e = this.#load().get(toLatin1(key));
    return e && !e.isBucket ? e.value : null;
  }

  /** The value at `key` as UTF-8 text, or null. */
  getText(key: string): string | null {
    const v = this.get(key);
    return v === null ? null : utf8(v);
  }

  /** The sub-bucket at `key`, or null. */
  bucket(key: string): BoltBucket | null {
    const k = toLatin1(key);
    const cached = this.#children.get(k);
    if (cached) return cached;
    const e = this.#load().get(k);
    if (!e || !e.isBucket) return null;
    const child = this.#db.bucketFrom(e.value);
    this.#children.set(k, child);
    return child;
  }

  /** The sub-bucket at a path of keys, or null when any step is missing. */
  path(...keys: string[]): BoltBucket | null {
    let b: BoltBucket | null = this;
    for (const k of keys) b = b?.bucket(k) ?? null;
    return b;
  }

  #load(): Map<string, { value: Uint8Array; isBucket: boolean }> {
    if (this.#entries) return this.#entries;
    const out = new Map<string, { value: Uint8Array; isBucket: boolean }>();
    // Each page of a bucket's tree is reached once: meeting one twice means the file is damaged.
    const seen = new Set<number>();
    const pageOnce = (id: number) => {
      if (seen.has(id)) throw new BoltFormatError(`bbolt page ${id} is referenced twice`);
      seen.add(id);
      return this.#db.page(id);
    };
    const visit = (page: Uint8Array, depth: number) => {
      if (depth > MAX_DEPTH) throw new BoltFormatError(`bbolt tree deeper than ${MAX_DEPTH}`);
      const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
      const flags = view.getUint16(8, true);
      const count = view.getUint16(10, true);
      if (PAGE_HEADER + count * ELEMENT > page.length) throw new BoltFormatError("bbolt page elements run past the page");
      for (let i = 0; i < count; i++) {
        const at = PAGE_HEADER + i * ELEMENT;
        if (flags & LEAF_PAGE) {
          const eflags = view.getUint32(at, true);
          const pos = view.getUint32(at + 4, true);
          const ksize = view.getUint32(at + 8, true);
          const vsize = view.getUint32(at + 12, true);
          const start = at + pos;
          if (start + ksize + vsize > page.length) throw new BoltFormatError("bbolt leaf element runs past its page");
          out.set(latin1(page.subarray(start, start + ksize)), { value: page.subarray(start + ksize, start + ksize + vsize), isBucket: (eflags & BUCKET_LEAF) !== 0 });
        } else if (flags & BRANCH_PAGE) {
          visit(pageOnce(Number(view.getBigUint64(at + 8, true))), depth + 1);
        } else {
          throw new BoltFormatError(`bbolt page of unexpected kind 0x${flags.toString(16)} inside a bucket`);
        }
      }
    };
    visit(this.#inline ?? pageOnce(this.#root), 0);
    this.#entries = out;
    return out;
  }
}

/** An opened database: its page size and the root bucket. */
export class BoltDb {
  readonly bytes: Uint8Array;
  readonly pageSize: number;
  readonly root: BoltBucket;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    const meta = pickMeta(bytes);
    this.pageSize = meta.pageSize;
    this.root = new BoltBucket(this, meta.root, null);
  }

  /** The bytes of page `id` with its overflow pages. */
  page(id: number): Uint8Array {
    const start = id * this.pageSize;
    if (id < 2 || start + PAGE_HEADER > this.bytes.length) throw new BoltFormatError(`bbolt page ${id} is outside the file`);
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + start, PAGE_HEADER);
    const overflow = view.getUint32(12, true);
    const end = start + (overflow + 1) * this.pageSize;
    if (end > this.bytes.length) throw new BoltFormatError(`bbolt page ${id} runs past the end of the file`);
    return this.bytes.subarray(start, end);
  }

  /** The bucket a bucket value describes (inline page or root page). */
  bucketFrom(value: Uint8Array): BoltBucket {
    if (value.length < BUCKET_HEADER) throw new BoltFormatError("bbolt bucket value shorter than its header");
    const root = Number(new DataView(value.buffer, value.byteOffset, BUCKET_HEADER).getBigUint64(0, true));
    return new BoltBucket(this, root, root === 0 ? value.subarray(BUCKET_HEADER) : null);
  }
}

/**
 * Opens a bbolt database held in memory.
 * @throws BoltFormatError when neither meta page is valid
 * @example
 * const db = openBolt(bytes);
 * const images = db.root.path("v1", "moby", "images");
 */
export function openBolt(bytes: Uint8Array): BoltDb {
  return new BoltDb(bytes);
}

interface Meta {
  pageSize: number;
  root: number;
  txid: bigint;
}

/** The valid meta page (0 or 1) with the higher transaction ID [bbolt db.go `meta`, `validate`]. */
function pickMeta(bytes: Uint8Array): Meta {
  const read = (offset: number): Meta | null => {
    if (offset + PAGE_HEADER + 64 > bytes.length) return null;
    const v = new DataView(bytes.buffer, bytes.byteOffset + offset, PAGE_HEADER + 64);
    if (!(v.getUint16(8, true) & META_PAGE)) return null;
    const m = PAGE_HEADER;
    if (v.getUint32(m, true) !== BOLT_MAGIC || v.getUint32(m + 4, true) !== BOLT_VERSION) return null;
    // checksum: FNV-1a 64 of the meta fields before it (magic … txid).
    if (fnv1a64(bytes.subarray(offset + m, offset + m + 56)) !== v.getBigUint64(m + 56, true)) return null;
    return { pageSize: v.getUint32(m + 8, true), root: Number(v.getBigUint64(m + 16, true)), txid: v.getBigUint64(m + 48, true) };
  };
  const first = read(0);
  const second = first ? read(first.pageSize) : [4096, 8192, 16384, 65536].map(read).find((m) => m !== null) ?? null;
  const metas = [first, second].filter((m): m is Meta => m !== null && m.pageSize >= 512 && (m.pageSize & (m.pageSize - 1)) === 0);
  if (metas.length === 0) throw new BoltFormatError("not a bbolt database (no valid meta page)");
  return metas.reduce((a, b) => (b.txid > a.txid ? b : a));
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK64 = (1n << 64n) - 1n;

function fnv1a64(data: Uint8Array): bigint {
  let h = FNV_OFFSET;
  for (const b of data) h = ((h ^ BigInt(b)) * FNV_PRIME) & MASK64;
  return h;
}

/** Decodes Go's `binary.Uvarint`; null when malformed. */
export function uvarint(b: Uint8Array | null): number | null {
  if (!b) return null;
  let x = 0;
  let scale = 1;
  for (let i = 0; i < b.length && i < 10; i++) {
    x += (b[i] & 0x7f) * scale;
    if (b[i] < 0x80) return x;
    scale *= 128;
  }
  return null;
}

/** Decodes Go's `binary.Varint` (zig-zag); null when malformed. */
export function varint(b: Uint8Array | null): number | null {
  const u = uvarint(b);
  if (u === null) return null;
  return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
}

function latin1(b: Uint8Array): string {
  let s = "";
  for (const c of b) s += String.fromCharCode(c);
  return s;
}

function latin1Bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

function toLatin1(text: string): string {
  return latin1(new TextEncoder().encode(text));
}

function utf8(b: Uint8Array): string {
  return new TextDecoder().decode(b);
}
