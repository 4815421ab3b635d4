/**
 * `move` records its in-place shrink in the size history as `compact` does, under the disk's new
 * path (where `list` finds it from then on); a refused move records nothing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { withSimulatedHost } from "../support/simulated.ts";
import { runCli } from "../support/cli.ts";
import { writeSampleDisk } from "../../samples/write_sample_disk.ts";
import { readHistory } from "../../core/history/mod.ts";
import type { SimulatedHost } from "../../simulated/mod.ts";

const GiB = 1024 ** 3;
const NEW_DIR = "D:\\WSL\\Ubuntu";
const NEW_DISK = `${NEW_DIR}\\ext4.vhdx`;

/** Ubuntu (stopped) on a copy of the sample ext4 disk; D: has `dFree` bytes free. */
async function withMachine(dFree: number, fn: (host: SimulatedHost) => Promise<void>): Promise<void> {
  let fixtures = "";
  await withSimulatedHost((dir) => {
    fixtures = dir;
    return {};
  }, async (_unused, tmp) => {
    const a = join(fixtures, "ubuntu.vhdx");
    await writeSampleDisk(a);
    const { SimulatedHost } = await import("../../simulated/mod.ts");
    const host = await SimulatedHost.create(join(tmp, "home"), {
      distros: [{ name: "Ubuntu", basePath: "C:\\wsl\\Ubuntu", vhd: a }],
      wsl: { version: "2.3.26" },
      freeBytes: { C: 20 * GiB, D: dFree },
    });
    await fn(host);
  });
}

test("move records the shrink under the disk's new path, with the size before and what it takes now", async () => {
  await withMachine(20 * GiB, async (host) => {
    const r = await runCli(["move", "Ubuntu", "--to", NEW_DIR], host);
    assert.equal(r.code, 0, r.stderr);
    const shrinks = (await readHistory(host)).filter((h) => h.event === "shrink");
    assert.deepEqual(shrinks.map((h) => [h.name, h.path, h.strategy]), [["Ubuntu", NEW_DISK, "native"]]);
    const st = (await host.fs.stat(NEW_DISK))!;
    assert.equal(shrinks[0].size, st.allocatedSize ?? st.size);
    assert.ok(shrinks[0].before! > shrinks[0].size, `${shrinks[0].before} > ${shrinks[0].size}`);
  });
});

test("a move refused for lack of room records nothing", async () => {
  await withMachine(1024, async (host) => {
    const r = await runCli(["move", "Ubuntu", "--to", NEW_DIR], host);
    assert.notEqual(r.code, 0);
    assert.deepEqual(await readHistory(host), []);
  });
});
