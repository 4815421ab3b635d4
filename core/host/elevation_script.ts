/**
 * The PowerShell line that relaunches a program elevated and passes its exit code back
 * (`Start-Process -Verb RunAs -Wait -PassThru`, docs/windows-facts.md §2). Shared by the real and
 * simulated hosts.
 *
 * `-ArgumentList` joins its items with single spaces and quotes nothing (PowerShell Process.cs,
 * PowerShell#5576), so the arguments are quoted here by the C runtime rules the started program
 * splits with (docs/windows-facts.md §3) and handed over as one string: a temp folder under
 * `C:\Users\Dev User` stays one argument. The string goes through CreateProcessW as UTF-16, so
 * `C:\Users\Usuário` needs nothing more.
 * @module
 */
import { crtCommandLine } from "./crt_quote.ts";

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Exit code when the user declines the UAC prompt (ERROR_CANCELLED, what ShellExecuteEx reports). */
export const ELEVATION_CANCELLED_EXIT_CODE = 1223;

/**
 * Arguments for `powershell.exe` that run `cmd args` elevated and exit with its code. A declined UAC
 * prompt is an error of Start-Process (docs/windows-facts.md §2): it is caught and exits 1223, so it
 * is never mistaken for the program's own exit code. No `-ArgumentList` when there are no arguments
 * (an empty one is a parameter validation error).
 */
export function runAsPowerShellArgs(cmd: string, args: string[]): string[] {
  const list = args.length > 0 ? ` -ArgumentList ${quote(crtCommandLine(args))}` : "";
  const start = `$p = Start-Process -FilePath ${quote(cmd)}${list} -Verb RunAs -Wait -PassThru -WindowStyle Hidden -ErrorAction Stop`;
  const script = `try { ${start} } catch { [Console]::Error.WriteLine($_.Exception.Message); exit ${ELEVATION_CANCELLED_EXIT_CODE} }; exit $p.ExitCode`;
  return ["-NoProfile", "-NonInteractive", "-Command", script];
}
