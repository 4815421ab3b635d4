/**
 * The PowerShell line that relaunches a program elevated and passes its exit code back
 * (`Start-Process -Verb RunAs -Wait -PassThru`, docs/research.md §6). Shared by the real and simulated hosts.
 * @module
 */

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Exit code when the user declines the UAC prompt (ERROR_CANCELLED, what ShellExecuteEx reports). */
export const ELEVATION_CANCELLED_EXIT_CODE = 1223;

/**
 * Arguments for `powershell.exe` that run `cmd args` elevated and exit with its code. When UAC is
 * declined Start-Process returns nothing and `exit $null.ExitCode` would exit 0, so that case exits 1223.
 */
export function runAsPowerShellArgs(cmd: string, args: string[]): string[] {
  const list = args.map(quote).join(",") || "@()";
  const script = `$p = Start-Process -FilePath ${quote(cmd)} -ArgumentList ${list} -Verb RunAs -Wait -PassThru -WindowStyle Hidden; if (-not $p) { exit ${ELEVATION_CANCELLED_EXIT_CODE} }; exit $p.ExitCode`;
  return ["-NoProfile", "-NonInteractive", "-Command", script];
}
