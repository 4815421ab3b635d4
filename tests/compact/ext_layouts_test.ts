import { test } from "node:test";
import assert from "node:assert/strict";
import { checkBothModes } from "./both_modes.ts";

const LAYOUTS = [
  { name: "ext4 with 4 KiB blocks, 64bit, flex_bg and metadata_csum (like WSL)", type: "ext4" as const, mkfsArgs: ["-b", "4096", "-O", "64bit,flex_bg,metadata_csum"] },
  { name: "ext4 without 64bit, flex_bg or metadata_csum", type: "ext4" as const, mkfsArgs: ["-O", "^64bit,^flex_bg,^metadata_csum"] },
  { name: "ext3", type: "ext3" as const, mkfsArgs: [] },
];

for (const l of LAYOUTS) {
  test(`${l.name}: both modes drop the deleted data and keep every file`, async () => {
    const r = await checkBothModes({ size: "96M", type: l.type, mkfsArgs: l.mkfsArgs, garbageMiB: 40, smallFiles: 60 });
    assert.ok(r.copy.sizeAfter < r.before - 30 * 2 ** 20, `copy ${r.copy.sizeAfter} vs ${r.before}`);
    assert.ok(r.inPlace.sizeAfter < r.before - 30 * 2 ** 20, `in place ${r.inPlace.sizeAfter} vs ${r.before}`);
    assert.ok(r.copy.droppedBlocks >= 30);
  });
}
