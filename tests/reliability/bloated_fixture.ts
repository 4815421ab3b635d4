/**
 * The shared fixture of the process tests (one_writer_test.ts, interrupted_runs_test.ts): one small
 * bloated ext4 VHDX made once per file (tests/compact/support.ts), a fresh copy per scenario, the
 * original's hash and files to judge results against, and the compiled Linux binary. Registers its
 * own before / afterEach / after hooks.
 */
import { after, afterEach, before } from "node:test";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileHashes, makeBloatedDisk, sha256File } from "../compact/support.ts";
import type { CliProgram } from "./cli_process.ts";
import { killLeftoverRuns } from "./cli_process.ts";
import { linuxBinary } from "./linux_binary.ts";
import { sameResultJudge } from "./result_judge.ts";

/** What a process test reads of the fixture; fields are set once `before` has run. */
export interface BloatedFixture {
  /** The work folder; scenario outputs go here. */
  dir: string;
  /** SHA-256 of the bloated disk as made. */
  original: string;
  /** Number of the latest scenario (its disk is `s<N>.vhdx`). */
  scenario: number;
  /** The compiled Linux binary (tests/reliability/linux_binary.ts). */
  binary: CliProgram;
  /** A fresh copy of the bloated disk for the next scenario. */
  freshDisk(): Promise<string>;
  /** Judges a result: qemu-img check, e2fsck -fn and every file's hash (result_judge.ts). */
  judge(vhdx: string): Promise<void>;
}

/** Sets up the fixture in a temporary folder named with `prefix`, for the calling test file. */
export function bloatedDiskFixture(prefix: string): BloatedFixture {
  let master = "";
  let expected = new Map<string, string>();
  const fx: BloatedFixture = {
    dir: "",
    original: "",
    scenario: 0,
    binary: { kind: "node" },
    async freshDisk() {
      const disk = join(fx.dir, `s${++fx.scenario}.vhdx`);
      await copyFile(master, disk);
      return disk;
    },
    judge: sameResultJudge(() => fx.dir, () => expected),
  };
  before(async () => {
    fx.dir = await mkdtemp(join(tmpdir(), prefix));
    master = await makeBloatedDisk(fx.dir, { size: "48M", garbageMiB: 16, smallFiles: 30 });
    fx.original = await sha256File(master);
    expected = await fileHashes(join(fx.dir, "disk.raw"), join(fx.dir, "src.files"));
    fx.binary = { kind: "binary", path: await linuxBinary() };
  });
  afterEach(killLeftoverRuns);
  after(async () => {
    await rm(fx.dir, { recursive: true, force: true });
  });
  return fx;
}
