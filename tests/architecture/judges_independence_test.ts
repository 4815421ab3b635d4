// The judges are independent of the product: the emulated Windows tools (simulated/, the Wine
// emulator under tests/windows/emulator/) and the Wine suite's assertions never compute a result
// with the product's code. A parser, encoder or disk writer shared with the product would agree
// with the product's mistakes: the emulators have their own (simulated/reg_text.ts,
// simulated/code_pages.ts, simulated/vhdx_writer.ts) and real tools judge the disks.
// `*_test.ts` files under simulated/ are exempt: they hold the product to the emulators
// (simulated/tools/crt_argv_test.ts quotes with the product and parses with the emulated CRT).
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { importEdges, tsFilesUnder } from "./import_graph.ts";
import type { ImportEdge } from "./import_graph.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Product modules any judge may import: they compute nothing a test checks. */
const ALLOWED_EVERYWHERE: Record<string, string> = {
  "core/host/host.ts": "the Host interface and its value types, which the simulated machine implements",
  "core/io/block_file.ts": "the file handle HostFs hands out; opening a real file and moving its bytes",
  "core/host/local_fs.ts": "file-system plumbing: the not-found error test and removing a tree",
};

/**
 * SimulatedHost is the product's Host running against the simulated machine: decoding the bytes the
 * emulated tools print, reading the registry through `reg query`, building the elevation script and
 * honouring the limited-token switch are the Host's own work there as on the Node host, so the code under test, not a judge. The
 * emulated tools it runs use none of these.
 */
const ALLOWED_IN: Record<string, string[]> = {
  "simulated/simulated_host.ts": ["core/host/decode.ts", "core/host/console_code_page.ts", "core/host/reg_query.ts", "core/host/elevation_script.ts", "core/host/limited_token.ts"],
};

/** Why the import `e` breaks the rule; null when it is allowed. */
export function judgeImportProblem(e: ImportEdge): string | null {
  if (!e.to.startsWith("core/")) return null;
  if (e.to in ALLOWED_EVERYWHERE || ALLOWED_IN[e.from]?.includes(e.to)) return null;
  return `${e.from} imports the product's ${e.to}`;
}

function judgeFiles(): string[] {
  const simulated = tsFilesUnder(ROOT, "simulated").filter((f) => !f.endsWith("_test.ts"));
  return [...simulated, ...tsFilesUnder(ROOT, "tests/windows")];
}

test("the rule allows the Host types and refuses the product's parsers, encoders and VHDX writer", () => {
  assert.equal(judgeImportProblem({ from: "simulated/state.ts", to: "core/host/host.ts" }), null);
  assert.equal(judgeImportProblem({ from: "simulated/tools/tool.ts", to: "simulated/code_pages.ts" }), null);
  assert.equal(judgeImportProblem({ from: "simulated/simulated_host.ts", to: "core/host/decode.ts" }), null);
  assert.match(judgeImportProblem({ from: "simulated/tools/tool.ts", to: "core/host/decode.ts" })!, /core\/host\/decode\.ts/);
  assert.match(judgeImportProblem({ from: "tests/windows/scenario.ts", to: "core/host/reg_query.ts" })!, /reg_query/);
  assert.match(judgeImportProblem({ from: "simulated/vhdx_files.ts", to: "core/vhdx/create_vhdx.ts" })!, /create_vhdx/);
});

test("nothing under simulated/ or tests/windows/ imports product code from core/ beyond the allow-list", () => {
  const files = judgeFiles();
  assert.ok(files.includes("simulated/vhdx_files.ts") && files.includes("tests/windows/scenario.ts") && files.includes("tests/windows/emulator/reg_exe_store.ts"), "the judges' files were found");
  const edges = importEdges(ROOT, files);
  assert.ok(edges.some((e) => e.to === "core/host/host.ts"), "imports were read");
  assert.deepEqual(edges.map(judgeImportProblem).filter((x) => x !== null), []);
});
