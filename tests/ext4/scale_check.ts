/**
 * Scale check (not part of the test suite): `node --import tsx tests/ext4/scale_check.ts [size]`
 * makes a sparse ext4 image (default 1T, lazy inode table and journal init) holding a few files,
 * times analyzeFilesystem with and without the cross-check, and prints memory use. It compares
 * the free block count with dumpe2fs.
 * @module
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { analyzeImage, dumpe2fsFreeBlocks, noise } from "./fixtures.ts";
import { makeExt4Image, withTempDir } from "../support/tools.ts";

const size = process.argv[2] ?? "1T";
await withTempDir(async (dir) => {
  await mkdir(join(dir, "src"));
  await writeFile(join(dir, "src", "a.bin"), noise(20 * 1024 * 1024, 1));
  await writeFile(join(dir, "src", "b.txt"), "hello\n");
  const img = join(dir, "big.img");
  let t = performance.now();
  makeExt4Image(img, { size, mkfsArgs: ["-E", "lazy_itable_init=1,lazy_journal_init=1"], populateFrom: join(dir, "src") });
  console.log(`mke2fs ${size}: ${(performance.now() - t).toFixed(0)} ms`);
  for (const crossCheck of [false, true, false, true]) {
    const before = process.memoryUsage();
    t = performance.now();
    const r = await analyzeImage(img, crossCheck);
    const ms = performance.now() - t;
    const after = process.memoryUsage();
    console.log(`analyzeFilesystem crossCheck=${crossCheck}: ${ms.toFixed(0)} ms, trusted=${r.trusted} ${r.reason ?? ""}`);
    console.log(`  blocks=${r.totalBlocks} free=${r.freeBlocks} (dumpe2fs ${dumpe2fsFreeBlocks(img)}), map ${r.usedMap?.bits.length} bytes`);
    console.log(`  rss ${(after.rss / 2 ** 20).toFixed(0)} MiB, arrayBuffers +${((after.arrayBuffers - before.arrayBuffers) / 2 ** 20).toFixed(1)} MiB`);
  }
});
