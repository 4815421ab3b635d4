/**
 * Layer chain IDs: how Docker (layerdb directory names) and containerd (image snapshot keys) name
 * the stack of layers an image's `rootfs.diff_ids` describe.
 * @module
 */
import { createHash } from "node:crypto";

/**
 * The chain ID of every prefix of `diffIds`: c1 = d1, ck = "sha256:" + hex(SHA-256(c(k-1) + " " + dk))
 * (moby/moby layer/layer.go CreateChainID; docs/disk-contents.md §2).
 * @example
 * chainIds(["sha256:aa…", "sha256:bb…"]); // ["sha256:aa…", "sha256:<hash of 'sha256:aa… sha256:bb…'>"]
 */
export function chainIds(diffIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const diffId of diffIds) {
    const parent = out[out.length - 1];
    out.push(parent === undefined ? diffId : "sha256:" + createHash("sha256").update(`${parent} ${diffId}`).digest("hex"));
  }
  return out;
}

/** The hex part of a `sha256:<hex>` digest (the name of its directory in layerdb or imagedb). */
export function digestHex(digest: string): string {
  const i = digest.indexOf(":");
  return i < 0 ? digest : digest.slice(i + 1);
}
