/**
 * diskpart's English texts (Windows 10/11 `diskpart.exe`, messages as printed in the console; the
 * VDS error bodies are the system messages of the Win32 error codes).
 * @module
 */

/** Banner printed at start. */
export const DISKPART_BANNER = (build: number) =>
  `\nMicrosoft DiskPart version 10.0.${build}.1\n\nCopyright (C) Microsoft Corporation.\nOn computer: SIMULATED-PC\n`;

/** Success lines per command. */
export const DISKPART_OK = {
  select: "DiskPart successfully selected the virtual disk file.",
  attach: "  100 percent completed\n\nDiskPart successfully attached the virtual disk file.",
  compact: "  100 percent completed\n\nDiskPart successfully compacted the virtual disk file.",
  detach: "DiskPart successfully detached the virtual disk file.",
  exit: "Leaving DiskPart...",
} as const;

/** Failure texts. */
export const DISKPART_ERRORS = {
  accessDenied: "DiskPart has encountered an error: Access is denied.\nSee the System Event Log for more information.",
  fileNotFound: "DiskPart has encountered an error: The system cannot find the file specified.\nSee the System Event Log for more information.",
  noVdisk: "There is no virtual disk selected.\n\nPlease select a virtual disk and try again.",
  inUse: "Virtual Disk Service error:\nThe process cannot access the file because it is being used by another process.",
  sparse: "Virtual Disk Service error:\nThe requested operation could not be completed due to a virtual disk system limitation.  Virtual hard disk files must be uncompressed and unencrypted and must not be sparse.",
  notAttached: "Virtual Disk Service error:\nThe virtual disk is not attached.",
  scriptNotFound: "The system cannot find the file specified.",
  unknownCommand: "The arguments specified for this command are not valid.\nFor more information on the command type: HELP",
} as const;

/** Exit codes of `diskpart /s` (learn.microsoft.com "diskpart scripts": 0 ok, 1 fatal, 2 bad arguments, 3 script not opened, 4 service failure, 5 syntax). */
export const DISKPART_EXIT = { ok: 0, fatal: 1, badArgs: 2, noScript: 3, service: 4, syntax: 5 } as const;
