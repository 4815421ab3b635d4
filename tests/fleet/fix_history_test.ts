/**
 * `fix --unattended` records each shrink in the size history as `compact` does, so that
 * `list --history` and `schedule --grown`/`--after-shutdown` count from it; a disk it skips gets none.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeDataVhdx, withSimulatedHost } from "../support/simulated.ts";
import { runCli } from "../support/cli.ts";
import { readHistory } from "../../core/history/mod.ts";

const machine = (f: string) => ({
  distros: [
    { name: "Ubuntu", vhd: makeDataVhdx(join(f, "u.vhdx"), 2, 32) },
    { name: "Debian", running: true, vhd: makeDataVhdx(join(f, "d.vhdx"), 2, 32) },
  ],
  env: { LOCALAPPDATA: "C:\\Users\\me\\AppData\\Local" },
});

test("fix --unattended records the shrink it made in the history, and none for the disk it skipped", async () => {
  await withSimulatedHost(machine, async (host) => {
    assert.deepEqual(await readHistory(host), []);
    const r = await runCli(["fix", "--unattended", "--threshold", "1MB"], host);
    assert.match(r.stdout, /Ubuntu \d/, r.stdout + r.stderr);
    const shrinks = (await readHistory(host)).filter((h) => h.event === "shrink");
    assert.deepEqual(shrinks.map((h) => [h.name, h.strategy]), [["Ubuntu", "native"]]);
    const [s] = shrinks;
    assert.ok(s.before! > s.size, `before ${s.before} after ${s.size}`);
    const onDisk = (await host.fs.stat(s.path))!;
    assert.equal(s.size, onDisk.allocatedSize ?? onDisk.size);
  });
});
