/**
 * What a simulated distro "contains": a few real files (os-release, passwd) and one payload file
 * standing for everything else, sized so an export is as large as the filesystem's used bytes.
 * Payload bytes are pseudo-random, not zeros, because real file data does not compact away.
 * @module
 */
import type { TarEntry } from "./tar.ts";

/** One member to write: its header and a generator of its bytes in chunks. */
export interface ContentMember {
  entry: TarEntry;
  chunks(): Iterable<Uint8Array>;
}

/** Chunk size for payload generation. */
export const CONTENT_CHUNK = 1024 * 1024;

function small(name: string, text: string, mode = 0o644): ContentMember {
  const bytes = new TextEncoder().encode(text);
  return { entry: { name, size: bytes.length, type: "0", mode }, chunks: () => [bytes] };
}
const dir = (name: string): ContentMember => ({ entry: { name, size: 0, type: "5" }, chunks: () => [] });

/** Deterministic non-zero filler (xorshift32), `size` bytes in chunks. */
function* filler(size: number, seed: number): Iterable<Uint8Array> {
  let x = seed || 1;
  for (let done = 0; done < size; done += CONTENT_CHUNK) {
    const chunk = new Uint8Array(Math.min(CONTENT_CHUNK, size - done));
    const words = new Uint32Array(chunk.buffer, 0, chunk.length >>> 2);
    for (let i = 0; i < words.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      words[i] = x >>> 0;
    }
    chunk.fill(0x5a, words.length * 4);
    yield chunk;
  }
}

/** The members of a distro with `usedBytes` in use and the given default user. */
export function distroContents(name: string, usedBytes: number, defaultUid: number): ContentMember[] {
  const user = defaultUid === 0 ? "" : `user:x:${defaultUid}:${defaultUid}:,,,:/home/user:/bin/bash\n`;
  const fixed = [
    dir("./"), dir("./etc/"), dir("./home/"), dir("./var/"), dir("./var/lib/"),
    small("./etc/os-release", `NAME="${name}"\nID=simulated\nPRETTY_NAME="${name} (simulated)"\n`),
    small("./etc/passwd", `root:x:0:0:root:/root:/bin/bash\n${user}`),
  ];
  const fixedBytes = fixed.reduce((n, m) => n + 512 + Math.ceil(m.entry.size / 512) * 512, 0);
  const payload = Math.max(0, usedBytes - fixedBytes - 512 - 1024);
  let seed = 0;
  for (const c of name) seed = (seed * 31 + c.charCodeAt(0)) >>> 0;
  return [...fixed, {
    entry: { name: "./var/lib/payload.bin", size: payload, type: "0" },
    chunks: () => filler(payload, seed),
  }];
}
