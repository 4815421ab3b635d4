import { test } from "node:test";
import assert from "node:assert/strict";
import { withSimulatedHost } from "../support/simulated.ts";

const CREATE = ["/Create", "/TN", "vhdx-shrink", "/TR", "\"C:\\Users\\me\\AppData\\Local\\vhdx-shrink\\scheduled-shrink.cmd\"", "/SC", "WEEKLY", "/D", "SUN", "/ST", "03:00", "/F"];

test("schtasks creates, lists and deletes a task with the texts Windows prints", async () => {
  await withSimulatedHost(() => ({}), async (host) => {
    const c = await host.exec("schtasks", CREATE);
    assert.equal(c.code, 0);
    assert.equal(c.stdout.trim(), "SUCCESS: The scheduled task \"vhdx-shrink\" has successfully been created.");
    const q = await host.exec("schtasks", ["/Query", "/TN", "vhdx-shrink", "/FO", "LIST", "/V"]);
    assert.equal(q.code, 0);
    assert.match(q.stdout, /^TaskName:\s+\\vhdx-shrink$/m);
    assert.match(q.stdout, /^Next Run Time:\s+\d+\/\d+\/\d{4} 3:00:00 AM$/m);
    assert.match(q.stdout, /^Task To Run:\s+"C:\\Users\\me\\AppData\\Local\\vhdx-shrink\\scheduled-shrink\.cmd"$/m);
    const d = await host.exec("schtasks", ["/Delete", "/TN", "vhdx-shrink", "/F"]);
    assert.equal(d.stdout.trim(), "SUCCESS: The scheduled task \"vhdx-shrink\" was successfully deleted.");
    const gone = await host.exec("schtasks", ["/Query", "/TN", "vhdx-shrink"]);
    assert.equal(gone.code, 1);
    assert.equal(gone.stderr.trim(), "ERROR: The system cannot find the file specified.");
  });
});

test("schtasks refuses a /TR longer than 261 characters and /RL HIGHEST from a non-elevated process", async () => {
  await withSimulatedHost(() => ({ elevated: false }), async (host) => {
    const long = CREATE.map((a, i) => CREATE[i - 1] === "/TR" ? `"C:\\${"x".repeat(260)}.cmd"` : a);
    const r = await host.exec("schtasks", long);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Value for '\/TR' option cannot be more than 261 character\(s\)\./);
    const h = await host.exec("schtasks", [...CREATE, "/RL", "HIGHEST"]);
    assert.equal(h.code, 1);
    assert.equal(h.stderr.trim(), "ERROR: Access is denied.");
  });
});

test("defrag /L retrims only when elevated", async () => {
  await withSimulatedHost(() => ({ elevated: false }), async (host) => {
    const denied = await host.exec("defrag", ["C:", "/L"]);
    assert.notEqual(denied.code, 0);
    assert.match(denied.stdout, /insufficient privileges/);
    const ok = await host.exec("defrag", ["C:", "/L"], { elevated: true });
    assert.equal(ok.code, 0);
  });
  await withSimulatedHost(() => ({ elevated: true }), async (host) => {
    const r = await host.exec("defrag", ["C:", "/L"]);
    assert.match(r.stdout, /Invoking retrim on \(C:\)\.\.\.[\s\S]*The operation completed successfully\./);
  });
});

test("docker system df lists build cache apart, and builder prune frees only that", async () => {
  await withSimulatedHost(() => ({ docker: { layout: "4.30", running: true, reclaimableBytes: 3_000_000_000, buildCacheBytes: 1_200_000_000 } }), async (host) => {
    const df = await host.exec("docker", ["system", "df"]);
    assert.match(df.stdout, /^TYPE\s+TOTAL\s+ACTIVE\s+SIZE\s+RECLAIMABLE$/m);
    assert.match(df.stdout, /^Build Cache\s+\d+\s+0\s+1\.2GB\s+1\.2GB$/m);
    const b = await host.exec("docker", ["builder", "prune", "--all", "-f"]);
    assert.match(b.stdout, /^Total:\t1\.2GB$/m);
    const s = await host.exec("docker", ["system", "prune", "-a", "--volumes", "-f"]);
    assert.match(s.stdout, /^Total reclaimed space: 1\.8GB$/m);
  });
});
