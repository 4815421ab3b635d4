/**
 * diskpart's texts in English and German (Windows 10/11 `diskpart.exe`, as printed in the console;
 * the VDS error bodies are the system messages of the Win32 error codes). German sources: the
 * compact line from FSLogix/Invoke-FslShrinkDisk#15 and #33, the banner and the
 * "DiskPart hat die Datei für virtuelle Datenträger erfolgreich erstellt." pattern from the German
 * Windows 7 Resource Kit (O'Reilly, chapter 16); the other German lines follow that pattern and are
 * not sourced word for word (docs/windows-behaviour.md, "diskpart"). The product reads none of them:
 * it judges by the exit code and the file.
 * @module
 */
import type { SimLocale } from "../state.ts";

/** The texts of one display language. */
export interface DiskpartTexts {
  banner(build: number): string;
  ok: { select: string; attach: string; compact: string; detach: string; exit: string };
  errors: {
    accessDenied: string; fileNotFound: string; noVdisk: string; inUse: string; sparse: string;
    notAttached: string; scriptNotFound: string; unknownCommand: string;
  };
}

const EN: DiskpartTexts = {
  banner: (build) => `\nMicrosoft DiskPart version 10.0.${build}.1\n\nCopyright (C) Microsoft Corporation.\nOn computer: SIMULATED-PC\n`,
  ok: {
    select: "DiskPart successfully selected the virtual disk file.",
    attach: "  100 percent completed\n\nDiskPart successfully attached the virtual disk file.",
    compact: "  100 percent completed\n\nDiskPart successfully compacted the virtual disk file.",
    detach: "DiskPart successfully detached the virtual disk file.",
    exit: "Leaving DiskPart...",
  },
  errors: {
    accessDenied: "DiskPart has encountered an error: Access is denied.\nSee the System Event Log for more information.",
    fileNotFound: "DiskPart has encountered an error: The system cannot find the file specified.\nSee the System Event Log for more information.",
    noVdisk: "There is no virtual disk selected.\n\nPlease select a virtual disk and try again.",
    inUse: "Virtual Disk Service error:\nThe process cannot access the file because it is being used by another process.",
    sparse: "Virtual Disk Service error:\nThe requested operation could not be completed due to a virtual disk system limitation.  Virtual hard disk files must be uncompressed and unencrypted and must not be sparse.",
    notAttached: "Virtual Disk Service error:\nThe virtual disk is not attached.",
    scriptNotFound: "The system cannot find the file specified.",
    unknownCommand: "The arguments specified for this command are not valid.\nFor more information on the command type: HELP",
  },
};

const DE: DiskpartTexts = {
  banner: (build) => `\nMicrosoft DiskPart-Version 10.0.${build}.1\n\nCopyright (C) Microsoft Corporation.\nAuf Computer: SIMULATED-PC\n`,
  ok: {
    select: "DiskPart hat die Datei für virtuelle Datenträger erfolgreich ausgewählt.",
    attach: "  100 Prozent bearbeitet\n\nDiskPart hat die Datei für virtuelle Datenträger erfolgreich angefügt.",
    compact: "  100 Prozent bearbeitet\n\nDie Datei für virtuelle Datenträger wurde von DiskPart erfolgreich komprimiert.",
    detach: "DiskPart hat die Datei für virtuelle Datenträger erfolgreich getrennt.",
    exit: "DiskPart wird beendet...",
  },
  errors: {
    accessDenied: "Fehler in DiskPart: Zugriff verweigert\nWeitere Informationen finden Sie im Systemereignisprotokoll.",
    fileNotFound: "Fehler in DiskPart: Das System kann die angegebene Datei nicht finden.\nWeitere Informationen finden Sie im Systemereignisprotokoll.",
    noVdisk: "Es wurde kein virtueller Datenträger ausgewählt.\n\nWählen Sie einen virtuellen Datenträger aus, und wiederholen Sie den Vorgang.",
    inUse: "Fehler des Dienstes für virtuelle Datenträger:\nDer Prozess kann nicht auf die Datei zugreifen, da sie von einem anderen Prozess verwendet wird.",
    sparse: "Fehler des Dienstes für virtuelle Datenträger:\nDer angeforderte Vorgang konnte aufgrund einer Einschränkung des virtuellen Datenträgersystems nicht abgeschlossen werden. Dateien für virtuelle Festplatten dürfen nicht komprimiert, verschlüsselt oder platzsparend sein.",
    notAttached: "Fehler des Dienstes für virtuelle Datenträger:\nDer virtuelle Datenträger ist nicht angefügt.",
    scriptNotFound: "Das System kann die angegebene Datei nicht finden.",
    unknownCommand: "Die für diesen Befehl angegebenen Argumente sind ungültig.\nWeitere Informationen erhalten Sie, wenn Sie Folgendes eingeben: HELP",
  },
};

/** The texts diskpart prints on a machine with this display language. */
export function diskpartTexts(locale: SimLocale | undefined): DiskpartTexts {
  return locale === "de-DE" ? DE : EN;
}

/**
 * Exit codes of `diskpart /s` (TechNet DiskPart reference, docs/windows-facts.md §6: 0 ok, 1 fatal,
 * 2 bad arguments, 3 script or output file not opened, 4 a service failed, 5 syntax or object selection).
 */
export const DISKPART_EXIT = { ok: 0, fatal: 1, badArgs: 2, noScript: 3, service: 4, syntax: 5 } as const;
