// Real signals to a real CLI process: Ctrl-C (SIGINT) or SIGTERM during compaction stops at a safe
// point, exits 130 with one line saying what state the disk is in, and loses nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { withTempDir } from "../support/tools.ts";
import { fileHashes, judge, makeBloatedDisk, sha256File } from "../compact/support.ts";

const root = new URL("../..", import.meta.url).pathname;

/** Runs the CLI and sends `signal` as soon as stderr shows the first progress phase. */
function runAndSignal(args: string[], signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string; sent: boolean }> {
  return new Promise((resolve) => {
    // "node" rather than process.execPath: under `deno test` the latter is deno, whose child_process
    // rewrites node-style arguments. The compiled binary (Bun) and `deno run` behave the same (checked by hand).
    const child = spawn("node", ["--import", "tsx", "cli/main.ts", ...args], { cwd: root, env: { ...process.env, NO_COLOR: "1" } });
    let stderr = "";
    let sent = false;
    child.stderr.on("data", (c) => {
      stderr += c;
      if (!sent && /\.\.\.\n/.test(stderr)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.stdout.resume();
    child.on("close", (code) => resolve({ code, stderr, sent }));
  });
}

/**
 * The exit code: Deno's child_process reports a child it signalled as killed (code null) even when
 * the child handled the signal and exited 130, so under `deno test` only null is also accepted.
 */
function assertInterruptedExit(code: number | null, stderr: string): void {
  if (code === null && "Deno" in globalThis) return;
  assert.equal(code, 130, stderr);
}

const recipe = { size: "768M", mkfsArgs: ["-b", "4096"], largeFilesKiB: [160 * 1024, 96 * 1024], garbageMiB: 128 };

test("Ctrl-C during copy mode exits 130, keeps the original byte-identical and leaves no output", async () => {
  await withTempDir(async (dir) => {
    const disk = await makeBloatedDisk(dir, recipe);
    const before = await sha256File(disk);
    const out = join(dir, "small.vhdx");
    const r = await runAndSignal(["compact", disk, "--output", out], "SIGINT");
    assert.ok(r.sent, "the run showed progress");
    assertInterruptedExit(r.code, r.stderr);
    assert.match(r.stderr, /^error: .*interrupt/im);
    assert.equal(await sha256File(disk), before);
    assert.equal(existsSync(out), false);
    assert.equal(existsSync(out + ".partial"), false);
  });
});

test("SIGTERM during in-place compaction exits 130 and leaves a disk with every file intact", async () => {
  await withTempDir(async (dir) => {
    const disk = await makeBloatedDisk(dir, recipe);
    const expected = await fileHashes(join(dir, "disk.raw"), join(dir, "src-files"));
    const r = await runAndSignal(["compact", disk, "--yes"], "SIGTERM");
    assert.ok(r.sent, "the run showed progress");
    assertInterruptedExit(r.code, r.stderr);
    assert.match(r.stderr, /^error: .*interrupt/im);
    await judge(disk, dir, expected);
  });
});
