import { test } from "node:test";
import assert from "node:assert/strict";
import { withSimulatedHost } from "../../tests/support/simulated.ts";
import { quiesce, resume } from "./quiesce.ts";
import { TargetBusyError } from "../errors.ts";
import { engineOfDistro } from "../docker_desktop/other_engines.ts";

test("Rancher Desktop and Podman distros belong to their engines; others to nobody", () => {
  assert.equal(engineOfDistro("rancher-desktop")?.id, "rancher-desktop");
  assert.equal(engineOfDistro("Rancher-Desktop-Data")?.id, "rancher-desktop");
  assert.equal(engineOfDistro("podman-machine-default")?.id, "podman");
  assert.equal(engineOfDistro("Ubuntu"), undefined);
  assert.equal(engineOfDistro("docker-desktop"), undefined);
});

test("quiesce stops a running Rancher Desktop and Podman with their own commands first, and the report says how to start them again", async () => {
  await withSimulatedHost(() => ({ distros: [{ name: "Ubuntu", running: true }, { name: "rancher-desktop", running: true }, { name: "rancher-desktop-data" }, { name: "podman-machine-default", running: true }] }), async (host) => {
    const calls: string[] = [];
    const exec = host.exec.bind(host);
    host.exec = (cmd, args, opts) => {
      calls.push([cmd, ...args].join(" "));
      return exec(cmd, args, opts);
    };
    const q = await quiesce(host);
    assert.deepEqual(q.enginesStopped?.map((e) => e.id), ["rancher-desktop", "podman"]);
    const stops = calls.filter((c) => /^(rdctl|podman|wsl\.exe --shutdown)/.test(c));
    assert.deepEqual(stops, ["rdctl shutdown", "podman machine stop", "wsl.exe --shutdown"], calls.join("\n"));
    assert.deepEqual((await host.machine.read()).running, []);
    assert.equal(await resume(host, q), "Rancher Desktop was stopped for the shrink: start Rancher Desktop from the Start menu; Podman was stopped for the shrink: run podman machine start");
  });
});

test("an engine that cannot be told to stop is refused before anything is stopped", async () => {
  await withSimulatedHost(() => ({ distros: [{ name: "Ubuntu", running: true }, { name: "podman-machine-default", running: true }] }), async (host) => {
    const exec = host.exec.bind(host);
    host.exec = (cmd, args, opts) => cmd === "podman" ? Promise.resolve({ code: -1, stdout: "", stderr: "podman: spawn podman ENOENT", timedOut: false }) : exec(cmd, args, opts);
    await assert.rejects(quiesce(host), (e: unknown) => e instanceof TargetBusyError && /Podman is running .*podman is not on PATH.*podman machine stop.*nothing was changed/.test((e as Error).message));
    assert.deepEqual((await host.machine.read()).running.sort(), ["Ubuntu", "podman-machine-default"]);
  });
});
