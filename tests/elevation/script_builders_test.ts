/**
 * Every script the product sends to an elevated PowerShell, built for paths full of the characters
 * PowerShell, cmd and the C runtime treat specially, then parsed and run by the emulated PowerShell
 * (whose quoting follows about_Quoting_Rules on its own, simulated/tools/powershell_script.ts): the
 * cmdlets and programs it reaches must see exactly the path. The emulated programs run against a
 * recording machine, so nothing here depends on a disk.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { powershell } from "../../simulated/tools/powershell.ts";
import { parsePowerShell } from "../../simulated/tools/powershell_script.ts";
import type { ToolContext, ToolResult } from "../../simulated/tools/tool.ts";
import type { Machine } from "../../simulated/machine.ts";
import { psQuote, runAsPowerShellArgs } from "../../core/host/elevation_script.ts";
import { dismountScript, optimizeScript, OPTIMIZE_EXIT } from "../../plugins/optimize-vhd/script.ts";
import { diskpartStepScript, STEP_EXIT } from "../../plugins/diskpart/elevated_step.ts";
import { powershellArgs } from "../../core/host/elevation_script.ts";

/** Characters that end strings, separate statements, expand or escape somewhere on Windows. */
const NASTY = ["'", "\u2018", "\u2019", "\u201A", "\u201B", ";", "$(", ")", "`", "&", "|", "%", "^", '"', "\u201C", "\u201D", "\u201E", " ", "$", "{", "}", "#", "@", ",", "=", "(", "\\", "é", "ł", "ß", "中", "😀", "-", "~"];

/** A deterministic generator (mulberry32), so a failure names a path that can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Paths: the named ones first, then random mixes of the characters above with letters. */
function paths(count: number): string[] {
  const fixed = [
    "C:\\VMs\u2019; exit 42; \u2019\\ext4.vhdx",
    "C:\\VMs'; exit 42; '\\ext4.vhdx",
    "C:\\Users\\Bob\u2019s VMs\\x.vhdx",
    "C:\\a $(Remove-Item C:\\x) `n & b | c %PATH% ^& \"q\"\\ext4.vhdx",
    NASTY.join(""),
    "C:\\trailing\\backslash\\\\",
  ];
  const next = random(20260101);
  const out = [...fixed];
  while (out.length < count) {
    let p = "C:\\";
    const n = 1 + Math.floor(next() * 24);
    for (let i = 0; i < n; i++) p += next() < 0.6 ? NASTY[Math.floor(next() * NASTY.length)] : "abcXYZ019"[Math.floor(next() * 9)];
    out.push(`${p}\\ext4.vhdx`);
  }
  return out;
}

interface Seen {
  /** Paths the script asked File.Exists / Get-Content / Mount-VHD about, in order. */
  paths: string[];
  /** Programs started (Start-Process, native calls) with their argv. */
  runs: { cmd: string; args: string[]; elevated: boolean }[];
  /** Files written (File.WriteAllBytes). */
  writes: Map<string, Uint8Array>;
}

/** A machine where every asked-about path is a VHDX file and every write is remembered. */
function recordingMachine(seen: Seen, isFile: (p: string) => boolean): Machine {
  const fs = {
    stat: (p: string) => {
      seen.paths.push(p);
      return Promise.resolve(isFile(p) ? { size: 8, allocatedSize: 8, isSparse: false, isDirectory: false, mtimeMs: 0 } : null);
    },
    exists: (p: string) => {
      seen.paths.push(p);
      return Promise.resolve(isFile(p) || seen.writes.has(p));
    },
    mkdir: () => Promise.resolve(),
    rename: () => Promise.resolve(),
    remove: () => Promise.resolve(),
    listDir: () => Promise.resolve([]),
    isLocked: () => Promise.resolve(false),
    open: (p: string, mode: string) => Promise.resolve({
      read: () => Promise.resolve(new TextEncoder().encode("vhdxfile")),
      write: (_pos: number, bytes: Uint8Array) => Promise.resolve(void (mode === "create" && seen.writes.set(p, bytes))),
      size: () => Promise.resolve(8),
      close: () => Promise.resolve(),
    }),
  };
  const state = { hyperV: true, faults: {}, attached: {}, trimmed: {}, elevated: true };
  // The compaction itself needs a real disk: here it fails, which also exercises the failure path.
  const openAsDiskService = () => Promise.reject(new Error("EBUSY"));
  return { fs, openAsDiskService, read: () => Promise.resolve(state), update: (f: (s: unknown) => unknown) => Promise.resolve(f(state)) } as unknown as Machine;
}

/** Runs powershell.exe's arguments in the emulator; Start-Process and native calls are recorded, nested PowerShell runs too. */
async function runPowerShell(args: string[], seen: Seen, isFile: (p: string) => boolean, elevated = false): Promise<ToolResult> {
  const ctx: ToolContext = {
    env: { SystemRoot: "C:\\Windows" },
    machine: recordingMachine(seen, isFile),
    elevated,
    run: (cmd, a, o) => {
      seen.runs.push({ cmd, args: a, elevated: o?.elevated ?? elevated });
      if (/^powershell(\.exe)?$/i.test(cmd)) return runPowerShell(a, seen, isFile, o?.elevated ?? elevated);
      return Promise.resolve({ code: 0, stdout: new Uint8Array(0), stderr: new Uint8Array(0) });
    },
  };
  return powershell(args, ctx);
}

