/**
 * The PowerShell the optimize-vhd strategy runs, written so that what happened can be read from
 * the exit code alone (an elevated relaunch shows no output). `powershell -Command "A; B; C"` exits
 * with the result of C only (docs/windows-facts.md §1), so a failed Optimize-VHD followed by a good
 * Dismount-VHD would exit 0: instead every error is made terminating (`$ErrorActionPreference =
 * 'Stop'`), the disk is detached in a `finally`, and the script ends with an explicit `exit` whose
 * code names the step that failed ({@link OPTIMIZE_EXIT}).
 * @module
 */

/** Single-quoted PowerShell string (`'` doubled). */
export function psQuote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Arguments for `powershell.exe` running one command line. */
export function powershellArgs(script: string): string[] {
  return ["-NoProfile", "-NonInteractive", "-Command", script];
}

/**
 * Exit codes of {@link optimizeScript}. 1 stays PowerShell's own "something failed outside the
 * script's control" (docs/windows-facts.md §1), 1223 the declined UAC prompt (core/host/elevation_script.ts).
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
} as const;

/**
 * Attach read-only (Full mode needs it, docs/windows-facts.md §9), compact, always detach what was
 * attached; the error message goes to stderr (visible when already elevated), the step to the exit code.
 */
export function optimizeScript(path: string): string {
  const p = psQuote(path);
  const say = "[Console]::Error.WriteLine($_.Exception.Message)";
  const E = OPTIMIZE_EXIT;
  return [
    `$ErrorActionPreference = 'Stop'`,
    `$code = ${E.mountFailed}`,
    `try { Mount-VHD -Path ${p} -ReadOnly; $code = ${E.optimizeFailed}; Optimize-VHD -Path ${p} -Mode Full; $code = ${E.ok} }` +
    ` catch { ${say} }` +
    ` finally { if ($code -ne ${E.mountFailed}) { try { Dismount-VHD -Path ${p} } catch { ${say}; if ($code -eq ${E.ok}) { $code = ${E.detachFailed} } else { $code = ${E.optimizeAndDetachFailed} } } } }`,
    `exit $code`,
  ].join("; ");
}
