/**
 * What grew and what shrank between two `usage --json` documents of the same disk (or the data a
 * saved HTML report carries): per folder of the report's depth, and per Docker image, in allocated
 * bytes. Plain data; the CLI renders it as text, JSON and in the HTML report.
 * @module
 */

/** One folder or image whose size changed. */
export interface UsageChange {
  /** A folder's path, or an image's `repository:tag`. */
  name: string;
  /** Allocated bytes before (0: it was not there). */
  before: number;
  /** Allocated bytes after (0: it is gone). */
  after: number;
  /** after − before. */
  change: number;
}

/** The difference between two usage documents. */
export interface UsageDiff {
  /** The whole tree's allocated bytes, before and after. */
  before: number;
  after: number;
  /** Folders, biggest change first (unchanged ones left out). */
  folders: UsageChange[];
  /** Docker images, biggest change first (unchanged ones left out). */
  images: UsageChange[];
}

/** The parts of a `usage --json` target document the diff reads. */
export interface UsageDoc {
  allocatedBytes: number;
  entries: { path: string; allocatedBytes: number }[];
  docker?: { stores?: { images?: { name: string; allocatedBytes?: number; size?: number }[] }[] } | null;
}

/**
 * The changes from `before` to `after`.
 * @example
 * const d = usageDiff(JSON.parse(old).targets[0], JSON.parse(now).targets[0]);
 * for (const f of d.folders) console.log(f.name, f.change);
 */
export function usageDiff(before: UsageDoc, after: UsageDoc): UsageDiff {
  return {
    before: before.allocatedBytes,
    after: after.allocatedBytes,
    folders: changes(sizes(before.entries.map((e) => [e.path, e.allocatedBytes])), sizes(after.entries.map((e) => [e.path, e.allocatedBytes]))),
    images: changes(imageSizes(before), imageSizes(after)),
  };
}

function imageSizes(doc: UsageDoc): Map<string, number> {
  const pairs: [string, number][] = [];
  for (const s of doc.docker?.stores ?? []) for (const i of s.images ?? []) pairs.push([i.name, i.allocatedBytes ?? i.size ?? 0]);
  return sizes(pairs);
}

function sizes(pairs: [string, number][]): Map<string, number> {
  const m = new Map<string, number>();
  for (const [k, v] of pairs) m.set(k, (m.get(k) ?? 0) + v);
  return m;
}

function changes(before: Map<string, number>, after: Map<string, number>): UsageChange[] {
  const out: UsageChange[] = [];
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(name) ?? 0;
    const a = after.get(name) ?? 0;
    if (a !== b) out.push({ name, before: b, after: a, change: a - b });
  }
  return out.sort((x, y) => Math.abs(y.change) - Math.abs(x.change) || (x.name < y.name ? -1 : 1));
}
