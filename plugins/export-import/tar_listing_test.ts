import { test } from "node:test";
import assert from "node:assert/strict";
import { MemoryBlockFile } from "../../core/io/block_file.ts";
import { listTar, parseHeader, TarListingError } from "./tar_listing.ts";
import { tarHeader, tarPadding, TAR_END } from "../../simulated/tar.ts";
import { minimumExportSize } from "./verify_export.ts";

function archive(members: { name: string; data: Uint8Array; type?: "0" | "5" }[], end = true): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const m of members) {
    parts.push(tarHeader({ name: m.name, size: m.data.length, type: m.type ?? "0" }), m.data, new Uint8Array(tarPadding(m.data.length)));
  }
  if (end) parts.push(TAR_END);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

const passwd = new TextEncoder().encode("root:x:0:0:root:/root:/bin/bash\n");

test("a complete archive lists its members, data bytes and the wanted files' sizes", async () => {
  const bytes = archive([{ name: "./", data: new Uint8Array(0), type: "5" }, { name: "./etc/passwd", data: passwd }, { name: "./big", data: new Uint8Array(5000).fill(7) }]);
  const l = await listTar(new MemoryBlockFile(bytes), ["etc/passwd"]);
  assert.equal(l.members, 3);
  assert.equal(l.dataBytes, passwd.length + 5000);
  assert.deepEqual(l.found, { "etc/passwd": passwd.length });
  assert.equal(l.archiveBytes, bytes.length);
});

test("a truncated archive is refused: member past the end, or no end marker", async () => {
  const full = archive([{ name: "./etc/passwd", data: passwd }, { name: "./big", data: new Uint8Array(5000).fill(7) }]);
  await assert.rejects(listTar(new MemoryBlockFile(full.slice(0, 1536))), (e: Error) => e instanceof TarListingError && /runs past the end/.test(e.message));
  await assert.rejects(listTar(new MemoryBlockFile(archive([{ name: "./etc/passwd", data: passwd }], false))), /no end-of-archive marker/);
});

test("a flipped header byte fails the checksum", () => {
  const h = tarHeader({ name: "./etc/passwd", size: 10, type: "0" });
  h[3] ^= 1;
  assert.throws(() => parseHeader(h), /checksum/);
});

test("the export size floor ignores filesystem metadata and allows compression-free halving", () => {
  assert.equal(minimumExportSize(100 * 1024 * 1024, 1024 ** 3), 0);
  assert.equal(minimumExportSize(10 * 1024 ** 3, 64 * 1024 ** 3), Math.floor((10 * 1024 ** 3 - 128 * 1024 ** 2 - 1024 ** 3) * 0.5));
});
