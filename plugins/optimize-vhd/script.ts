/**
 * The PowerShell the optimize-vhd strategy runs, written so that what happened can be read from
 * the exit code alone (an elevated relaunch shows no output). `powershell -Command "A; B; C"` exits
 * with the result of C only (docs/windows-facts.md §1), so a failed Optimize-VHD followed by a good
 * Dismount-VHD would exit 0: instead every error is made terminating (`$ErrorActionPreference =
 * 'Stop'`), the disk is detached in a `finally`, and the script ends with an explicit `exit` whose
 * code names the step that failed ({@link OPTIMIZE_EXIT}).
 *
 * The disk's path is data, not code: it travels as base64 and is decoded inside the script
 * (`psDecoded`, core/host/elevation_script.ts), so a name such as `’; exit 42; ’` (U+2019 ends a
 * single-quoted string too, about_Quoting_Rules) stays a name. The elevated side checks its target
 * itself before acting: an existing regular file (File.Exists is false for folders and devices such
 * as `\\.\PhysicalDrive0`) that starts with the VHDX signature `vhdxfile` (MS-VHDX §2.2.1).
 * @module
 */
import { PS_SYSTEM_MODULES_ONLY, psDecoded, psTargetChecks } from "../../mod.ts";

/**
 * Exit codes of {@link optimizeScript} and {@link probeScript}. 1 stays PowerShell's own "something
 * failed outside the script's control" (docs/windows-facts.md §1); 1223, 1235 and 1260 belong to the
 * elevated relaunch (core/host/elevation_script.ts).
 */
export const OPTIMIZE_EXIT = {
  ok: 0,
  /** Mount-VHD failed: nothing was attached or compacted. */
  mountFailed: 2,
  /** Optimize-VHD failed; the disk was detached again. */
  optimizeFailed: 3,
  /** Compacted, but Dismount-VHD failed: the disk may still be attached. */
  detachFailed: 4,
  /** Optimize-VHD failed and Dismount-VHD failed too. */
  optimizeAndDetachFailed: 5,
  /** The target is not an existing regular file (a folder, a device, gone). */
  notAFile: 6,
  /** The target does not start with the VHDX signature. */
  notVhdx: 7,
  /** fsutil could not clear the sparse flag: nothing was attached. */
  sparseClearFailed: 8,
  /** probeScript: the Hyper-V PowerShell module is missing. */
  noModule: 9,
  /** probeScript: the module is there but the Hyper-V role (its service, vmms) is not. */
  noRole: 10,
  /** The file at the path is another VHDX than the one the run checked just before (swapped). */
  notSameFile: 11,
} as const;

/**
 * Probes by exit code, not by output: the module (`Get-Module -ListAvailable`) and the role, whose
 * service is `vmms`: the module exists without the role, and then every VHD cmdlet fails
 * "Hyper-V has not been installed" (docs/windows-facts.md §10).
 */
export function probeScript(): string {
  const E = OPTIMIZE_EXIT;
  return [
    `$m = Get-Module -ListAvailable -Name Hyper-V`,
    `if (-not $m) { exit ${E.noModule} }`,
    `$s = Get-Service -Name vmms -ErrorAction SilentlyContinue`,
    `if (-not $s) { exit ${E.noRole} }`,
    `exit ${E.ok}`,
  ].join("; ");
}

/**
 * What the plan shows in place of the disk's identity ({@link vhdxIdentity}, one value per header):
 * the headers' write GUIDs change whenever the file is opened for writing (MS-VHDX §2.2.2), and the
 * trim before this step opens it, so they are read when the step starts and replace these words in
 * the line the dry run printed; nothing else in the line differs. A file whose headers cannot be read
 * then (held without read sharing) runs without the `$id` checks: the attach fails on it anyway.
 */
export const IDENTITY_READ_AT_RUN = "<header 1 write GUIDs, read when this step starts>|<header 2 write GUIDs, read when this step starts>";

/**
 * Checks the target, clears the sparse flag (Optimize-VHD refuses sparse files, docs/windows-facts.md
 * §6, §9) only when asked and only now that the elevated step really runs, attaches read-only (Full
 * mode needs it, §9), compacts, always detaches what was attached, and sets the sparse flag again
 * when compaction did not happen (the holes it filled stay allocated; the caller measures and says
 * so). The error message goes to stderr (visible when already elevated), the step to the exit code.
 */
export function optimizeScript(path: string, opts: { clearSparse: boolean; identity?: string | null }): string {
  const say = "[Console]::Error.WriteLine($_.Exception.Message)";
  const E = OPTIMIZE_EXIT;
  const sparse = opts.clearSparse
    ? [`fsutil sparse setflag $p 0`, `if ($LASTEXITCODE -ne 0) { exit ${E.sparseClearFailed} }`]
    : [];
  const restore = opts.clearSparse ? [`if ($compacted -eq 0) { fsutil sparse setflag $p 1 }`] : [];
  return [
    PS_SYSTEM_MODULES_ONLY,
    `$p = ${psDecoded(path)}`,
    ...psTargetChecks(E, opts.identity ?? null),
    ...sparse,
    `$ErrorActionPreference = 'Stop'`,
    `$code = ${E.mountFailed}`,
    `$compacted = 0`,
    `try { Mount-VHD -Path $p -ReadOnly; $code = ${E.optimizeFailed}; Optimize-VHD -Path $p -Mode Full; $compacted = 1; $code = ${E.ok} }` +
    ` catch { ${say} }` +
    ` finally { if ($code -ne ${E.mountFailed}) { try { Dismount-VHD -Path $p } catch { ${say}; if ($code -eq ${E.ok}) { $code = ${E.detachFailed} } else { $code = ${E.optimizeAndDetachFailed} } } } }`,
    `$ErrorActionPreference = 'Continue'`,
    ...restore,
    `exit $code`,
  ].join("; ");
}

/** Detaches the disk (the clean-up after a failed script); the path decoded inside, as above. */
export function dismountScript(path: string): string {
  return [PS_SYSTEM_MODULES_ONLY, `$p = ${psDecoded(path)}`, `Dismount-VHD -Path $p -ErrorAction Stop`, `exit 0`].join("; ");
}
