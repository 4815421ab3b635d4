/**
 * diskpart scripts and what diskpart's exit code means. diskpart's output is localized (German
 * Windows: `Die Datei für virtuelle Datenträger wurde von DiskPart erfolgreich komprimiert.`,
 * FSLogix/Invoke-FslShrinkDisk#15) and, through a UAC relaunch, not visible at all; so success is
 * judged by the documented exit codes and by the file itself, never by English sentences
 * (docs/windows-facts.md §6). The disk is only ever attached read-only (never read-write, never
 * initialised: WSL#6377).
 * @module
 */
import { ELEVATION_ABANDONED_EXIT_CODE, ELEVATION_CANCELLED_EXIT_CODE, ELEVATION_FAILED_EXIT_CODE } from "../../mod.ts";
import { STEP_EXIT_MEANING } from "./elevated_step.ts";

/** The compaction script (docs/windows-facts.md §6; diskpart stops at the first error). */
export function compactScript(path: string): string {
  return [`select vdisk file="${path}"`, "attach vdisk readonly", "compact vdisk", "detach vdisk", "exit", ""].join("\r\n");
}

/** The clean-up script run after any failure: detach if still attached. */
export function detachScript(path: string): string {
  return [`select vdisk file="${path}"`, "detach vdisk", "exit", ""].join("\r\n");
}

/**
 * `diskpart /s` exit codes (TechNet DiskPart reference, docs/windows-facts.md §6) and what each
 * means for the user.
 */
export const DISKPART_EXIT_MEANING: Readonly<Record<number, string>> = {
  1: "a fatal exception",
  2: "the parameters were not valid",
  3: "diskpart could not open its script",
  4: "the Virtual Disk Service failed (disk in use, or refused)",
  5: "a command was not valid or selected nothing",
};

/** The exit code in words: diskpart's, the elevated step's own (elevated_step.ts) or the UAC relaunch's. */
export function diskpartExitMeaning(code: number): string {
  return DISKPART_EXIT_MEANING[code] ?? STEP_EXIT_MEANING[code] ?? RELAUNCH_EXIT_MEANING[code] ?? "an undocumented exit code";
}

/** Codes of the UAC relaunch (core/host/elevation_script.ts). */
const RELAUNCH_EXIT_MEANING: Readonly<Record<number, string>> = {
  [ELEVATION_CANCELLED_EXIT_CODE]: "the administrator prompt (UAC) was declined, so diskpart did not run",
  [ELEVATION_ABANDONED_EXIT_CODE]: "nobody answered the administrator prompt (UAC) in time, so diskpart did not run and will not run if it is accepted now",
  [ELEVATION_FAILED_EXIT_CODE]: "Windows did not start the elevated step (an administrator policy may deny elevation requests)",
};

/**
 * The last lines diskpart printed (its error, in the user's language), joined for a one-line
 * message; empty when nothing was captured.
 */
export function lastLines(output: string, count = 2): string {
  return output.split("\n").map((l) => l.trim()).filter((l) => l.length > 0).slice(-count).join(" ");
}
