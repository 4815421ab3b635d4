import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { compactFile } from "../../core/compact/mod.ts";
import { TargetBusyError, UntrustedFilesystemError } from "../../core/errors.ts";
import { detectHost } from "../../core/host/detect.ts";
import type { Host } from "../../core/host/host.ts";
import { withTempDir } from "../support/tools.ts";
import { type DiskRecipe, makeBloatedDisk, sha256File } from "./support.ts";

/** A real host whose files all look locked (a running VM holds them). */
function lockedHost(): Host {
  const host = detectHost();
  const fs = Object.create(host.fs);
  fs.isLocked = () => Promise.resolve(true);
  const h = Object.create(host);
  Object.defineProperty(h, "fs", { value: fs });
  return h;
}

const CASES: Array<{ name: string; recipe: DiskRecipe; host?: () => Host; error: new (...a: never[]) => Error }> = [
  { name: "a dirty ext4 (state 0)", recipe: { size: "32M", garbageMiB: 4, debugfsAfter: ["ssv state 0"] }, error: UntrustedFilesystemError },
  { name: "an ext4 that needs journal recovery", recipe: { size: "32M", garbageMiB: 4, debugfsAfter: ["feature needs_recovery"] }, error: UntrustedFilesystemError },
  { name: "a locked file", recipe: { size: "32M", garbageMiB: 4 }, host: lockedHost, error: TargetBusyError },
];

for (const c of CASES) {
  for (const mode of ["copy", "in-place"] as const) {
    test(`${mode} mode refuses ${c.name}, leaving the original byte-identical and no output`, async () => {
      await withTempDir(async (dir) => {
        const disk = await makeBloatedDisk(dir, c.recipe);
        const before = await sha256File(disk);
        const listing = await readdir(dir);
        const output = mode === "copy" ? join(dir, "new.vhdx") : undefined;
        await assert.rejects(compactFile((c.host ?? detectHost)(), disk, { output }), c.error);
        assert.equal(await sha256File(disk), before);
        assert.deepEqual(await readdir(dir), listing, "no output, partial file or backup is left");
      });
    });
  }
}
