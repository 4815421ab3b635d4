/**
 * SHA-256 of release files, streamed (the binaries are over 100 MB), and the `sha256sum` text format
 * that `SHA256SUMS` uses and Scoop's autoupdate reads.
 * @module
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** SHA-256 of a file as lower-case hex. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Uint8Array);
  return hash.digest("hex");
}

/**
 * Formats `name → digest` pairs as `sha256sum` prints them: digest, two spaces (text mode), name.
 * @example
 * formatSha256Sums({ "a.exe": "00".repeat(32) }); // "0000…00  a.exe\n"
 */
export function formatSha256Sums(sums: Record<string, string>): string {
  return Object.entries(sums).map(([name, digest]) => `${digest}  ${name}\n`).join("");
}

/** Parses `sha256sum` output back into `name → digest` (a leading `*` marks binary mode). */
export function parseSha256Sums(text: string): Record<string, string> {
  const sums: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
    if (m) sums[m[2]] = m[1].toLowerCase();
  }
  return sums;
}
