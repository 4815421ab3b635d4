/**
 * diskpart scripts and what diskpart's exit code means. diskpart's output is localized (German
 * Windows: `Die Datei für virtuelle Datenträger wurde von DiskPart erfolgreich komprimiert.`,
 * FSLogix/Invoke-FslShrinkDisk#15) and, through a UAC relaunch, not visible at all; so success is
 * judged by the documented exit codes and by the file itself, never by English sentences
 * (docs/windows-facts.md §6). The disk is only ever attached read-only (never read-write, never
 * initialised: WSL#6377).
 * @module
 */

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

/** The exit code in words. */
export function diskpartExitMeaning(code: number): string {
  return DISKPART_EXIT_MEANING[code] ?? "an undocumented exit code";
}

/**
 * The last lines diskpart printed (its error, in the user's language), joined for a one-line
 * message; empty when nothing was captured.
 */
export function lastLines(output: string, count = 2): string {
  return output.split("\n").map((l) => l.trim()).filter((l) => l.length > 0).slice(-count).join(" ");
}
