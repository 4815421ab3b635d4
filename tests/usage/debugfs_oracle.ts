/**
 * The oracle for the usage tests: per-directory sums computed from e2fsprogs alone. `debugfs ls -p`
 * gives the tree (names, inode numbers, in on-disk order), `debugfs stat` gives each inode's size,
 * "Blockcount" (i_blocks in 512-byte units) and type; the sums follow du's rules (a directory counts
 * itself, a hard-linked inode counts once, under the first path met depth-first in listing order).
 * @module
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { mustRun } from "../support/tools.ts";

/** What debugfs says about one inode. */
export interface OracleInode {
  size: number;
  blockcount: number;
  type: string;
  links: number;
}

/** Sums for one directory. */
export interface OracleDir {
  allocatedBytes: number;
  apparentBytes: number;
}

interface Listed {
  name: string;
  inode: number;
  isDir: boolean;
}

/** Runs debugfs (read-only) with one command per line, returning each command's output in order. */
function debugfsBatch(image: string, commands: string[]): string[] {
  const file = join(tmpdir(), `oracle-${process.pid}-${Date.now()}.cmds`);
  writeFileSync(file, commands.join("\n") + "\n");
  const out = mustRun("debugfs", ["-f", file, image]);
  // debugfs echoes each command read from -f as "debugfs: <command>".
  return out.split(/^debugfs: .*$/m).slice(1);
}

/** `ls -p` of many directories at once: "/ino/mode/uid/gid/name/size/" lines, "." and ".." left out. */
function listDirs(image: string, paths: string[]): Listed[][] {
  return debugfsBatch(image, paths.map((p) => `ls -p "${p}"`)).map((text) => {
    const out: Listed[] = [];
    for (const line of text.split("\n")) {
      const m = /^\/(\d+)\/(\d+)\/\d+\/\d+\/(.*)\/\d*\/$/.exec(line);
      if (!m || m[3] === "." || m[3] === ".." || m[1] === "0") continue;
      out.push({ inode: Number(m[1]), name: m[3], isDir: (parseInt(m[2], 8) & 0o170000) === 0o040000 });
    }
    return out;
  });
}

/** `stat <ino>` for each inode. */
export function statInodes(image: string, inodes: number[]): Map<number, OracleInode> {
  const outs = debugfsBatch(image, inodes.map((n) => `stat <${n}>`));
  const map = new Map<number, OracleInode>();
  outs.forEach((text, i) => {
    const size = /^User:.*Size: (\d+)/m.exec(text);
    const blocks = /Blockcount: (\d+)/.exec(text);
    const type = /Type: (\S+)/.exec(text);
    const links = /Links: (\d+)/.exec(text);
    if (!size || !blocks || !type || !links) throw new Error(`debugfs stat <${inodes[i]}> printed no size or blockcount: ${text}`);
    map.set(inodes[i], { size: Number(size[1]), blockcount: Number(blocks[1]), type: type[1], links: Number(links[1]) });
  });
  return map;
}

/** Per-directory sums of the whole tree of `image`, keyed by absolute path. */
export function oracleUsage(image: string): Map<string, OracleDir> {
  // Breadth-first listing, one debugfs run per level.
  const children = new Map<string, Listed[]>();
  const dirInode = new Map<string, number>([["/", 2]]);
  let level = ["/"];
  while (level.length > 0) {
    const listed = listDirs(image, level);
    const next: string[] = [];
    level.forEach((dir, i) => {
      children.set(dir, listed[i]);
      for (const e of listed[i]) {
        if (!e.isDir) continue;
        const p = dir === "/" ? `/${e.name}` : `${dir}/${e.name}`;
        dirInode.set(p, e.inode);
        next.push(p);
      }
    });
    level = next;
  }
  const all = new Set<number>([2]);
  for (const list of children.values()) for (const e of list) all.add(e.inode);
  const stats = statInodes(image, [...all]);
  const seen = new Set<number>();
  const sums = new Map<string, OracleDir>();
  const walk = (dir: string): OracleDir => {
    const own = stats.get(dirInode.get(dir)!)!;
    const sum = { allocatedBytes: own.blockcount * 512, apparentBytes: own.size };
    for (const e of children.get(dir) ?? []) {
      const p = dir === "/" ? `/${e.name}` : `${dir}/${e.name}`;
      if (e.isDir) {
        const sub = walk(p);
        sum.allocatedBytes += sub.allocatedBytes;
        sum.apparentBytes += sub.apparentBytes;
        continue;
      }
      const st = stats.get(e.inode)!;
      if (st.links > 1) {
        if (seen.has(e.inode)) continue;
        seen.add(e.inode);
      }
      sum.allocatedBytes += st.blockcount * 512;
      sum.apparentBytes += st.size;
    }
    sums.set(dir, sum);
    return sum;
  };
  walk("/");
  return sums;
}

/** The i_flags debugfs prints for a path ("Flags: 0x81000"). */
export function inodeFlags(image: string, path: string): number {
  const m = /Flags: (0x[0-9a-f]+)/.exec(mustRun("debugfs", ["-R", `stat "${path}"`, image]));
  if (!m) throw new Error(`debugfs printed no flags for ${path}`);
  return Number(m[1]);
}
