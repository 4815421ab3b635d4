/**
 * Fleet mode through the .exe under Wine: `check` (the Intune detection contract: exit 1 when a
 * disk reaches the threshold, 0 otherwise, one line under 2,048 characters on stdout) and
 * `fix --unattended` (the remediation: exit codes, one line, the log, and nothing running touched).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { skipReason } from "./suite.ts";
import { debian, GUID, MODERN, scenario, shown, ubuntu } from "./scenario.ts";
import { userEnv } from "./support/machine.ts";

const skip = skipReason() ?? false;
const opts = { skip, timeout: 300_000 };
/** Intune keeps 2,048 characters of a script's output (docs/windows-facts.md §10). */
const INTUNE_OUTPUT_CHARS = 2048;

/** stdout as lines, CRLF or LF. */
const lines = (text: string) => text.split(/\r?\n/).filter((l) => l !== "");

test("check exits 1 with one line naming the disks when one reaches the threshold, 0 below it, and --json is the report", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s), debian(s, { running: true })] }));
  const over = await sc.product(["check", "--threshold", "1MB"]);
  assert.equal(over.code, 1, shown(over));
  assert.equal(lines(over.stdout).length, 1, shown(over));
  assert.ok(over.stdout.length < INTUNE_OUTPUT_CHARS);
  assert.match(over.stdout, /^2 disks, [\d.]+ \w+ reclaimable, [12] at or above 1\.0 Mi?B: /, shown(over));
  assert.match(over.stdout, /[:,] Ubuntu [\d.]+ \w+(, |\r?\n$)/, shown(over));
  // Wine lets the product read a running distro's file (no VM holds it), so its estimate is known too.
  assert.match(over.stdout, /[:,] Debian [\d.?]+ ?\w* ?\(in use\)(, |\r?\n$)/, shown(over));
  assert.equal(over.stderr.trim(), "", "the answer is the exit code, not an error line");

  const under = await sc.product(["check", "--threshold", "500GB"]);
  assert.equal(under.code, 0, shown(under));
  assert.equal(lines(under.stdout).length, 1, shown(under));

  const json = await sc.product(["check", "--threshold", "1MB", "--json"]);
  assert.equal(json.code, 1, shown(json));
  const doc = JSON.parse(json.stdout) as { reclaimable: boolean; disks: { target: { name: string }; reclaimable: number | null; inUse: string | null }[] };
  assert.equal(doc.reclaimable, true);
  assert.ok(doc.disks.find((d) => d.target.name === "Ubuntu")!.reclaimable! > 1024 * 1024, json.stdout);
  assert.match(doc.disks.find((d) => d.target.name === "Debian")!.inUse ?? "", /Debian is running/);
});

test("check's one line stays under 2,048 characters with twenty long-named distros", opts, async () => {
  const names = Array.from({ length: 20 }, (_, i) => `Fleet-${String(i).padStart(2, "0")}-${"x".repeat(100)}`);
  const sc = await scenario(() => ({ ...MODERN, distros: names.map((name) => ({ name })) }));
  const r = await sc.product(["check"]);
  assert.equal(r.code, 0, shown(r));
  assert.equal(lines(r.stdout).length, 1, shown(r));
  assert.ok(r.stdout.length < INTUNE_OUTPUT_CHARS && r.stdout.length > 1800, `${r.stdout.length} characters`);
  assert.match(r.stdout, /^20 disks, .*, \+\d+ more\r?\n$/);
});

test("fix --unattended shrinks the stopped distro, leaves the running distro and Docker Desktop's disk untouched, exits 4 and logs", opts, async () => {
  const sc = await scenario((s) => ({
    ...MODERN, distros: [ubuntu(s), debian(s, { running: true })],
    docker: { layout: "4.30", running: true, dataVhd: s.disks.dockerData.path },
  }));
  const UBUNTU = sc.disk(GUID.ubuntu);
  const DEBIAN = sc.disk(GUID.debian);
  const data = `${userEnv().LOCALAPPDATA}\\Docker\\wsl\\disk\\docker_data.vhdx`;
  const before = { ubuntu: sc.size(UBUNTU), debian: sc.sha256(DEBIAN), data: sc.sha256(data), running: [...sc.m.state().running].sort() };
  assert.ok(before.running.includes("Debian"), before.running.join());

  const r = await sc.product(["fix", "--unattended", "--threshold", "1MB"]);
  assert.equal(r.code, 4, shown(r));
  assert.equal(lines(r.stdout).length, 1, shown(r));
  assert.match(r.stdout, /^shrank 1 of 3 disks at or above 1\.0 Mi?B, [\d.]+ \w+ given back: /, shown(r));
  assert.match(r.stdout, /Ubuntu [\d.]+ \w+/);
  assert.match(r.stdout, /Debian skipped \(in use\)/);
  assert.match(r.stdout, /docker_data\.vhdx skipped \(in use\)/);

  assert.ok(sc.size(UBUNTU) < before.ubuntu / 2, `${before.ubuntu} -> ${sc.size(UBUNTU)}`);
  await sc.judge(UBUNTU, sc.s.disks.ubuntu);
  assert.equal(sc.sha256(DEBIAN), before.debian, "the running distro's disk is byte-identical");
  assert.equal(sc.sha256(data), before.data, "Docker Desktop's disk is byte-identical");
  const state = sc.m.state();
  assert.deepEqual([...state.running].sort(), before.running, "what ran still runs (Debian, Docker Desktop's distro)");
  assert.equal(state.docker.running, true, "Docker Desktop still runs");

  const log = readFileSync(sc.m.real(`${userEnv().LOCALAPPDATA}\\vhdx-shrink\\fix.log`), "utf8");
  assert.match(log, /Ubuntu \(.*\): shrunk \d+ bytes/);
  assert.match(log, /exit 4\r?\n$/);
  assert.equal(sc.exists(`${userEnv().LOCALAPPDATA}\\vhdx-shrink\\fix.vhdx-shrink.lock`), false, "the run lock is released");

  const again = await sc.product(["fix", "--unattended", "--threshold", "1MB", "--target", "Ubuntu"]);
  assert.equal(again.code, 0, shown(again));
  assert.match(again.stdout, /^nothing to do: 1 disk, none can give back 1\.0 Mi?B\r?\n$/);
  const plain = await sc.product(["fix"]);
  assert.equal(plain.code, 2, shown(plain));
});
