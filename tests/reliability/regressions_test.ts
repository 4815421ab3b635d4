import { test } from "node:test";
import assert from "node:assert/strict";
import { runCase } from "./fuzz_case.ts";
import { loadRegressions } from "./regressions.ts";

test("every input the fuzzer ever crashed on is now opened or refused in one line", async (t) => {
  const all = await loadRegressions();
  t.diagnostic(`${all.length} regression fixtures`);
  for (const { info, bytes } of all) {
    const outcome = await runCase(bytes, { compact: info.compact });
    assert.notEqual(outcome.kind, "bug", `${info.name} (${info.what}) still fails: ${JSON.stringify(outcome)}`);
  }
});
