import { test } from "node:test";
import assert from "node:assert/strict";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { compactFile } from "../../core/compact/mod.ts";
import { detectHost } from "../../core/host/detect.ts";
import { mustRun, toRaw, toVhdx, withTempDir } from "../support/tools.ts";
import { MiB, patternBytes, sha256File } from "./support.ts";

test("a disk without a filesystem we read loses only its all-zero blocks, says so, and reads back identically", async () => {
  await withTempDir(async (dir) => {
    const raw = join(dir, "src.raw"), vhdx = join(dir, "src.vhdx"), out = join(dir, "out.vhdx"), back = join(dir, "back.raw");
    const fh = await open(raw, "wx");
    await fh.truncate(48 * MiB);
    await fh.write(patternBytes(3 * MiB, 1), 0, 3 * MiB, 8 * MiB + 100);
    await fh.write(patternBytes(5000, 2), 0, 5000, 30 * MiB);
    await fh.close();
    toVhdx(raw, vhdx);
    // qemu-img drops zero blocks itself; write explicit zero blocks so there is something to reclaim
    mustRun("qemu-io", ["-f", "vhdx", "-c", "write -P 0 16M 8M", vhdx]);
    const r = await compactFile(detectHost(), vhdx, { output: out });
    assert.match(r.notes.join(" "), /not understood: only zero blocks can be reclaimed/);
    assert.equal(r.keptBlocks, 5);
    assert.equal(r.droppedBlocks, 8, "the 8 MiB of written zeros were allocated and are dropped");
    toRaw(out, back);
    assert.equal(await sha256File(back), await sha256File(raw));
    mustRun("qemu-img", ["check", "-f", "vhdx", out]);
  });
});
