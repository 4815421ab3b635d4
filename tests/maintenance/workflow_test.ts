import { test } from "node:test";
import assert from "node:assert/strict";
import { withSimulatedHost } from "../support/simulated.ts";
import { runCli } from "../support/cli.ts";
import { restartDocker } from "../../core/maintenance/docker_restart.ts";

const docker = (running = true) => () => ({
  elevated: true, distros: [{ name: "Ubuntu" }],
  docker: { layout: "4.30" as const, running, reclaimableBytes: 3_000_000_000, buildCacheBytes: 1_000_000_000 },
});
const DATA = ["--strategy", "diskpart", "--target", "docker_data.vhdx"];

test("--prune lists what Docker would delete and refuses without --yes when nobody can answer", async () => {
  await withSimulatedHost(docker(), async (host) => {
    const r = await runCli(["--prune", ...DATA], host);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^  Build Cache\s+12\s+0\s+1GB\s+1GB$/m);
    assert.match(r.stdout, /^  docker system prune -a --volumes -f$/m);
    assert.match(r.stdout, /^  docker builder prune --all -f$/m);
    assert.match(r.stderr, /--prune deletes every unused image.*add --yes/);
    assert.equal((await host.machine.read()).docker.reclaimableBytes, 3_000_000_000);
  });
});

test("--prune --yes reports what Docker freed, shows the VHDX did not shrink, then runs the strategy and waits for Docker", async () => {
  await withSimulatedHost(docker(), async (host) => {
    const r = await runCli(["--prune", ...DATA, "--yes"], host);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Docker reports 2\.8 GiB freed\.$/m);
    assert.match(r.stdout, /^docker_data\.vhdx is still 4\.0 MiB on the host \(was 4\.0 MiB\): Docker freed space inside the disk, not the file\./m);
    assert.match(r.stdout, /^docker_data\.vhdx is in use by:\n  - Docker Desktop\.exe \(PID 12345\)/m);
    assert.match(r.stdout, /^Docker Desktop is running again \(docker-desktop up after \d+ s\)$/m);
    const s = await host.machine.read();
    assert.equal(s.docker.reclaimableBytes, 0);
    assert.equal(s.docker.running, true);
    assert.ok(s.running.includes("docker-desktop"));
  });
});

test("--prune=builder deletes only the build cache", async () => {
  await withSimulatedHost(docker(), async (host) => {
    const r = await runCli(["--prune=builder", ...DATA, "--yes"], host);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /docker system prune/);
    assert.equal((await host.machine.read()).docker.reclaimableBytes, 2_000_000_000);
  });
});

test("--prune needs Docker Desktop running and changes nothing otherwise", async () => {
  await withSimulatedHost(docker(false), async (host) => {
    const r = await runCli(["--prune", ...DATA, "--yes"], host);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--prune needs Docker Desktop running/);
  });
});

test("--dry-run with --prune shows the clean-up but prunes nothing", async () => {
  await withSimulatedHost(docker(), async (host) => {
    const r = await runCli(["--prune", ...DATA, "--dry-run"], host);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Dry run: Docker was not pruned\./);
    assert.equal((await host.machine.read()).docker.reclaimableBytes, 3_000_000_000);
  });
});

test("--restart-docker starts Docker Desktop even when it was not running, and --retrim retrims the drive", async () => {
  await withSimulatedHost(docker(false), async (host) => {
    const r = await runCli([...DATA, "--yes", "--restart-docker", "--retrim"], host);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Docker Desktop is running again/m);
    assert.match(r.stdout, /^Host volume: retrimmed C: \(defrag C: \/L\)$/m);
    assert.equal((await host.machine.read()).docker.running, true);
  });
});

test("--no-restart-docker leaves a stopped Docker Desktop stopped", async () => {
  await withSimulatedHost(docker(false), async (host) => {
    const r = await runCli([...DATA, "--yes", "--no-restart-docker"], host);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /Docker Desktop is running again/);
    assert.equal((await host.machine.read()).docker.running, false);
  });
});

test("a retrim the user declines at the UAC prompt is a warning, not a failure", async () => {
  await withSimulatedHost(() => ({ ...docker(false)(), elevated: false, faults: { elevationDenied: true } }), async (host) => {
    const r = await runCli(["--strategy", "native", "--target", "Ubuntu", "--yes", "--retrim"], host);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: defrag C: \/L failed \(exit \d+/);
  });
});

test("waiting for Docker's distro stops at the time limit with a message that says what to check", async () => {
  await withSimulatedHost(docker(true), async (host) => {
    // Docker Desktop runs but its distro never comes up: the engine is stuck.
    await host.machine.update((s) => void (s.running = []));
    let clock = 0;
    const r = await restartDocker(host, { timeoutMs: 10_000, pollMs: 2_000, now: () => clock, sleep: (ms) => Promise.resolve(void (clock += ms)) });
    assert.equal(r.started, false);
    assert.equal(r.distroRunning, false);
    assert.equal(r.waitedMs, 10_000);
    assert.match(r.message, /docker-desktop is not running after 10 s: open Docker Desktop/);
  });
});

test("--prune with only Rancher Desktop's engine answering docker is refused: its images are not Docker Desktop's to delete", async () => {
  await withSimulatedHost(() => ({ distros: [{ name: "Ubuntu" }, { name: "rancher-desktop", running: true }] }), async (host) => {
    assert.equal((await host.exec("docker", ["info"])).code, 0, "Rancher Desktop's engine answers the docker CLI");
    const calls: string[] = [];
    const exec = host.exec.bind(host);
    host.exec = (cmd, args, opts) => {
      calls.push([cmd, ...args].join(" "));
      return exec(cmd, args, opts);
    };
    const r = await runCli(["--prune", "--strategy", "native", "--target", "Ubuntu", "--yes"], host);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--prune needs Docker Desktop running.*nothing was changed/);
    assert.deepEqual(calls.filter((c) => /prune/.test(c)), []);
  });
});