const newSeen = (): Seen => ({ paths: [], runs: [], writes: new Map() });
const PATHS = paths(300);
const errText = (r: ToolResult) => new TextDecoder().decode(r.stderr);

test("psQuote doubles each of the five single-quote characters, so the parsed string is the path", () => {
  for (const p of PATHS) {
    const nodes = parsePowerShell(`Mount-VHD -Path ${psQuote(p)}`);
    assert.equal(nodes.length, 1, p);
    assert.deepEqual(nodes[0].kind === "command" ? nodes[0].tokens : [], ["Mount-VHD", "-Path", p], p);
  }
});

test("the emulated PowerShell ends a single-quoted string at every quote about_Quoting_Rules lists (a path with U+2019 quoted only for U+0027 is code)", () => {
  const naive = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const nodes = parsePowerShell(`Mount-VHD -Path ${naive("C:\\VMs\u2019; exit 42; \u2019\\ext4.vhdx")}`);
  assert.deepEqual(nodes.map((n) => n.kind), ["command", "exit", "command"], "the path became three statements");
});

test("optimize-vhd's elevated script checks, mounts, compacts and dismounts exactly the path, and sets the sparse flag again when compaction fails", async () => {
  for (const p of PATHS) {
    const seen = newSeen();
    const r = await runPowerShell(powershellArgs(optimizeScript(p, { clearSparse: true })), seen, (x) => x === p, true);
    assert.equal(r.code, OPTIMIZE_EXIT.optimizeFailed, `${p}: ${errText(r)}`);
    assert.ok(seen.paths.length >= 6 && seen.paths.every((x) => x === p), `${p} vs ${seen.paths.join(" | ")}`);
    // fsutil (a native program: PowerShell passes the value as one argument) clears, then sets the flag again.
    assert.deepEqual(seen.runs, [
      { cmd: "fsutil", args: ["sparse", "setflag", p, "0"], elevated: true },
      { cmd: "fsutil", args: ["sparse", "setflag", p, "1"], elevated: true },
    ], p);
  }
});

test("optimize-vhd's clean-up dismounts exactly the path", async () => {
  for (const p of PATHS.slice(0, 60)) {
    const seen = newSeen();
    const r = await runPowerShell(powershellArgs(dismountScript(p)), seen, (x) => x === p, true);
    assert.ok(seen.paths.includes(p) && seen.paths.every((x) => x === p), `${p}: ${errText(r)}`);
  }
});

test("the elevated diskpart step checks exactly the path and writes a script that names exactly it", async () => {
  for (const p of PATHS) {
    const seen = newSeen();
    const script = new TextEncoder().encode(`select vdisk file="${p}"\r\ncompact vdisk\r\n`);
    const r = await runPowerShell(powershellArgs(diskpartStepScript(p, script, "vhdx-shrink-0123")), seen, (x) => x === p, true);
    assert.equal(r.code, 0, `${p}: ${errText(r)}`);
    assert.deepEqual(seen.paths.filter((x) => !x.startsWith("C:\\Windows\\")), [p, p], p);
    const written = seen.writes.get("C:\\Windows\\Temp\\vhdx-shrink-0123\\diskpart.txt");
    assert.deepEqual(written, script, p);
    assert.deepEqual(seen.runs, [{ cmd: "diskpart", args: ["/s", "C:\\Windows\\Temp\\vhdx-shrink-0123\\diskpart.txt"], elevated: true }]);
  }
});

test("the elevated diskpart step refuses a target that is not a file, before writing or running anything", async () => {
  const seen = newSeen();
  const r = await runPowerShell(powershellArgs(diskpartStepScript("\\\\.\\PhysicalDrive0", new Uint8Array([0x41]), "vhdx-shrink-1")), seen, () => false, true);
  assert.equal(r.code, STEP_EXIT.notAFile);
  assert.deepEqual([seen.runs, seen.writes.size], [[], 0]);
});

test("the UAC relaunch starts exactly the program with exactly its arguments, with and without a ticket", async () => {
  for (const p of PATHS) {
    const args = ["/s", p, "x y", ""];
    const plain = newSeen();
    const r = await runPowerShell(runAsPowerShellArgs("diskpart", args), plain, () => false);
    assert.equal(r.code, 0, `${p}: ${errText(r)}`);
    assert.deepEqual(plain.runs, [{ cmd: "diskpart", args, elevated: true }], p);

    const ticket = `C:\\Users\\me\\AppData\\Local\\Temp\\t ${Array.from(p).slice(3, 12).join("")}\\ticket`;
    const ticketed = newSeen();
    const t = await runPowerShell(runAsPowerShellArgs("diskpart", args, { ticket }), ticketed, (x) => x === ticket);
    assert.equal(t.code, 0, `${p}: ${errText(t)}`);
    assert.deepEqual(ticketed.paths, [ticket, `${ticket}.started`], `${p}: the ticket is claimed by renaming it`);
    assert.deepEqual(ticketed.runs.at(-1), { cmd: "diskpart", args, elevated: true }, p);
  }
});
