/**
 * The PowerShell that relaunches a program elevated and passes its exit code back
 * (`Start-Process -Verb RunAs -Wait -PassThru`, docs/windows-facts.md §2), and the quoting every
 * script sent to an elevated PowerShell uses. Shared by the real and simulated hosts.
 *
 * Values cross into the elevated process as data, never as code: the program, its argument line
 * and the ticket path travel as base64 (letters, digits, `+`, `/`, `=`: nothing PowerShell or the C
 * runtime treats specially) and are decoded inside the script ({@link psDecoded}). An environment
 * variable would not do: a UAC-elevated process gets the user's default environment, not its
 * parent's (docs/windows-facts.md §10).
 *
 * `-ArgumentList` joins its items with single spaces and quotes nothing (PowerShell Process.cs,
 * PowerShell#5576), so the arguments are quoted here by the C runtime rules the started program
 * splits with (docs/windows-facts.md §3) and handed over as one string.
 * @module
 */
import { Buffer } from "node:buffer";
import { crtCommandLine } from "./crt_quote.ts";
import type { HostFs } from "./host.ts";

/** Exit code when the user declines the UAC prompt (ERROR_CANCELLED, what ShellExecuteEx reports). */
export const ELEVATION_CANCELLED_EXIT_CODE = 1223;
/**
 * Exit code when Start-Process failed for another reason than a declined prompt (an elevation
 * request auto-denied by policy, a missing program): ERROR_ACCESS_DISABLED_BY_POLICY's number,
 * the message goes to stderr.
 */
export const ELEVATION_FAILED_EXIT_CODE = 1260;
/**
 * Exit code of an elevated step whose ticket was gone when it started: the run that asked for it
 * gave up waiting for the UAC prompt, so it must not act now (ERROR_REQUEST_ABORTED's number).
 */
export const ELEVATION_ABANDONED_EXIT_CODE = 1235;

