/**
 * The one emulator program of the Wine suite. Copied as `wsl.exe`, `diskpart.exe`, `powershell.exe`,
 * `net.exe`, ... it runs the emulated tool named by its own file name (simulated/tools) on a
 * {@link RealFilesMachine}: real `C:\` files, Wine's real registry, and `state.json` in the folder
 * named by `VHDX_SHRINK_WINE_STATE`. Its exit code and output bytes are the tool's, unchanged.
 * @module
 */
import { spawnSync } from "node:child_process";
import { writeSync } from "node:fs";
import { dirname } from "node:path";
import { findTool } from "../../../simulated/tools/mod.ts";
import type { ToolContext, ToolResult } from "../../../simulated/tools/mod.ts";
import { RealFilesMachine } from "../../../simulated/real_files_machine.ts";
import { regExeStore } from "./reg_exe_store.ts";
import { reconcileDesktopProcess } from "./desktop_process.ts";

/** Environment variable naming the state folder (a Windows path such as `Z:\tmp\...\state`). */
export const STATE_ENV = "VHDX_SHRINK_WINE_STATE";
/** Set to "1" in processes started by the emulated `Start-Process -Verb RunAs`: an elevated token. */
export const ELEVATED_ENV = "VHDX_SHRINK_WINE_ELEVATED";

const name = process.execPath.replace(/^.*[\\/]/, "").replace(/\.exe$/i, "").toLowerCase();

/** A Windows exit code above 2^31 (wsl.exe's -1 is 0xFFFFFFFF) as the signed number the process returned. */
const signedExitCode = (code: number): number => (code >= 0x80000000 ? code - 0x100000000 : code);

/**
 * Starts a real program (another emulator, or one of Wine's), elevated by passing the marker down.
 * An elevated child never gets the limited-token switch (a UAC-elevated process starts with the
 * user's default environment: core/host/limited_token.ts).
 */
function runChild(cmd: string, args: string[], elevated: boolean): Promise<ToolResult> {
  const env = { ...process.env, [ELEVATED_ENV]: elevated ? "1" : "", ...(elevated ? { VHDX_SHRINK_LIMITED_TOKEN: "" } : {}) };
  const r = spawnSync(cmd, args, { env, windowsHide: true, maxBuffer: 256 * 1024 * 1024 });
  const empty = new Uint8Array(0);
  if (r.error) return Promise.resolve({ code: -1, stdout: empty, stderr: new TextEncoder().encode(`${cmd}: ${r.error.message}\n`) });
  return Promise.resolve({ code: signedExitCode(r.status ?? 1), stdout: r.stdout ?? empty, stderr: r.stderr ?? empty });
}

async function main(): Promise<number> {
  const tool = findTool(name);
  const stateDir = process.env[STATE_ENV];
  if (!tool || !stateDir) {
    writeSync(2, `vhdx-shrink Wine emulator: no emulated tool "${name}" or ${STATE_ENV} unset\n`);
    return 9009;
  }
  const machine = new RealFilesMachine(stateDir, regExeStore());
  const state = await machine.read();
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === "string"));
  const ctx: ToolContext = {
    env,
    machine,
    elevated: state.elevated || process.env[ELEVATED_ENV] === "1",
    run: (cmd, args, opts) => runChild(cmd, args, opts?.elevated ?? ctx.elevated),
  };
  const r = await tool(process.argv.slice(2), ctx);
  // Docker Desktop's process follows the state the tool left (desktop_process.ts).
  reconcileDesktopProcess(dirname(process.execPath), state.docker.running, (await machine.read()).docker.running);
  if (r.stdout.length) writeSync(1, r.stdout);
  if (r.stderr.length) writeSync(2, r.stderr);
  return r.code;
}

main().then((code) => process.exit(code), (e: unknown) => {
  writeSync(2, `${name}: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
