/**
 * The ncdu JSON export (format 1.2, https://dev.yorhel.nl/ncdu/jsonfmt), written while the usage
 * scan walks: `[1, 2, {metadata}, [{root info}, …]]`, where a directory is an array of its own info
 * object followed by its entries (arrays for subdirectories, objects for the rest). Each info holds
 * the entry's own `asize` (apparent) and `dsize` (blocks held); ncdu and gdu add them up and count
 * entries marked `hlnkc` with the same `ino` once. Streaming keeps a million entries out of memory.
 * @module
 */
import type { FsEntry } from "./fs_tree.ts";
import type { UsageVisitor } from "./scan_usage.ts";

/** Format version written: major 1, minor 2 (the `nlink` field, ncdu 1.16 and later). */
const MAJOR = 1;
const MINOR = 2;
/** Text buffered before each write to the sink. */
const FLUSH_CHARS = 1 << 20;

/** Where the export goes, in order. */
export type TextWriter = (text: string) => Promise<void>;

/** Metadata ncdu writes (and ignores on import). */
export interface NcduMetadata {
  progname: string;
  progver: string;
  /** UNIX time in seconds. */
  timestamp: number;
}

/** The entry's info object, written field by field (the same text JSON.stringify gives the object, without building it). */
function info(e: FsEntry, rootName?: string, readError = false): string {
  let text = `{"name":${JSON.stringify(rootName ?? e.name)},"asize":${e.apparentBytes},"dsize":${e.allocatedBytes},"ino":${e.inode}`;
  if (e.type !== "dir") {
    if (e.nlink > 1) text += `,"hlnkc":true`;
    text += `,"nlink":${e.nlink}`;
    if (e.type !== "file") text += `,"notreg":true`;
  }
  if (readError) text += `,"read_error":true`;
  return text + "}";
}

/**
 * A visitor for `scanUsage` that streams the ncdu export to `write`; call `finish()` after the scan.
 * @example
 * const ncdu = ncduExport(async (t) => chunks.push(t), { progname: "vhdx-shrink", progver: "1.0", timestamp: 0 });
 * await scanUsage(tree, { visitor: ncdu.visitor });
 * await ncdu.finish();
 */
export function ncduExport(write: TextWriter, meta: NcduMetadata): { visitor: UsageVisitor; finish(): Promise<void> } {
  let buffer = `[${MAJOR},${MINOR},${JSON.stringify(meta)}`;
  let depth = 0;
  /** Hands the buffer to `write` once it is full (or when `force`d); nothing to wait for otherwise. */
  const flush = (force = false): Promise<void> | undefined => {
    if (buffer.length >= FLUSH_CHARS || (force && buffer.length > 0)) {
      const text = buffer;
      buffer = "";
      return write(text);
    }
    return undefined;
  };
  const visitor: UsageVisitor = {
    enterDir(dir, unreadable) {
      buffer += `,\n[${info(dir, depth === 0 ? dir.path : undefined, unreadable !== undefined)}`;
      depth++;
      return flush();
    },
    file(entry) {
      buffer += `,\n${info(entry)}`;
      return flush();
    },
    leaveDir() {
      buffer += "]";
      depth--;
      return flush();
    },
  };
  return {
    visitor,
    async finish() {
      buffer += "]\n";
      await flush(true);
    },
  };
}
