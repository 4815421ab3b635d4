/**
 * `vhdx-shrink doctor [--target T] [--export-path DIR] [--json]`: checks what would stop or slow a
 * shrink and explains each finding with its fix. Exits 0 when nothing blocks, 1 when a check fails.
 * @module
 */
import type { Command } from "commander";
import type { App } from "../app.ts";
import { withGlobalOptions } from "../global_options.ts";
import { looksLikePath, resolveTargets, TARGET_FLAG, targetSpec } from "../targets.ts";
import { makeContext } from "../context.ts";
import { discoverTargets } from "../../core/discover/mod.ts";
import { runDoctor } from "../../core/doctor/doctor_checks.ts";
import type { CheckStatus } from "../../core/doctor/doctor_check.ts";
import { DoctorFailedError } from "../../core/doctor/doctor_error.ts";

const EXAMPLES = `
Examples:
  vhdx-shrink doctor
  vhdx-shrink doctor --target Ubuntu
  vhdx-shrink doctor --json            exit 0: nothing blocks; exit 1: a check failed`;

/** Adds the `doctor` command. */
export function addDoctorCommand(program: Command, app: () => Promise<App>): void {
  withGlobalOptions(program.command("doctor"))
    .description("check this machine for what would stop a shrink, and say how to fix it")
    .argument("[target]", "check one distro, Docker disk or VHDX file (default: all)")
    .option(TARGET_FLAG, "the same as TARGET")
    .option("--export-path <dir>", "where an export would go (default: %TEMP%)")
    .addHelpText("after", EXAMPLES)
    .action(async (spec: string | undefined, opts: { target?: string; exportPath?: string }) => {
      const a = await app();
      const target = targetSpec(spec, opts.target);
      // A path is found or refused as every command does it (missing, a folder, a file that is not a
      // VHDX); a name that matches nothing is the doctor's own finding, with the names it knows.
      if (target !== undefined && (looksLikePath(target) || await a.host.fs.exists(target))) await resolveTargets(a.host, target);
      const ctx = makeContext(a, {});
      const discovery = await discoverTargets(a.host);
      const checks = await runDoctor({
        ctx, discovery, plugins: a.registry.list().map((e) => e.plugin), targetSpec: target, exportPath: opts.exportPath,
      });
      const failed = checks.filter((c) => c.status === "fail");
      if (a.out.opts.json) {
        a.out.json({ ok: failed.length === 0, checks });
      } else {
        if (!a.host.isWindows) a.out.result("Not Windows: only file checks apply here (WSL, Docker Desktop and Hyper-V checks need Windows).");
        const mark: Record<CheckStatus, string> = {
          ok: a.out.style.green("[ok]"), info: a.out.style.dim("[--]"), warn: a.out.style.yellow("[!!]"), fail: a.out.style.red("[no]"),
        };
        for (const c of checks) {
          a.out.result(`${mark[c.status]} ${c.title}`);
          if (c.detail) a.out.print(`     ${c.detail}`);
          if (c.fix) a.out.result(`     fix: ${c.fix}`);
        }
        const warned = checks.filter((c) => c.status === "warn").length;
        if (failed.length === 0) a.out.result(`\nNothing blocks a shrink${warned ? ` (${warned} warning${warned > 1 ? "s" : ""})` : ""}.`);
      }
      if (failed.length > 0) {
        throw new DoctorFailedError(`${failed.length} check${failed.length > 1 ? "s" : ""} failed: ${failed.map((c) => c.title).join("; ")}`);
      }
    });
}
