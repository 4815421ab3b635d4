/**
 * doctor's health checks through the .exe under Wine: a WSL 1 distro (no VHDX) and Docker Desktop's
 * disk limit read from its settings-store.json against the real free space of the volume.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { skipReason } from "./suite.ts";
import { MODERN, scenario, shown, ubuntu } from "./scenario.ts";
import { userEnv } from "./support/machine.ts";

const skip = skipReason() ?? false;
const opts = { skip, timeout: 300_000 };

interface Check { id: string; status: string; title: string; fix?: string }

test("doctor names a WSL 1 distro with its conversion and warns when Docker Desktop's disk limit exceeds the free space", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s), { name: "Legacy", wsl1: true }], docker: { layout: "4.30", dataVhd: s.disks.dockerData.path } }));
  const dir = sc.m.real(`${userEnv().APPDATA}\\Docker`);
  mkdirSync(dir, { recursive: true });
  // 1 PiB: more than any test machine's volume holds.
  writeFileSync(`${dir}/settings-store.json`, JSON.stringify({ DiskSizeMiB: 1024 ** 3 }));
  const r = await sc.product(["doctor", "--json"]);
  assert.ok(r.code === 0 || r.code === 1, shown(r));
  const checks = (JSON.parse(r.stdout) as { checks: Check[] }).checks;
  const wsl1 = checks.find((c) => c.id === "wsl1");
  assert.equal(wsl1?.fix, "to move it to WSL 2 (a VHDX this tool can shrink): wsl --set-version Legacy 2", JSON.stringify(checks));
  const limit = checks.find((c) => c.id === "docker-disk-limit");
  assert.equal(limit?.status, "warn", JSON.stringify(limit));
  assert.match(limit!.title, /^Docker Desktop's disk may grow to 1\.0 PiB, but its volume has /);
});
