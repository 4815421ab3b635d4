import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { InterruptedError, RefusedError, TargetBusyError, UsageError, UserFacingError } from "./errors.ts";

let copy: Promise<typeof import("./errors.ts")> | undefined;

/**
 * A second copy of this module, as the CLI bundle and the library bundle each hold one: the same
 * source in another file (errors.ts imports nothing), so every runtime loads it as a module of its own.
 */
function otherCopy(): Promise<typeof import("./errors.ts")> {
  copy ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "vhdx-shrink-errors-copy-"));
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "errors.ts");
    writeFileSync(file, readFileSync(new URL("./errors.ts", import.meta.url), "utf8"));
    return await import(pathToFileURL(file).href);
  })();
  return copy;
}

test("a RefusedError from another copy of the module is a RefusedError and a UserFacingError here", async () => {
  const other = await otherCopy();
  assert.notEqual(other.RefusedError, RefusedError, "the test needs a distinct copy of the classes");
  const e = new other.RefusedError("not enough space on D:");
  assert.ok(e instanceof RefusedError);
  assert.ok(e instanceof UserFacingError);
  assert.equal(e instanceof TargetBusyError, false);
  assert.equal(e instanceof UsageError, false);
  assert.equal(e.code, "refused");
  assert.equal(e.exitCode, 1);
});

test("errors keep their code and exit code, and a plain Error or a look-alike object is not user-facing", async () => {
  const other = await otherCopy();
  assert.equal(new other.UsageError("bad flag").exitCode, 2);
  assert.ok(new other.UsageError("bad flag") instanceof UsageError);
  assert.equal(new InterruptedError("stopped").code, "interrupted");
  assert.equal(new UserFacingError("x").code, "user-facing");
  assert.equal(new Error("boom") instanceof UserFacingError, false);
  const lookAlike: object = { code: "refused", message: "x" };
  assert.equal(lookAlike instanceof RefusedError, false);
});

test("a subclass without its own code is recognised through its parent's code only", async () => {
  class NoSpaceError extends RefusedError {}
  const e = new NoSpaceError("no space");
  assert.equal(e.code, "refused");
  assert.ok(e instanceof NoSpaceError);
  assert.ok(e instanceof RefusedError);
  assert.equal(new RefusedError("x") instanceof NoSpaceError, false);
  const other = await otherCopy();
  assert.ok(e instanceof other.RefusedError);
});
