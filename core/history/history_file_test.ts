import { test } from "node:test";
import assert from "node:assert/strict";
import { withSimulatedHost } from "../../tests/support/simulated.ts";
import { appendHistory, historyPath, parseHistory, readHistory, trimToNewest } from "./history_file.ts";
import type { HistoryRecord } from "./history_file.ts";

const rec = (i: number): HistoryRecord => ({ at: new Date(Date.UTC(2026, 0, 1) + i * 3600_000).toISOString(), event: "size", name: "Ubuntu", path: "C:\\wsl\\ext4.vhdx", size: 1000 + i, by: "list" });

test("the history lives in LOCALAPPDATA\\vhdx-shrink on Windows and under XDG_STATE_HOME or ~/.local/state elsewhere", async () => {
  await withSimulatedHost(() => ({}), async (host) => {
    assert.equal(historyPath(host), host.path.join(host.env("LOCALAPPDATA")!, "vhdx-shrink", "history.jsonl"));
  });
  const fake = (env: Record<string, string>) => ({ env: (n: string) => env[n], path: { join: (...p: string[]) => p.join("/") } }) as unknown as Parameters<typeof historyPath>[0];
  assert.equal(historyPath(fake({ XDG_STATE_HOME: "/s", HOME: "/h" })), "/s/vhdx-shrink/history.jsonl");
  assert.equal(historyPath(fake({ HOME: "/h" })), "/h/.local/state/vhdx-shrink/history.jsonl");
  assert.equal(historyPath(fake({})), null);
});

test("appended records read back in order, and a broken line is skipped", async () => {
  await withSimulatedHost(() => ({}), async (host) => {
    await appendHistory(host, [rec(0), rec(1)]);
    const path = historyPath(host)!;
    await host.fs.writeText(path, (await host.fs.readText(path)) + "{\"at\":\"2026-01-0\n");
    await appendHistory(host, [rec(2)]);
    assert.deepEqual(await readHistory(host), [rec(0), rec(1), rec(2)]);
    assert.deepEqual((await host.fs.listDir(host.path.dirname(path))).filter((f) => f.endsWith(".tmp")), []);
  });
});

test("the history stays within its byte limit and keeps the newest whole lines", async () => {
  await withSimulatedHost(() => ({}), async (host) => {
    const line = JSON.stringify(rec(0)).length + 1;
    for (let i = 0; i < 30; i += 3) await appendHistory(host, [rec(i), rec(i + 1), rec(i + 2)], line * 10);
    const text = await host.fs.readText(historyPath(host)!);
    assert.ok(text.length <= line * 10, `${text.length} bytes`);
    assert.deepEqual(parseHistory(text).map((r) => r.size), [1020, 1021, 1022, 1023, 1024, 1025, 1026, 1027, 1028, 1029]);
  });
});

test("trimToNewest never keeps part of a line", () => {
  assert.equal(trimToNewest("aaaa\nbb\ncc\n", 7), "bb\ncc\n");
  assert.equal(trimToNewest("aaaa\nbb\ncc\n", 5), "cc\n");
  assert.equal(trimToNewest("ü\n", 2), "");
});
