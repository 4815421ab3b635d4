/**
 * The PowerShell line that relaunches a program elevated and passes its exit code back
 * (`Start-Process -Verb RunAs -Wait -PassThru`, RESEARCH.md §6). Shared by the real and simulated hosts.
 * @module
 */

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Arguments for `powershell.exe` that run `cmd args` elevated and exit with its code. */
export function runAsPowerShellArgs(cmd: string, args: string[]): string[] {
  const list = args.map(quote).join(",") || "@()";
  const script = `$p = Start-Process -FilePath ${quote(cmd)} -ArgumentList ${list} -Verb RunAs -Wait -PassThru -WindowStyle Hidden; exit $p.ExitCode`;
  return ["-NoProfile", "-NonInteractive", "-Command", script];
}
