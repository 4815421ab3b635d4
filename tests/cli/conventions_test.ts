// What users of command-line tools take for granted: a closed pipe ends quietly, global options work
// on either side of the subcommand, every command names its target the same two ways, a file that is
// not a VHDX is refused the same way everywhere, nothing is cut outside a terminal, --json is one
// document, and errors say what to do. Real VHDX files (the bundled sample, qemu-img), the real CLI.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { main } from "../../cli/main.ts";
import { detectHost } from "../../core/host/detect.ts";
import type { Host } from "../../core/host/host.ts";
import { keepBasisOf } from "../../core/compact/used_map_source.ts";
import { NOT_UNDERSTOOD, unreadReport } from "../../core/disk/filesystem_report.ts";
import { writeSampleDisk } from "../../samples/write_sample_disk.ts";
import { runCli } from "../support/cli.ts";
import { mustRun, withTempDir } from "../support/tools.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const IS_NODE = !("Deno" in globalThis) && !("Bun" in globalThis);

/** Runs the CLI in-process with a stdout that is (or is not) a terminal of `columns` columns. */
async function cli(argv: string[], opts: { tty?: boolean; columns?: number; host?: Host } = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (t) => void (stdout += t), isTTY: Boolean(opts.tty), columns: opts.columns ?? 120 },
    stderr: { write: (t) => void (stderr += t), isTTY: false },
    host: opts.host,
  });
  return { code, stdout, stderr };
}

const CHATTY = `export default ({ definePlugin }) => definePlugin({
  name: "chatty", apiVersion: 1, description: "plans nothing, logs a debug line",
  metadata: { reliability: "high", dataPreservation: "full", complexity: "low",
    requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["disk"] } },
  probe: async () => ({ available: true }),
  estimate: async () => ({ sizeAfter: 0, reclaimable: 0, tempSpace: 0, seconds: 1, exact: true }),
  plan: async (ctx) => { ctx.log.debug("the plan's debug line"); return [{ description: "nothing", changes: false }]; },
  run: async () => ({ sizeBefore: 0, sizeAfter: 0, keptFiles: [], notes: [] }),
});
`;

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** A good sample disk, a truncated copy and a file of random bytes, in `dir`. */
async function disks(dir: string) {
  const good = join(dir, "good.vhdx");
  await writeSampleDisk(good);
  const truncated = join(dir, "truncated.vhdx");
  await writeFile(truncated, readFileSync(good).subarray(0, 3_000_000));
  const junk = join(dir, "junk.vhdx");
  await writeFile(junk, Buffer.alloc(1_500_000, 0x5a));
  return { good, truncated, junk };
}

/** Starts `cmd args` with its stdout closed before it writes (the reader of a pipe gone, as `| head -1` ends). */
function withClosedStdout(cmd: string, args: string[]): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (t) => void (stderr += t));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stderr }));
  });
}

async function assertQuietOnClosedPipe(cmd: string, prefix: string[], disk: string) {
  for (const args of [["--help"], ["analyze", disk], ["usage", disk], ["compare", disk]]) {
    const r = await withClosedStdout(cmd, [...prefix, ...args]);
    // stderr keeps its progress lines; nothing about the pipe, no stack.
    assert.doesNotMatch(r.stderr, /EPIPE|Error|^\s+at /m, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.signal, null, args.join(" "));
    assert.equal(r.code, 0, args.join(" "));
  }
}

test("a closed stdout (| head -1) ends the run quietly with its own exit code: Node from source", { skip: !IS_NODE && "spawns Node itself", timeout: 120_000 }, async () => {
  await withTempDir(async (dir) => {
    const { good } = await disks(dir);
    await assertQuietOnClosedPipe(process.execPath, ["--import", "tsx", "cli/main.ts"], good);
    // A compaction whose reader went away still runs to its end: the copy is written and checks clean.
    const copy = join(dir, "copy.vhdx");
    const r = await withClosedStdout(process.execPath, ["--import", "tsx", "cli/main.ts", "compact", good, "--output", copy]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /EPIPE|Error/);
    mustRun("qemu-img", ["check", "-q", copy]);
    assert.ok(statSync(copy).size < statSync(good).size);
  });
});

