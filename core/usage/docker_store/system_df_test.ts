import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { imagesFigures, type StoredImage } from "./system_df.ts";
import { chainIds } from "./chain_id.ts";

const d = (n: number) => "sha256:" + String(n).repeat(64).slice(0, 64);
const image = (id: string, refs: string[], diffIds: string[], parentId: string | null = null): StoredImage => ({ id, refs, diffIds, parentId, created: null });

test("a chain ID is the SHA-256 of the parent chain ID, a space and the diff ID", () => {
  const expected = "sha256:" + createHash("sha256").update(`${d(1)} ${d(2)}`).digest("hex");
  assert.deepEqual(chainIds([d(1), d(2)]), [d(1), expected]);
  assert.deepEqual(chainIds([]), []);
});

test("an untagged image with a child is not listed, but its layers still count as shared", () => {
  const [l1, l2, l3] = chainIds([d(1), d(2), d(3)]);
  const sizes = new Map([[l1, 100], [l2, 20], [l3, 3]]);
  const figures = imagesFigures([
    image("sha256:parent", [], [d(1), d(2)]),
    image("sha256:child", ["app:1"], [d(1), d(2), d(3)], "sha256:parent"),
  ], sizes, []);
  assert.deepEqual(figures.images.map((i) => [i.id, i.size, i.sharedSize, i.uniqueSize]), [["sha256:child", 123, 120, 3]]);
  assert.equal(figures.totalSize, 123);
});

test("an untagged image without children is listed as dangling", () => {
  const [l1] = chainIds([d(1)]);
  const figures = imagesFigures([image("sha256:x", [], [d(1)])], new Map([[l1, 5]]), []);
  assert.deepEqual(figures.images.map((i) => [i.refs.length, i.size, i.sharedSize]), [[0, 5, 0]]);
});

test("reclaimable leaves out the unique size of images that containers use", () => {
  const [a1, a2] = chainIds([d(1), d(2)]);
  const [, b2] = chainIds([d(1), d(3)]);
  const sizes = new Map([[a1, 1000], [a2, 10], [b2, 200]]);
  const figures = imagesFigures([image("sha256:a", ["a:1"], [d(1), d(2)]), image("sha256:b", ["b:1"], [d(1), d(3)])], sizes, ["sha256:a", "sha256:a"]);
  assert.equal(figures.totalSize, 1210);
  assert.equal(figures.active, 1);
  assert.equal(figures.images.find((i) => i.id === "sha256:a")!.containers, 2);
  assert.equal(figures.reclaimable, 1210 - 10);
});

test("a layer missing from layerdb is named, and left out of the sizes", () => {
  const [l1, l2] = chainIds([d(1), d(2)]);
  const figures = imagesFigures([image("sha256:a", ["a:1"], [d(1), d(2)])], new Map([[l1, 7]]), []);
  assert.deepEqual([figures.images[0].size, figures.images[0].missingLayers], [7, [l2]]);
});
