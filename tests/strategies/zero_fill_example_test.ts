// The third-party example examples/zero-fill-strategy.mjs, loaded by --plugin exactly as a user
// would load it, run on a real qemu-img-made VHDX and judged by qemu-img: the copy passes
// `qemu-img check`, its virtual disk is byte-identical to the source's, and the source is untouched.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { mustRun, run, toRaw, withTempDir } from "../support/tools.ts";
import { runCli } from "../support/cli.ts";

const EXAMPLE = fileURLToPath(new URL("../../examples/zero-fill-strategy.mjs", import.meta.url));
const MiB = 1024 * 1024;
/** Blocks of the 16 MiB fixture that hold data; the other eleven are allocated but all zeros. */
const DATA_BLOCKS = [0, 1, 2, 7, 15];

/** A 16 MiB VHDX with every 1 MiB block allocated (qemu-img -S 0 keeps zero blocks), five of them holding data. */
function zeroPaddedVhdx(dir: string): { vhdx: string; raw: string } {
  const raw = join(dir, "disk.raw");
  const bytes = new Uint8Array(16 * MiB);
  for (const b of DATA_BLOCKS) for (let i = 0; i < MiB; i += 4096) bytes[b * MiB + i] = ((b * 7 + i / 4096) % 251) + 1;
  bytes[15 * MiB + MiB - 1] = 0xff; // data in a block's last byte only
  writeFileSync(raw, bytes);
  const vhdx = join(dir, "disk.vhdx");
  mustRun("qemu-img", ["convert", "-S", "0", "-f", "raw", "-O", "vhdx", "-o", "subformat=dynamic,block_size=1M", raw, vhdx]);
  return { vhdx, raw };
}

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

test("the zero-fill example, loaded with --plugin, drops the all-zero blocks and keeps every byte of the virtual disk", async () => {
  await withTempDir(async (dir) => {
    const { vhdx, raw } = zeroPaddedVhdx(dir);
    const before = sha(vhdx);
    const output = join(dir, "small.vhdx");
    const r = await runCli(["--plugin", EXAMPLE, "--strategy", "zero-fill", "--target", vhdx, "--output", output, "--yes", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.strategy, "zero-fill");
    assert.deepEqual(report.keptFiles, [output]);
    assert.match(report.notes[0], /kept 5 blocks, dropped 11 all-zero blocks/);
    const check = run("qemu-img", ["check", "-f", "vhdx", output]);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const copyRaw = join(dir, "copy.raw");
    toRaw(output, copyRaw);
    assert.ok(Buffer.from(readFileSync(copyRaw)).equals(readFileSync(raw)), "virtual disk differs from the source");
    // A new VHDX is 4 MiB of structures (header, log, metadata, BAT: 1 MiB each) plus its payload blocks.
    assert.equal(statSync(output).size, 4 * MiB + DATA_BLOCKS.length * MiB, "only the data blocks are stored");
    assert.equal(report.sizeAfter, statSync(output).size);
    assert.equal(sha(vhdx), before, "the source must only be read");
  });
});

test("the zero-fill example refuses to run without --output and changes nothing", async () => {
  await withTempDir(async (dir) => {
    const { vhdx } = zeroPaddedVhdx(dir);
    const before = sha(vhdx);
    const r = await runCli(["--plugin", EXAMPLE, "--strategy", "zero-fill", "--target", vhdx, "--yes"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: zero-fill writes a new file: give it with --output; nothing was changed/);
    assert.equal(sha(vhdx), before);
  });
});

test("the zero-fill example's option is listed by plugins --json with its help", async () => {
  const r = await runCli(["plugins", "--json", "--plugin", EXAMPLE]);
  assert.equal(r.code, 0, r.stderr);
  const entry = JSON.parse(r.stdout).plugins.find((p: { name: string }) => p.name === "zero-fill");
  assert.deepEqual(entry.options, [{ name: "output", type: "string", description: "write the compacted disk to this new file" }]);
});