test("a closed stdout ends the run quietly: Bun from source and the compiled Linux binary", { skip: !IS_NODE && "spawns Bun itself", timeout: 600_000 }, async () => {
  const { linuxBinary } = await import("../reliability/linux_binary.ts");
  await withTempDir(async (dir) => {
    const { good } = await disks(dir);
    await assertQuietOnClosedPipe(join(ROOT, "node_modules", ".bin", "bun"), ["cli/main.ts"], good);
    await assertQuietOnClosedPipe(await linuxBinary(), [], good);
  });
});

test("a truncated or non-VHDX file is refused by every command that reads a disk: the same one line, exit 1, the file unchanged", async () => {
  await withTempDir(async (dir) => {
    const { truncated, junk } = await disks(dir);
    for (const bad of [truncated, junk]) {
      const before = sha(bad);
      const runs = [
        ["analyze", bad], ["analyze", "--target", bad], ["compare", bad], ["compare", "--target", bad], ["usage", bad], ["watch", bad],
        ["watch", "--threshold", "1MiB", "--target", bad], ["doctor", bad], ["compact", bad, "--output", join(dir, "out.vhdx")],
        ["compact", bad, "--yes"], ["compact", bad, "--dry-run"], [bad], ["--target", bad], ["--strategy", "native", "--target", bad, "--dry-run"],
        ["--strategy", "native", "--target", bad, "--yes"], ["--strategy", "sparse", "--target", bad, "--yes"],
      ];
      const lines = new Set<string>();
      for (const argv of runs) {
        const r = await cli(argv);
        assert.equal(r.code, 1, `${argv.join(" ")}: ${r.stdout}${r.stderr}`);
        assert.equal(r.stdout, "", argv.join(" "));
        assert.equal(r.stderr.split("\n").length, 2, `${argv.join(" ")}: ${r.stderr}`);
        lines.add(r.stderr);
      }
      assert.equal(lines.size, 1, [...lines].join(""));
      assert.match([...lines][0], new RegExp(`^error: ${bad.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: Not a (usable VHDX: .*truncated|VHDX file: the "vhdxfile" signature is missing)`));
      assert.equal(sha(bad), before);
      assert.equal(existsSync(join(dir, "out.vhdx")), false);
    }
  });
});

test("demo --json is one JSON document holding each screen's document, and its folder is removed through the host's remove", async () => {
  const real = detectHost();
  const removed: string[] = [];
  const fs = Object.create(real.fs, { remove: { value: (p: string) => (removed.push(p), real.fs.remove(p)) } });
  const host = Object.create(real, { fs: { value: fs } }) as Host;
  const r = await runCli(["demo", "--json"], host);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { folder: string; kept: boolean; report?: string; screens: { title: string; argv: string[]; output: unknown }[] };
  assert.equal(doc.screens.length, 7);
  for (const s of doc.screens) assert.equal(typeof s.output, "object", s.title);
  const compare = doc.screens.find((s) => s.argv[0] === "compare")!.output as { targets: { recommended: string }[] };
  assert.equal(compare.targets[0].recommended, "native");
  assert.deepEqual(removed, [doc.folder]);
  assert.equal(existsSync(doc.folder), false);
  assert.equal(doc.kept, false);
  // The report is the one file the demo leaves, outside its folder.
  assert.ok(doc.report && existsSync(doc.report));
  rmSync(dirname(doc.report), { recursive: true, force: true });
});

