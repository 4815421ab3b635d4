/**
 * diskpart scripts and reading what diskpart printed. `diskpart /s`'s exit code is not trusted
 * (docs/research.md §5: unconfirmed; a VDS error can come with exit 0), so success is read from its
 * output: one "DiskPart successfully ..." line per command and no error block. The disk is only ever
 * attached read-only (never read-write, never initialised: WSL#6377).
 * @module
 */

/** The compaction script (docs/research.md §5). */
export function compactScript(path: string): string {
  return [`select vdisk file="${path}"`, "attach vdisk readonly", "compact vdisk", "detach vdisk", "exit", ""].join("\r\n");
}

/** The clean-up script run after any failure: detach if still attached. */
export function detachScript(path: string): string {
  return [`select vdisk file="${path}"`, "detach vdisk", "exit", ""].join("\r\n");
}

/** English success lines of each command (Windows 10/11 diskpart). */
export const DISKPART_SUCCESS = {
  select: /DiskPart successfully selected the virtual disk file/i,
  attach: /DiskPart successfully attached the virtual disk file/i,
  compact: /DiskPart successfully compacted the virtual disk file/i,
  detach: /DiskPart successfully detached the virtual disk file/i,
} as const;

/** Lines that start an error report. */
const ERROR_MARKERS = [/Virtual Disk Service error/i, /DiskPart has encountered an error/i, /There is no virtual disk selected/i, /arguments specified for this command are not valid/i];

/** What one run's output says. */
export interface DiskpartOutcome {
  /** Commands that reported success. */
  succeeded: (keyof typeof DISKPART_SUCCESS)[];
  /** The first error message (joined lines), if any. */
  error?: string;
}

/** Reads diskpart's output. */
export function parseDiskpartOutput(text: string): DiskpartOutcome {
  const succeeded = (Object.keys(DISKPART_SUCCESS) as (keyof typeof DISKPART_SUCCESS)[]).filter((k) => DISKPART_SUCCESS[k].test(text));
  const lines = text.split("\n").map((l) => l.trim());
  const at = lines.findIndex((l) => ERROR_MARKERS.some((m) => m.test(l)));
  if (at < 0) return { succeeded };
  const body = lines.slice(at, at + 3).filter((l) => l.length > 0 && !/System Event Log/i.test(l)).join(" ");
  return { succeeded, error: body };
}
