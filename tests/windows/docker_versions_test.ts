/**
 * The .exe against Docker Desktop 4.30, which has no `docker desktop stop` (docs/windows-facts.md §5):
 * a run from a script is refused with how to quit it by hand, and Docker Desktop is not killed. And
 * against Rancher Desktop, whose engine answers `docker info` but is no Docker Desktop (§10).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { skipReason } from "./suite.ts";
import { GUID, MODERN, scenario, shown, ubuntu } from "./scenario.ts";
import { winPathKey } from "../../simulated/win_path.ts";

const skip = skipReason() ?? false;
const opts = { skip, timeout: 300_000 };

test("export-import with Docker Desktop 4.30 running is refused with how to quit it by hand; Docker and the disk are untouched", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)], docker: { layout: "4.30", running: true, version: "4.30.0" } }));
  const disk = sc.disk(GUID.ubuntu);
  const hash = sc.sha256(disk);
  const r = await sc.product(["--strategy", "sparse", "--allow-unsafe", "--target", "Ubuntu", "--yes"]);
  assert.notEqual(r.code, 0, shown(r));
  assert.match(r.stdout + r.stderr, /no "docker desktop stop" \(it came with 4\.37\).*quit Docker Desktop from its tray icon.*nothing was changed/, shown(r));
  assert.equal(sc.m.state().docker.running, true, "Docker Desktop was not killed");
  assert.equal(sc.sha256(disk), hash);
});

test("with Rancher Desktop running and no Docker Desktop, sparse is not held up by docker info: Rancher Desktop is stopped with rdctl and the report says how to start it again", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s), { name: "rancher-desktop", running: true }] }));
  const info = await sc.m.run("docker.exe", ["info", "--format", "{{.ServerVersion}}"]);
  assert.equal(info.code, 0, "Rancher Desktop's engine answers docker info");
  const r = await sc.product(["--strategy", "sparse", "--allow-unsafe", "--target", "Ubuntu", "--yes"]);
  assert.equal(r.code, 0, shown(r));
  assert.match(r.stdout + r.stderr, /Rancher Desktop was stopped for the shrink: start Rancher Desktop from the Start menu/, shown(r));
  assert.deepEqual(sc.m.state().running, []);
  assert.equal(sc.m.state().sparse[winPathKey(sc.disk(GUID.ubuntu))], true, shown(r));
});
