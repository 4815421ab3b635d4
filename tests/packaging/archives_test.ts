import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { archiveFile, crc32, tarGzArchive, zipArchive } from "../../packaging/archives.ts";
import { mustRun, withTempDir } from "../support/tools.ts";

// Half random (incompressible) and half repetitive, like a binary: deflate must handle both.
const payload = new Uint8Array([...randomBytes(300_000), ...new Uint8Array(300_000).fill(7)]);

test("crc32 gives the check value of the CRC-32 used by ZIP and gzip", () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
});

test("the .zip is read back intact by unzip, holds the one named file, and is smaller than its content", async () => {
  await withTempDir(async (dir) => {
    const src = join(dir, "program.bin");
    await writeFile(src, payload);
    const zip = join(dir, "a.zip");
    await archiveFile("zip", src, "vhdx-shrink.exe", zip);
    assert.match(mustRun("unzip", ["-t", zip]), /No errors detected/);
    assert.match(mustRun("unzip", ["-Z1", zip]), /^vhdx-shrink\.exe\n$/);
    mustRun("unzip", ["-q", zip, "-d", join(dir, "out")]);
    assert.ok(readFileSync(join(dir, "out", "vhdx-shrink.exe")).equals(Buffer.from(payload)));
    assert.ok(statSync(zip).size < payload.length * 0.6);
  });
});

test("the .tar.gz is read back intact by tar, with the executable bit and no owner", async () => {
  await withTempDir(async (dir) => {
    const src = join(dir, "program.bin");
    await writeFile(src, payload);
    const tgz = join(dir, "a.tar.gz");
    await archiveFile("tar.gz", src, "vhdx-shrink", tgz);
    assert.match(mustRun("tar", ["-tvzf", tgz]), /^-rwxr-xr-x 0\/0 +600000 1970-01-01 00:00 vhdx-shrink\n$/);
    mustRun("tar", ["-xzf", tgz, "-C", dir]);
    assert.ok(readFileSync(join(dir, "vhdx-shrink")).equals(Buffer.from(payload)));
  });
});

test("archiving the same bytes twice gives the same archive bytes (reproducible hashes)", () => {
  const entry = { name: "vhdx-shrink.exe", data: payload };
  assert.deepEqual(zipArchive([entry]), zipArchive([{ ...entry, data: payload.slice() }]));
  assert.deepEqual(tarGzArchive([entry]), tarGzArchive([{ ...entry, data: payload.slice() }]));
});
