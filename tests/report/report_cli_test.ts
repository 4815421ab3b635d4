import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli.ts";
import { withTempDir } from "../support/tools.ts";
import { writeDockerSampleDisk, writeSampleDisk } from "../../samples/write_sample_disk.ts";

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

/** The data inside a report page. */
function reportData(file: string): { format: string; tree: { a: number }; diff: { images: { name: string; change: number }[] } | null; strategies: { recommended: string } | null; usage: { allocatedBytes: number } } {
  const m = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(readFileSync(file, "utf8"));
  return JSON.parse(m![1]);
}

test("usage --html writes one page whose data is the disk's usage, and leaves the disk byte-identical", async () => {
  await withTempDir(async (dir) => {
    const disk = join(dir, "d.vhdx");
    await writeSampleDisk(disk);
    const before = sha(disk);
    const r = await runCli(["usage", disk, "--html", join(dir, "r.html")]);
    assert.equal(r.code, 0, r.stderr);
    const data = reportData(join(dir, "r.html"));
    const json = JSON.parse((await runCli(["usage", disk, "--json"])).stdout).targets[0];
    assert.equal(data.format, "vhdx-shrink-report");
    assert.equal(data.tree.a, json.allocatedBytes);
    assert.equal(data.usage.allocatedBytes, json.allocatedBytes);
    assert.equal(data.strategies?.recommended, "native");
    assert.equal(sha(disk), before);
  });
});

test("usage --html refuses a file that exists, with one line and exit 2, and leaves it as it was", async () => {
  await withTempDir(async (dir) => {
    const disk = join(dir, "d.vhdx");
    await writeSampleDisk(disk);
    writeFileSync(join(dir, "r.html"), "mine");
    const r = await runCli(["usage", disk, "--html", join(dir, "r.html")]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /r\.html already exists: give --html a new file name/);
    assert.equal(readFileSync(join(dir, "r.html"), "utf8"), "mine");
    for (const argv of [["compare", disk, "--html", join(dir, "r.html")], ["--target", disk, "--report", join(dir, "r.html"), "--dry-run", "--strategy", "native"]]) {
      const c = await runCli(argv);
      assert.equal(c.code, 2, argv.join(" "));
      assert.equal(readFileSync(join(dir, "r.html"), "utf8"), "mine");
    }
  });
});

test("compare --html and the default command's --report write the same disk's report", async () => {
  await withTempDir(async (dir) => {
    const disk = join(dir, "d.vhdx");
    await writeSampleDisk(disk);
    const c = await runCli(["compare", disk, "--html", join(dir, "c.html")]);
    assert.equal(c.code, 0, c.stderr);
    const s = await runCli(["--target", disk, "--strategy", "native", "--dry-run", "--report", join(dir, "s.html")]);
    assert.equal(s.code, 0, s.stderr);
    assert.equal(reportData(join(dir, "c.html")).tree.a, reportData(join(dir, "s.html")).tree.a);
    assert.equal(reportData(join(dir, "s.html")).strategies?.recommended, "native");
  });
});

test("usage --diff: by folder and by Docker image, in text, JSON, and in the report; a saved report is a side too", async () => {
  await withTempDir(async (dir) => {
    const disk = join(dir, "docker_data.vhdx");
    await writeDockerSampleDisk(disk);
    const now = JSON.parse((await runCli(["usage", disk, "--json"])).stdout);
    // The earlier state: the web image 5 MiB bigger, /data/docker 7 MiB smaller.
    const old = structuredClone(now);
    const web = old.targets[0].docker.stores[0].images.find((i: { name: string }) => i.name === "web:latest");
    web.allocatedBytes += 5 * 1024 * 1024;
    old.targets[0].entries.find((e: { path: string }) => e.path === "/data/docker").allocatedBytes -= 7 * 1024 * 1024;
    writeFileSync(join(dir, "old.json"), JSON.stringify(old));
    writeFileSync(join(dir, "now.json"), JSON.stringify(now));

    const j = await runCli(["usage", "--diff", join(dir, "old.json"), join(dir, "now.json"), "--json"]);
    assert.equal(j.code, 0, j.stderr);
    const { diff } = JSON.parse(j.stdout);
    assert.deepEqual(diff.folders.map((f: { name: string; change: number }) => [f.name, f.change]), [["/data/docker", 7 * 1024 * 1024]]);
    assert.deepEqual(diff.images.map((f: { name: string; change: number }) => [f.name, f.change]), [["web:latest", -5 * 1024 * 1024]]);

    const t = await runCli(["usage", "--diff", join(dir, "old.json"), join(dir, "now.json")]);
    assert.match(t.stdout, /\+7\.0 MiB\s+\/data\/docker/);
    assert.match(t.stdout, /-5\.0 MiB\s+web:latest/);

    const h = await runCli(["usage", disk, "--diff", join(dir, "old.json"), "--html", join(dir, "r.html")]);
    assert.equal(h.code, 0, h.stderr);
    assert.deepEqual(reportData(join(dir, "r.html")).diff?.images.map((i) => [i.name, i.change]), [["web:latest", -5 * 1024 * 1024]]);
    assert.match(readFileSync(join(dir, "r.html"), "utf8"), /<table id="diff-images">/);

    // The saved report as the earlier side: nothing changed since.
    const r = await runCli(["usage", "--diff", join(dir, "r.html"), join(dir, "now.json"), "--json"]);
    assert.deepEqual(JSON.parse(r.stdout).diff, { before: now.targets[0].allocatedBytes, after: now.targets[0].allocatedBytes, folders: [], images: [] });
  });
});

test("usage --diff refuses a file that is not a usage document, with one line and exit 2", async () => {
  await withTempDir(async (dir) => {
    writeFileSync(join(dir, "x.json"), "{\"hello\": 1}");
    writeFileSync(join(dir, "y.txt"), "not json");
    const a = await runCli(["usage", "--diff", join(dir, "x.json"), join(dir, "x.json")]);
    assert.equal(a.code, 2);
    assert.match(a.stderr, /x\.json holds no disk's usage/);
    const b = await runCli(["usage", "--diff", join(dir, "y.txt"), join(dir, "x.json")]);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /y\.txt is neither usage --json output nor a vhdx-shrink report/);
  });
});
