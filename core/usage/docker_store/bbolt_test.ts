// The bbolt reader on real databases written by go.etcd.io/bbolt (tests/usage/docker_bolt/make_bolt.go).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { BoltFormatError, openBolt, uvarint, varint } from "./bbolt.ts";

const FIXTURES = new URL("../../../tests/usage/docker_bolt/", import.meta.url);
const metaDb = () => new Uint8Array(readFileSync(new URL("meta.db", FIXTURES)));

test("containerd's image records are read from a real meta.db", () => {
  const images = openBolt(metaDb()).root.path("v1", "moby", "images")!;
  assert.deepEqual(images.bucketNames(), ["docker.io/library/alpine:3.20", "docker.io/library/redis:7"]);
  const target = images.path("docker.io/library/redis:7", "target")!;
  assert.equal(target.getText("mediatype"), "application/vnd.oci.image.index.v1+json");
  assert.match(target.getText("digest")!, /^sha256:[0-9a-f]{64}$/);
});

test("a bucket spread over branch and leaf pages lists every key in order", () => {
  const labels = openBolt(metaDb()).root.path("v1", "moby", "images", "docker.io/library/alpine:3.20", "labels")!;
  const keys = labels.entries().map((e) => new TextDecoder().decode(e.key));
  assert.equal(keys.length, 200);
  assert.deepEqual(keys, Array.from({ length: 200 }, (_, n) => `containerd.io/gc.ref.content.m.${String(n).padStart(3, "0")}`));
});

test("a snapshotter's metadata.db gives folder numbers as Go uvarints", () => {
  const snaps = openBolt(new Uint8Array(readFileSync(new URL("metadata.db", FIXTURES)))).root.path("v1", "snapshots")!;
  const ids = snaps.bucketNames().map((n) => uvarint(snaps.bucket(n)!.get("id")));
  assert.deepEqual(ids.sort(), [1, 2, 3, 4, 5]);
});

test("Go's varint and uvarint decode as encoding/binary writes them", () => {
  assert.equal(uvarint(Uint8Array.of(0xac, 0x02)), 300);
  assert.equal(varint(Uint8Array.of(0x03)), -2);
  assert.equal(varint(Uint8Array.of(0xd8, 0x04)), 300);
  assert.equal(uvarint(Uint8Array.of(0x80)), null);
});

test("bytes without a valid meta page are refused", () => {
  assert.throws(() => openBolt(new Uint8Array(16384)), BoltFormatError);
  const damaged = metaDb();
  damaged[16] ^= 0xff; // magic of meta page 0
  damaged[4096 + 16] ^= 0xff; // and of meta page 1
  assert.throws(() => openBolt(damaged), /no valid meta page/);
});

test("a branch page that points at itself is refused instead of looping", () => {
  const bytes = metaDb();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let patched = false;
  for (let id = 2; id * 4096 < bytes.length && !patched; id++) {
    const at = id * 4096;
    if (view.getUint16(at + 8, true) === 0x01 && view.getUint16(at + 10, true) > 0) {
      view.setBigUint64(at + 16 + 8, BigInt(id), true); // first element's child = this page
      patched = true;
    }
  }
  assert.ok(patched, "the fixture has a branch page");
  const labels = openBolt(bytes).root.path("v1", "moby", "images", "docker.io/library/alpine:3.20", "labels")!;
  assert.throws(() => labels.entries(), /referenced twice|deeper than/);
});