test("global options work before and after the subcommand: --no-color, --json, --quiet, --verbose, --debug", async () => {
  await withTempDir(async (dir) => {
    const { good, junk } = await disks(dir);
    const coloured = await cli(["compare", good], { tty: true });
    assert.match(coloured.stdout, /\x1b\[/);
    for (const argv of [["--no-color", "compare", good], ["compare", good, "--no-color"], ["compare", "--no-color", "--target", good]]) {
      const r = await cli(argv, { tty: true });
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stdout, /\x1b\[/, argv.join(" "));
      assert.equal(r.stdout, coloured.stdout.replace(/\x1b\[[0-9;]*m/g, ""));
    }
    const before = await cli(["--json", "analyze", good]);
    const after = await cli(["analyze", good, "--json"]);
    assert.deepEqual(JSON.parse(before.stdout), JSON.parse(after.stdout));
    const loud = await cli(["compare", good]);
    const quiet = [await cli(["--quiet", "compare", good]), await cli(["compare", good, "-q"])];
    assert.equal(quiet[0].stdout, quiet[1].stdout);
    assert.ok(quiet[0].stdout.length < loud.stdout.length && /Recommended: native/.test(quiet[0].stdout));
    // A strategy's debug lines show with --verbose only.
    const plugin = join(dir, "chatty.mjs");
    await writeFile(plugin, CHATTY);
    const run = ["--strategy", "chatty", "--target", good, "--dry-run"];
    for (const argv of [["--verbose", "--plugin", plugin, ...run], ["--plugin", plugin, ...run, "-v"]]) {
      const r = await cli(argv);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /the plan's debug line/, argv.join(" "));
    }
    assert.doesNotMatch((await cli(["--plugin", plugin, ...run])).stderr, /debug line/);
    for (const argv of [["--debug", "analyze", junk], ["analyze", junk, "--debug"]]) {
      const r = await cli(argv);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: .*\n.*Error.*\n\s+at /, argv.join(" "));
    }
    assert.equal((await cli(["analyze", junk])).stderr.split("\n").length, 2);
  });
});

test("every command that takes a target takes it as FILE and as --target, with the same result", async () => {
  await withTempDir(async (dir) => {
    const { good } = await disks(dir);
    const forms: [string[], string[]][] = [
      [["analyze", good], ["analyze", "--target", good]],
      [["compare", good], ["compare", "--target", good]],
      [["usage", good], ["usage", "-t", good]],
      [["watch", good], ["watch", "--target", good]],
      [["doctor", good], ["doctor", "--target", good]],
      [["compact", good, "--dry-run"], ["compact", "--target", good, "--dry-run"]],
      [[good, "--strategy", "native", "--dry-run"], ["--strategy", "native", "--target", good, "--dry-run"]],
      [[good], ["--target", good]],
    ];
    for (const [positional, flag] of forms) {
      const a = await cli([...positional, "--json"]);
      const b = await cli([...flag, "--json"]);
      assert.equal(a.code, 0, `${positional.join(" ")}: ${a.stderr}`);
      assert.equal(b.code, 0, `${flag.join(" ")}: ${b.stderr}`);
      const stable = (t: string) => JSON.stringify(JSON.parse(t), (k, v) => k === "seconds" || k === "time" ? undefined : v);
      assert.equal(stable(a.stdout), stable(b.stdout), positional.join(" "));
      assert.ok(a.stdout.includes(good), positional.join(" "));
    }
  });
});

test("extra arguments and two different targets are usage errors (exit 2), not ignored", async () => {
  await withTempDir(async (dir) => {
    const { good } = await disks(dir);
    for (const argv of [["analyze", good, "extra"], ["compare", good, "extra"], ["usage", good, "extra"], ["watch", good, "extra"],
      ["doctor", good, "extra"], ["compact", good, "extra", "--dry-run"], ["list", "extra"], ["plugins", "extra"], [good, "extra"],
      ["analyze", good, "--target", join(dir, "other.vhdx")], ["compare", "x.vhdx", "--target", good]]) {
      const r = await cli(argv);
      assert.equal(r.code, 2, `${argv.join(" ")}: ${r.stdout}${r.stderr}`);
      assert.equal(r.stdout, "", argv.join(" "));
      assert.match(r.stderr, /^error: /, argv.join(" "));
    }
  });
});

test("no target (off Windows nothing is discovered) is the same usage error, exit 2, on every command that needs one", async () => {
  const messages = new Set<string>();
  for (const argv of [["compare"], ["watch"], ["usage"], ["analyze"], ["compact", "--dry-run"], [], ["--strategy", "native", "--dry-run"]]) {
    const r = await cli(argv);
    assert.equal(r.code, 2, `${argv.join(" ")}: ${r.stderr}`);
    messages.add(r.stderr);
  }
  assert.deepEqual([...messages], ["error: finding WSL and Docker Desktop disks needs Windows: give a VHDX file, as FILE or --target FILE\n"]);
});

test("hints name the target: compare's and the default command's suggested command and usage's native line carry --target with the file's path", async () => {
  await withTempDir(async (dir) => {
    const { good } = await disks(dir);
    assert.match((await cli(["compare", good])).stdout, new RegExp(`vhdx-shrink --strategy native --target ${good}\\)`));
    assert.match((await cli([good])).stdout, new RegExp(`Run: vhdx-shrink --strategy native --target ${good} --yes`));
    assert.match((await cli(["usage", good])).stdout, new RegExp(`run \`vhdx-shrink --strategy native --target ${good}\``));
  });
});

test("nothing is cut when stdout is not a terminal; on a narrow terminal the cut says how to see it whole; --json never cuts", async () => {
  await withTempDir(async (dir) => {
    const folder = join(dir, "a-plugin-folder-with-a-long-name-".repeat(3));
    await mkdir(folder);
    const plugin = join(folder, "noop-strategy.mjs");
    await writeFile(plugin, readFileSync(join(ROOT, "examples", "noop-strategy.mjs")));
    const piped = await cli(["plugins", "--plugin", plugin], { tty: false, columns: 60 });
    assert.equal(piped.code, 0, piped.stderr);
    assert.ok(piped.stdout.includes(plugin), piped.stdout);
    assert.doesNotMatch(piped.stdout, /…|cut to fit/);
    const terminal = await cli(["plugins", "--plugin", plugin], { tty: true, columns: 60 });
    assert.equal(terminal.code, 0, terminal.stderr);
    assert.ok(!terminal.stdout.includes(plugin));
    assert.match(terminal.stdout, /…/);
    assert.equal(terminal.stdout.match(/cut to fit the terminal: `\| cat` or --json shows every column whole/g)?.length, 1);
    const json = await cli(["plugins", "--plugin", plugin, "--json"], { tty: true, columns: 60 });
    assert.ok(JSON.parse(json.stdout).plugins.some((p: { source: string }) => p.source === plugin));
    const { good } = await disks(dir);
    const analyzed = await cli(["analyze", good], { tty: false, columns: 40 });
    assert.doesNotMatch(analyzed.stdout, /…/);
    assert.match(analyzed.stdout, /distro targets only/);
  });
});

test("--plugin takes one file each time and may be repeated, before or after the subcommand", async () => {
  const before = await cli(["--plugin", "examples/noop-strategy.mjs", "plugins", "--json"]);
  assert.equal(before.code, 0, before.stderr);
  const names = (t: string) => (JSON.parse(t).plugins as { name: string }[]).map((p) => p.name);
  assert.ok(names(before.stdout).includes("report-only"));
  const both = await cli(["plugins", "--plugin", "examples/noop-strategy.mjs", "--plugin", "examples/zero-fill-strategy.mjs", "--json"]);
  assert.equal(both.code, 0, both.stderr);
  assert.equal(names(both.stdout).length, names(before.stdout).length + 1);
});

test("errors say what is wrong and what to do: a folder as target, --output into a missing folder, a missing plugin file, a filesystem not understood", async () => {
  await withTempDir(async (dir) => {
    const { good } = await disks(dir);
    for (const argv of [["analyze", dir], ["compare", "--target", dir], ["--target", dir], [dir], ["doctor", dir]]) {
      const r = await cli(argv);
      assert.equal(r.code, 1, argv.join(" "));
      assert.match(r.stderr, new RegExp(`^error: ${dir}/? is a folder: give the VHDX file inside it`), argv.join(" "));
    }
    // A path that does not exist is named whole; the hint is not "give the path" the user just gave.
    for (const argv of [["doctor", "--target", "nothere.vhdx"], ["doctor", "nothere.vhdx"], ["analyze", "nothere.vhdx"], ["compare", join(dir, "nothere.vhdx")]]) {
      const r = await cli(argv);
      assert.equal(r.code, 1, argv.join(" "));
      assert.match(r.stderr, /^error: \/\S*nothere\.vhdx does not exist: check the path\n$/, argv.join(" "));
    }
    const before = sha(good);
    const missing = join(dir, "no-such-folder", "small.vhdx");
    const out = await cli(["compact", good, "--output", missing]);
    assert.equal(out.code, 1);
    assert.equal(out.stderr, `error: --output ${missing}: the folder ${join(dir, "no-such-folder")} does not exist; create it first or write the copy elsewhere\n`);
    assert.equal(sha(good), before);
    const plugin = await cli(["plugins", "--plugin", "no-such-plugin.mjs"]);
    assert.equal(plugin.code, 1);
    assert.equal(plugin.stderr, `error: --plugin ${join(process.cwd(), "no-such-plugin.mjs")}: no such file (a relative path is taken from the current folder)\n`);
  });
  const note = keepBasisOf(unreadReport("ntfs", 0, `ntfs filesystem ${NOT_UNDERSTOOD}`)).fallbackNote;
  assert.equal(note, "ntfs filesystem not understood: only zero blocks can be reclaimed");
});

test("plugins --help and demo --help show examples; plugins --help names the plugin folders", async () => {
  for (const command of ["plugins", "demo"]) {
    const r = await cli([command, "--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`Examples:\\n  vhdx-shrink ${command}`));
  }
  const plugins = (await cli(["plugins", "--help"])).stdout;
  assert.match(plugins, /%APPDATA%\\vhdx-shrink\\plugins on Windows/);
  assert.match(plugins, /\$XDG_CONFIG_HOME\/vhdx-shrink\/plugins \(~\/\.config\/vhdx-shrink\/plugins\) elsewhere/);
});

test("list on a simulated Windows: the disks' paths are whole in a pipe, cut with the hint on an 80-column terminal", async () => {
  await withTempDir(async (dir) => {
    const ubuntu = join(dir, "ubuntu.vhdx");
    const docker = join(dir, "docker_data.vhdx");
    await writeSampleDisk(ubuntu);
    await writeSampleDisk(docker);
    const { SimulatedHost } = await import("../../simulated/simulated_host.ts");
    const host = await SimulatedHost.create(join(dir, "home"), {
      distros: [{ name: "Ubuntu", vhd: ubuntu, defaultUid: 1000, default: true }],
      docker: { layout: "4.30", dataVhd: docker },
      wsl: { version: "2.3.26" },
    });
    const json = await cli(["list", "--json"], { host });
    const paths = (JSON.parse(json.stdout).targets as { path: string }[]).map((t) => t.path);
    assert.ok(paths.some((p) => p.length > 40 && p.includes("docker_data.vhdx")), paths.join(" "));
    const piped = await cli(["list"], { host, tty: false, columns: 80 });
    assert.equal(piped.code, 0, piped.stderr);
    for (const p of paths) assert.ok(piped.stdout.includes(p), `${p} whole in:\n${piped.stdout}`);
    assert.doesNotMatch(piped.stdout, /…|cut to fit/);
    const terminal = await cli(["list"], { host, tty: true, columns: 80 });
    assert.match(terminal.stdout, /…/);
    assert.match(terminal.stdout, /cut to fit the terminal/);
    assert.ok(paths.every((p) => !terminal.stdout.includes(p)), terminal.stdout);
  });
});
