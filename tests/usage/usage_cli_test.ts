/**
 * `vhdx-shrink usage` end to end on a real VHDX (mke2fs -d, then a file written and deleted with
 * debugfs, then qemu-img): the JSON entries against the e2fsprogs oracle, the "deleted but still in
 * the VHDX" figure against `analyze`, the ncdu export's structure and sums, and the text screen.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { noise } from "../ext4/fixtures.ts";
import { runCli } from "../support/cli.ts";
import { mustRun, run, withTempDir } from "../support/tools.ts";
import { oracleUsage } from "./debugfs_oracle.ts";
import { buildUsageImage, DEBUGFS_EDITS, writeUsageTree } from "./usage_fixtures.ts";

async function fixture(dir: string): Promise<{ raw: string; vhdx: string }> {
  const src = join(dir, "src");
  await mkdir(src);
  await writeUsageTree(src, 200);
  await writeFile(join(dir, "junk.bin"), noise(6 * 1024 * 1024, 99));
  const raw = join(dir, "fs.img");
  const vhdx = join(dir, "fs.vhdx");
  // 6 MiB written then deleted: its blocks stay in the VHDX until native compaction drops them.
  buildUsageImage(raw, vhdx, src, { size: "64M", mkfsArgs: ["-b", "4096"] }, [...DEBUGFS_EDITS, `write ${join(dir, "junk.bin")} /junk.bin`, "rm /junk.bin"]);
  return { raw, vhdx };
}

interface Entry {
  path: string;
  depth: number;
  allocatedBytes: number;
  apparentBytes: number;
}

test("usage --json lists every folder down to --depth with sums equal to the oracle's, and the deleted-data gap analyze implies", async () => {
  await withTempDir(async (dir) => {
    const { raw, vhdx } = await fixture(dir);
    const r = await runCli(["usage", vhdx, "--json", "--depth", "2"]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout).targets[0];
    const oracle = oracleUsage(raw);
    const expected = [...oracle.keys()].filter((p) => p === "/" || p.split("/").length - 1 <= 2).sort();
    assert.deepEqual(doc.entries.map((e: Entry) => e.path).sort(), expected);
    for (const e of doc.entries as Entry[]) {
      assert.deepEqual({ allocatedBytes: e.allocatedBytes, apparentBytes: e.apparentBytes }, oracle.get(e.path), e.path);
    }
    const analysis = JSON.parse((await runCli(["analyze", vhdx, "--json"])).stdout);
    assert.equal(doc.deletedButInVhdxBytes, analysis.fileSize - analysis.usedOnlySizeAfter);
    assert.ok(doc.deletedButInVhdxBytes >= 6 * 1024 * 1024, "the deleted 6 MiB are still in the file");
    assert.deepEqual(doc.problems, []);
  });
});

test("usage --ncdu writes an ncdu 1.2 export whose sizes add up to the scan's, hard links marked once per inode", async () => {
  await withTempDir(async (dir) => {
    const { vhdx } = await fixture(dir);
    const out = join(dir, "export.json");
    const r = await runCli(["usage", vhdx, "--ncdu", out, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const root = JSON.parse(r.stdout).targets[0];
    const ncdu = JSON.parse(await readFile(out, "utf8"));
    assert.deepEqual(ncdu.slice(0, 2), [1, 2]);
    assert.equal(ncdu[2].progname, "vhdx-shrink");
    assert.equal(ncdu[3][0].name, "/");
    // ncdu's rule: sum every item's dsize, items with hlnkc counted once per ino.
    const seen = new Set<number>();
    let dsize = 0, asize = 0, items = 0;
    const walk = (node: unknown) => {
      const [info, ...rest] = Array.isArray(node) ? node : [node];
      items++;
      if (info.hlnkc) {
        if (seen.has(info.ino)) return;
        seen.add(info.ino);
      }
      dsize += info.dsize;
      asize += info.asize;
      rest.forEach(walk);
    };
    walk(ncdu[3]);
    assert.equal(dsize, root.allocatedBytes);
    assert.equal(asize, root.apparentBytes);
    assert.equal(items, root.files + root.dirs + 1);
    const again = await runCli(["usage", vhdx, "--ncdu", out]);
    assert.equal(again.code, 2, "an existing file is never overwritten");
    assert.match(again.stderr, /already exists/);
  });
});

test("usage prints the folder tree with bars, the biggest files and the deleted-but-still-in-the-VHDX line", async () => {
  await withTempDir(async (dir) => {
    const { vhdx } = await fixture(dir);
    const r = await runCli(["usage", vhdx, "--top", "3", "--depth", "1"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\s+[\d.]+ (?:[KMG]i)?B\s+█+\S*\s+\/$/m);
    assert.match(r.stdout, /├─ deep\n.*├─ data\n.*├─ many\n.*├─ … 5 more folders\n.*└─ \(files and the folder itself\)\n/, "the --top 3 biggest, then the rest summed");
    // The hard link debugfs made sits in /deep, which comes first on disk: du's rule counts it there.
    assert.match(r.stdout, /Biggest files\n.*\/deep\/1\/syslog-link  \(2 hard links\)\n/);
    assert.match(r.stdout, /^deleted but still in the VHDX: [\d.]+ MiB — run `vhdx-shrink --strategy native --target \S+`$/m);
  });
});

const hasNcdu = run("sh", ["-c", "command -v ncdu"]).status === 0;

test("ncdu itself imports the export: its own re-export holds the same names and sizes", { skip: !hasNcdu && "ncdu is not installed" }, async () => {
  await withTempDir(async (dir) => {
    const { vhdx } = await fixture(dir);
    const ours = join(dir, "ours.json");
    const theirs = join(dir, "theirs.json");
    assert.equal((await runCli(["usage", vhdx, "--ncdu", ours, "--quiet"])).code, 0);
    mustRun("ncdu", ["-f", ours, "-o", theirs]);
    // ncdu drops ino/nlink where they add nothing (no hard link) and dsize 0; compare what it keeps.
    const strip = (node: unknown): unknown => {
      const [info, ...rest] = Array.isArray(node) ? node : [node];
      const kept = { name: info.name, asize: info.asize ?? 0, dsize: info.dsize ?? 0, hlnkc: info.hlnkc ?? false };
      return Array.isArray(node) ? [kept, ...rest.map(strip)] : kept;
    };
    const a = JSON.parse(await readFile(ours, "utf8"));
    const b = JSON.parse(await readFile(theirs, "utf8"));
    assert.equal(b[2].progname, "ncdu");
    assert.deepEqual(strip(b[3]), strip(a[3]));
  });
});
