import { test } from "node:test";
import assert from "node:assert/strict";
import { withSimulatedHost } from "../support/simulated.ts";
import { runCli } from "../support/cli.ts";
import type { SimulatedHost } from "../../simulated/mod.ts";
import { dockerServiceState } from "../../core/docker_desktop/docker_desktop_service.ts";

const DATA = "C:\\Users\\me\\AppData\\Local\\Docker\\wsl\\disk\\docker_data.vhdx";
const MAIN = "C:\\Users\\me\\AppData\\Local\\Docker\\wsl\\main\\ext4.vhdx";
const docker = (extra: Record<string, unknown> = {}) => () => ({ docker: { layout: "4.30" as const, running: true }, elevated: true, ...extra });
const withService = async (host: SimulatedHost, state: "running" | "stopped") => await host.machine.update((s) => void (s.docker.service = state));

test("sc query prints the service's numeric STATE and exits 1060 for a service that is not installed", async () => {
  await withSimulatedHost(docker(), async (host) => {
    const absent = await host.exec("sc", ["query", "com.docker.service"]);
    assert.equal(absent.code, 1060);
    assert.match(absent.stdout, /^\[SC\] EnumQueryServicesStatus:OpenService FAILED 1060:\r?\n\r?\nThe specified service does not exist as an installed service\./m);
    await withService(host, "running");
    const r = await host.exec("sc", ["query", "com.docker.service"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^SERVICE_NAME: com\.docker\.service$/m);
    assert.match(r.stdout, /^\s+STATE\s+: 4  RUNNING$/m);
  });
});

test("on a German Windows the service's state comes from the Service Control Manager, not from sc's translated labels (STATUS)", async () => {
  await withSimulatedHost(docker({ locale: "de-DE" }), async (host) => {
    await withService(host, "running");
    assert.match((await host.exec("sc", ["query", "com.docker.service"])).stdout, /^\s+STATUS\s+: 4  RUNNING$/m);
    assert.equal(await dockerServiceState(host), "running");
    await withService(host, "stopped");
    assert.equal(await dockerServiceState(host), "stopped");
  });
});

test("a limited token stops the service through one elevation, and a declined prompt is reported as ERROR_CANCELLED with the service still running", async () => {
  await withSimulatedHost(docker({ elevated: false }), async (host) => {
    await withService(host, "running");
    assert.equal(await host.isElevated(), false);
    assert.deepEqual(await host.services.stop("com.docker.service"), { state: "stopped" });
    assert.deepEqual(await host.services.start("com.docker.service"), { state: "running" });
    await host.machine.update((s) => void (s.faults.elevationDenied = true));
    const declined = await host.services.stop("com.docker.service");
    assert.equal(declined.state, "running");
    assert.equal(declined.error, 1223);
    assert.equal((await host.services.state("no.such.service")), "absent");
  });
});

test("net stop needs elevation (System error 5, exit 2), stops the service and says when it was not started", async () => {
  await withSimulatedHost(docker({ elevated: false }), async (host) => {
    await withService(host, "running");
    const denied = await host.exec("net", ["stop", "com.docker.service"]);
    assert.equal(denied.code, 2);
    assert.equal(denied.stderr.replace(/\r/g, "").trim(), "System error 5 has occurred.\n\nAccess is denied.");
    const ok = await host.exec("net", ["stop", "com.docker.service"], { elevated: true });
    assert.equal(ok.code, 0);
    assert.equal(await dockerServiceState(host), "stopped");
    await host.machine.update((s) => void (s.elevated = true));
    const again = await host.exec("net", ["stop", "com.docker.service"]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /The Docker Desktop Service service is not started\.[\s\S]*NET HELPMSG 3521/);
    const started = await host.exec("net", ["start", "com.docker.service"]);
    assert.match(started.stdout, /^The Docker Desktop Service service was started successfully\.\r?$/m);
    assert.equal((await host.exec("net", ["stop", "no.such.service"])).stderr.split(/\r?\n/)[0], "The service name is invalid.");
  });
});

test("a running com.docker.service holds docker_data.vhdx after Docker Desktop quit, and only that disk", async () => {
  await withSimulatedHost(docker({ docker: { layout: "4.30" as const, running: false } }), async (host) => {
    assert.equal(await host.fs.isLocked(DATA), false);
    await withService(host, "running");
    assert.equal(await host.fs.isLocked(DATA), true);
    assert.equal(await host.fs.isLocked(MAIN), false);
  });
});

test("doctor names com.docker.service and its state when it holds docker_data.vhdx", async () => {
  await withSimulatedHost(docker({ docker: { layout: "4.30" as const, running: false } }), async (host) => {
    await withService(host, "running");
    const r = await runCli(["doctor", "--json"], host);
    assert.equal(r.code, 0, r.stderr);
    const locked = (JSON.parse(r.stdout) as { checks: { id: string; status: string; title: string; detail?: string; fix?: string }[] }).checks
      .find((c) => c.id === "locked" && c.title.startsWith("docker_data.vhdx:"));
    assert.ok(locked, r.stdout);
    assert.equal(locked.status, "warn");
    assert.match(locked.detail!, /the Docker Desktop Service \(com\.docker\.service, state: running\)/);
    assert.match(locked.fix!, /then com\.docker\.service if it still holds the file \(elevated\)/);
  });
});

test("diskpart on docker_data.vhdx stops com.docker.service when it still holds the file, then starts it and Docker Desktop again", async () => {
  await withSimulatedHost(docker(), async (host) => {
    await withService(host, "running");
    const r = await runCli(["--strategy", "diskpart", "--target", "docker_data.vhdx", "--yes"], host);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^docker_data\.vhdx is in use by:\n  - Docker Desktop\.exe \(PID 12345\)[^\n]*\n  - the Docker Desktop Service \(com\.docker\.service, state: running\)/m);
    assert.match(r.stdout, /Docker Desktop Service \(com\.docker\.service\) was stopped while the disk was in use and started again/);
    const s = await host.machine.read();
    assert.equal(s.docker.service, "running");
    assert.equal(s.docker.running, true);
    assert.deepEqual(s.attached, {});
  });
});

test("a declined administrator prompt for net stop refuses the run, leaves the disk as it was and Docker Desktop running again", async () => {
  await withSimulatedHost(docker({ elevated: false, faults: { elevationDenied: true } }), async (host) => {
    await withService(host, "running");
    const before = (await host.fs.stat(DATA))!;
    const r = await runCli(["--strategy", "diskpart", "--target", "docker_data.vhdx", "--yes"], host);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /com\.docker\.service \(Docker Desktop Service\) holds the disk and did not stop \(the administrator \(UAC\) prompt was declined\).*accept the administrator prompt/);
    const s = await host.machine.read();
    assert.equal(s.docker.service, "running");
    assert.equal(s.docker.running, true);
    assert.equal((await host.fs.stat(DATA))!.size, before.size);
  });
});