/** The five characters PowerShell reads as a single quote (about_Quoting_Rules, docs/windows-facts.md §10). */
export const PS_SINGLE_QUOTES = "'\u2018\u2019\u201A\u201B";
const SINGLE_QUOTE_RUN = /['\u2018\u2019\u201A\u201B]/g;

/**
 * A single-quoted PowerShell string: every one of the five single-quote characters is doubled,
 * which is how each is escaped inside such a string (about_Quoting_Rules).
 * @example
 * psQuote("Bob’s VMs"); // "'Bob’’s VMs'"
 */
export function psQuote(s: string): string {
  return `'${s.replace(SINGLE_QUOTE_RUN, (q) => q + q)}'`;
}

/**
 * A PowerShell expression whose value is `s`, carried as base64 of its UTF-8 bytes: the text never
 * reaches PowerShell's parser, so no character of it can end a string or start a command.
 */
export function psDecoded(s: string): string {
  return `[Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${Buffer.from(s, "utf8").toString("base64")}'))`;
}

/**
 * The first statement of every script that runs elevated: modules load only from Windows' own
 * folder. PSModulePath puts the user's Documents\WindowsPowerShell\Modules first, a folder any
 * program of the user can write, and a module there named like one the script autoloads (Hyper-V
 * for Mount-VHD) would run as administrator (about_PSModulePath).
 */
export const PS_SYSTEM_MODULES_ONLY = "$env:PSModulePath = [IO.Path]::Combine([Environment]::GetFolderPath('Windows'), 'System32', 'WindowsPowerShell', 'v1.0', 'Modules')";

/** Arguments for `powershell.exe` running one script, without the user's profile. */
export function powershellArgs(script: string): string[] {
  return ["-NoProfile", "-NonInteractive", "-Command", script];
}

/** Options of {@link runAsPowerShellArgs}. */
export interface RunAsOptions {
  /**
   * A file the elevated side claims before it starts the program, by renaming it to
   * {@link claimedTicket}: a rename is atomic, so of the elevated side claiming it and the caller
   * withdrawing it (renaming it away when it stops waiting for the UAC prompt) exactly one wins. A
   * prompt accepted after the withdrawal starts nothing; a step that claimed its ticket is running
   * and is waited for.
   */
  ticket?: string;
}

/** The name the elevated side gives the ticket when it claims it. */
export function claimedTicket(ticket: string): string {
  return `${ticket}.started`;
}

/**
 * Arguments for `powershell.exe` that run `cmd args` elevated and exit with its code. A declined
 * UAC prompt (a Win32Exception with NativeErrorCode 1223 inside Start-Process's error,
 * docs/windows-facts.md §2) exits {@link ELEVATION_CANCELLED_EXIT_CODE}; any other Start-Process
 * failure exits {@link ELEVATION_FAILED_EXIT_CODE}; so neither is mistaken for the program's own
 * exit code. With a ticket, what is started elevated is a second PowerShell that checks the ticket,
 * then starts the program and passes its exit code on.
 */
export function runAsPowerShellArgs(cmd: string, args: string[], opts: RunAsOptions = {}): string[] {
  const [file, line] = opts.ticket === undefined
    ? [cmd, crtCommandLine(args)]
    : ["powershell.exe", crtCommandLine(powershellArgs(ticketedScript(cmd, args, opts.ticket)))];
  return powershellArgs(startScript(file, line, "-Verb RunAs ", [
    `if ($_.Exception.InnerException.NativeErrorCode -eq ${ELEVATION_CANCELLED_EXIT_CODE}) { exit ${ELEVATION_CANCELLED_EXIT_CODE} }`,
    `exit ${ELEVATION_FAILED_EXIT_CODE}`,
  ]));
}

/** Started elevated when a ticket is given: no ticket to claim, no run. */
function ticketedScript(cmd: string, args: string[], ticket: string): string {
  return [
    PS_SYSTEM_MODULES_ONLY,
    `$t = ${psDecoded(ticket)}`,
    `$c = ${psDecoded(claimedTicket(ticket))}`,
    `try { [IO.File]::Move($t, $c) } catch { exit ${ELEVATION_ABANDONED_EXIT_CODE} }`,
    startScript(cmd, crtCommandLine(args), "", [`exit ${ELEVATION_FAILED_EXIT_CODE}`]),
  ].join("; ");
}

/** Start-Process with the program and argument line decoded from base64; no `-ArgumentList` when empty (a validation error). */
function startScript(file: string, line: string, verb: string, onError: string[]): string {
  const list = line.length > 0 ? " -ArgumentList $a" : "";
  return [
    `$f = ${psDecoded(file)}`,
    ...(line.length > 0 ? [`$a = ${psDecoded(line)}`] : []),
    `try { $p = Start-Process -FilePath $f${list} ${verb}-Wait -PassThru -WindowStyle Hidden -ErrorAction Stop }` +
    ` catch { [Console]::Error.WriteLine($_.Exception.Message); ${onError.join("; ")} }`,
    `exit $p.ExitCode`,
  ].join("; ");
}

/** What the elevated side reads of a VHDX to check it: the file type identifier and both headers (MS-VHDX §2.2). */
export const VHDX_CHECK_BYTES = 192 * 1024;
/** Where each header's FileWriteGuid, DataWriteGuid and LogGuid lie (header at 64 KiB and 128 KiB, GUIDs from byte 16; MS-VHDX §2.2.2). */
const HEADER_GUIDS = [64 * 1024 + 16, 128 * 1024 + 16] as const;
const HEADER_GUIDS_LENGTH = 48;

/**
 * The identity of a VHDX as the elevated side checks it: both headers' write GUIDs, which change
 * whenever the file is opened for writing (MS-VHDX §2.2.2), in `[BitConverter]::ToString` form
 * (`AA-BB-…`). Null when `bytes` (the first {@link VHDX_CHECK_BYTES}) is shorter.
 */
export function vhdxIdentity(bytes: Uint8Array): string | null {
  if (bytes.length < VHDX_CHECK_BYTES) return null;
  return HEADER_GUIDS.map((at) => Array.from(bytes.subarray(at, at + HEADER_GUIDS_LENGTH), (b) => b.toString(16).toUpperCase().padStart(2, "0")).join("-")).join("|");
}

/** {@link vhdxIdentity} of the file at `path` as it is now; null when it cannot be opened or read. */
export async function readVhdxIdentity(fs: Pick<HostFs, "open">, path: string): Promise<string | null> {
  const f = await fs.open(path, "read").catch(() => null);
  if (!f) return null;
  try {
    return vhdxIdentity(await f.read(0, VHDX_CHECK_BYTES));
  } catch {
    return null;
  } finally {
    await f.close();
  }
}

/** Exit codes of {@link psTargetChecks}, chosen by each script. */
export interface TargetCheckExits {
  notAFile: number;
  notVhdx: number;
  notSameFile: number;
}

/**
 * Statements that check `$p` on the elevated side before anything acts on it: an existing regular
 * file (File.Exists is false for folders and devices such as `\\.\PhysicalDrive0`), starting with
 * the VHDX signature `vhdxfile` (MS-VHDX §2.2.1), and, given `identity` ({@link vhdxIdentity} as
 * the non-elevated side read it just before), still the same file: not swapped since. A file that
 * cannot be read (held without read sharing) is left to the attach, which fails on it anyway.
 */
export function psTargetChecks(exits: TargetCheckExits, identity: string | null): string[] {
  const ids = identity?.split("|") ?? [];
  return [
    `$ok = [IO.File]::Exists($p)`,
    `if (-not $ok) { exit ${exits.notAFile} }`,
    `$b = Get-Content -LiteralPath $p -Encoding Byte -TotalCount ${VHDX_CHECK_BYTES} -ReadCount 0 -ErrorAction SilentlyContinue`,
    `$sig = 'vhdxfile'`,
    `if ($b) { $sig = [Text.Encoding]::ASCII.GetString($b, 0, 8) }`,
    `if ($sig -ne 'vhdxfile') { exit ${exits.notVhdx} }`,
    ...ids.flatMap((id, i) => [
      `$id = '${id}'`,
      `if ($b) { $id = [BitConverter]::ToString($b, ${HEADER_GUIDS[i]}, ${HEADER_GUIDS_LENGTH}) }`,
      `if ($id -ne '${id}') { exit ${exits.notSameFile} }`,
    ]),
  ];
}
