/**
 * The PowerShell the optimize-vhd strategy runs. Hyper-V cmdlet errors are non-terminating, so
 * `Dismount-VHD` runs even when `Optimize-VHD` fails; the exit code is non-zero when any statement failed.
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

/** Attach read-only (Full mode needs it, docs/research.md §5), compact, detach. */
export function optimizeScript(path: string): string {
  const p = psQuote(path);
  return `Mount-VHD -Path ${p} -ReadOnly; Optimize-VHD -Path ${p} -Mode Full; Dismount-VHD -Path ${p}`;
}
