import { test } from "node:test";
import assert from "node:assert/strict";
import { withSimulatedHost } from "../../tests/support/simulated.ts";
import { dockerDesktopRunning, stopDockerDesktop } from "./docker_desktop.ts";
import { TargetBusyError } from "../errors.ts";

for (const engine of [
  { name: "Rancher Desktop", distros: ["rancher-desktop", "rancher-desktop-data"] },
  { name: "Podman", distros: ["podman-machine-default"] },
]) {
  test(`${engine.name}'s engine answering docker info is not a running Docker Desktop`, async () => {
    await withSimulatedHost(() => ({ distros: engine.distros.map((name, i) => ({ name, running: i === 0 })) }), async (host) => {
      const info = await host.exec("docker", ["info", "--format", "{{.ServerVersion}}"]);
      assert.equal(info.code, 0, "the other engine answers through the docker CLI");
      assert.equal(await dockerDesktopRunning(host), false);
    });
  });
}

test("a running Docker Desktop is seen with docker.exe missing from PATH, and is never stopped blindly", async () => {
  await withSimulatedHost(() => ({ docker: { layout: "4.30", running: true } }), async (host) => {
    await host.machine.update((s) => void (s.docker.installed = false));
    assert.equal((await host.exec("docker", ["desktop", "status"])).code, -1, "docker cannot be started");
    assert.equal(await dockerDesktopRunning(host), true);
    await assert.rejects(stopDockerDesktop(host), (e: unknown) => e instanceof TargetBusyError && /docker CLI is not on PATH.*Quit Docker Desktop.*nothing was changed/.test((e as Error).message));
    assert.equal((await host.machine.read()).docker.running, true);
  });
});

test("Docker Desktop stopped and no other engine: not running", async () => {
  await withSimulatedHost(() => ({ docker: { layout: "4.30", running: false } }), async (host) => {
    assert.equal(await dockerDesktopRunning(host), false);
  });
});
