/**
 * The elevated side of the diskpart strategy: a PowerShell script that receives the diskpart script
 * and the disk's path as data (base64 on its own command line, decoded inside), checks the target
 * itself, writes the diskpart script into a new folder under the Windows folder's Temp, runs
 * `diskpart /s` on it and passes diskpart's exit code on.
 *
 * Why there: a script in the user's %TEMP% can be replaced by any program of the user between the
 * moment it is written and the moment the elevated diskpart reads it (`select disk 0`, `clean`).
 * A file the elevated process creates under %SystemRoot%\Temp belongs to Administrators; a
 * non-elevated process may create files there but not change or delete another owner's. The folder
 * name is random and the step refuses a folder that already exists (someone else made it).
 * @module
 */
import { PS_SYSTEM_MODULES_ONLY, psDecoded, psTargetChecks } from "../../mod.ts";

/** Exit codes of the step besides diskpart's own 0–5 (docs/windows-facts.md §6). */
export const STEP_EXIT = {
  /** The target is not an existing regular file (a folder, a device, gone). */
  notAFile: 20,
  /** The target does not start with the VHDX signature (MS-VHDX §2.2.1). */
  notVhdx: 21,
  /** The script folder existed already or could not be written: diskpart did not run. */
  scriptNotWritten: 22,
  /** The file at the path is another VHDX than the one the run checked just before (swapped). */
  notSameFile: 23,
} as const;

/** What the step says, by exit code, for the user. */
export const STEP_EXIT_MEANING: Readonly<Record<number, string>> = {
  [STEP_EXIT.notAFile]: "the elevated step found no regular file at the disk's path, so diskpart did not run",
  [STEP_EXIT.notVhdx]: "the elevated step found a file without the VHDX signature at the disk's path, so diskpart did not run",
  [STEP_EXIT.notSameFile]: "the elevated step found another VHDX at the disk's path than the one checked just before, so diskpart did not run",
  [STEP_EXIT.scriptNotWritten]: "the elevated step could not write diskpart's script into a folder of its own, so diskpart did not run",
};

/**
 * The PowerShell script of one elevated diskpart run.
 * @param path the disk, checked before diskpart runs
 * @param script the diskpart script's bytes, in the code page diskpart reads (mod.ts writeScript)
 * @param folder a fresh random folder name under %SystemRoot%\Temp
 * @param identity the disk's identity as read just before (`vhdxIdentity`), or null to skip that check
 */
export function diskpartStepScript(path: string, script: Uint8Array, folder: string, identity: string | null = null): string {
  const E = STEP_EXIT;
  const say = "[Console]::Error.WriteLine($_.Exception.Message)";
  return [
    PS_SYSTEM_MODULES_ONLY,
    `$p = ${psDecoded(path)}`,
    ...psTargetChecks(E, identity),
    `$s = [Convert]::FromBase64String('${btoa(String.fromCharCode(...script))}')`,
    `$w = [Environment]::GetFolderPath('Windows')`,
    `$d = [IO.Path]::Combine($w, 'Temp', ${psDecoded(folder)})`,
    `$there = [IO.Directory]::Exists($d)`,
    `if ($there) { exit ${E.scriptNotWritten} }`,
    `$f = [IO.Path]::Combine($d, 'diskpart.txt')`,
    `try { [IO.Directory]::CreateDirectory($d); [IO.File]::WriteAllBytes($f, $s) } catch { ${say}; exit ${E.scriptNotWritten} }`,
    `diskpart /s $f`,
    `$code = $LASTEXITCODE`,
    `try { [IO.Directory]::Delete($d, $true) } catch { ${say} }`,
    `exit $code`,
  ].join("; ");
}
