/**
 * wsl.exe in another display language. Its own messages come from the localized Resources.resw
 * (microsoft/WSL: localization/strings/de-DE/Resources.resw, message names in comments); the
 * `Error code: {}` suffix is MessageErrorCode, translated too ("Fehlercode: {}") while the code
 * itself is not; `--list --verbose` headers and state words are constants in WslClient.cpp and stay
 * English. Texts that come from Windows' system message table (FormatMessage), like "The operation
 * completed successfully.", are Windows' own translation (docs/windows-behaviour.md, "wsl.exe").
 * @module
 */
import type { SimLocale } from "../state.ts";
import type { WslReply } from "./wsl_reply.ts";
import { OPERATION_OK, WSL_MESSAGES } from "./wsl_messages.ts";

/** English message → German, for the messages the emulated wsl.exe prints. */
const DE_DE: Record<string, string> = {
  [WSL_MESSAGES.MessageDistroNotFound]: "Es ist keine Distribution mit dem angegebenen Namen vorhanden.",
  [WSL_MESSAGES.MessageExportProgress]: "Export wird ausgeführt. Dieser Vorgang kann einige Minuten dauern.",
  [WSL_MESSAGES.MessageImportProgress]: "Import wird ausgeführt. Dieser Vorgang kann einige Minuten dauern.",
  [WSL_MESSAGES.MessageExportFailed]: "Fehler beim Exportieren der Distribution.",
  [WSL_MESSAGES.MessageImportFailed]: "Fehler beim Importieren der Distribution.",
  [WSL_MESSAGES.MessageStatusUnregistering]: "Registrierung wird aufgehoben.",
  [WSL_MESSAGES.MessageWsl2Needed]: "Dieser Vorgang wird nur von WSL2 unterstützt.",
  [WSL_MESSAGES.MessageDistroInstallPathAlreadyExists]: "Der angegebene Installationsspeicherort wird bereits verwendet.",
  // MessageDistroNameAlreadyExists is untranslated in de-DE (the resw keeps the English text).
  [WSL_MESSAGES.MessageNoDefaultDistro]: "Windows-Subsystem für Linux verfügt über keine installierten Distributionen.\n" +
    "Sie können dies beheben, indem Sie eine Distribution mit den folgenden Anweisungen installieren:\n\n" +
    "\"wsl.exe --list --online' zum Auflisten verfügbarer Distributionen verwenden\nund \"wsl.exe --install <Distro>\".",
  [WSL_MESSAGES.MessageSparseVhdDisabled]: "Die Unterstützung von Sparse VHD ist derzeit wegen möglicher Datenbeschädigung deaktiviert.\n" +
    "Um eine Distribution zu zwingen, eine spärliche VHD zu verwenden, führen Sie bitte Folgendes aus:\n" +
    "wsl.exe --manage <DistributionName> --set-sparse true --allow-unsafe",
  [WSL_MESSAGES.MessageVhdInUse]: "Der Vorgang konnte nicht abgeschlossen werden, da die VHD zurzeit verwendet wird.\nSo erzwingen Sie, dass WSL die Verwendung beendet: wsl.exe --shutdown",
  // MessageRegisteredDistrosHeader
  "Windows Subsystem for Linux Distributions:": "Windows Subsystem für Linux-Distributionen:",
  // ERROR_SUCCESS from Windows' German system message table.
  [OPERATION_OK]: "Der Vorgang wurde erfolgreich beendet.",
  "The system cannot find the path specified.": "Das System kann den angegebenen Pfad nicht finden.",
  "The system cannot find the file specified.": "Das System kann die angegebene Datei nicht finden.",
  "There is not enough space on the disk.": "Auf dem Datenträger ist nicht genügend Speicherplatz vorhanden.",
  "Access is denied.": "Zugriff verweigert",
};

/** Patterned messages: MessageInvalidCommandLine, MessagePrintDistroDefault, MessageErrorCode. */
const DE_DE_PATTERNS: [RegExp, string][] = [
  [/^Invalid command line argument: (.*)\nPlease use 'wsl\.exe --help' to get a list of supported arguments\.$/s,
    "Ungültiges Befehlszeilenargument: $1\nVerwenden Sie \"wsl.exe\" --help', um eine Liste der unterstützten Argumente abzurufen."],
  [/^(.*) \(Default\)$/, "$1 (Standard)"],
  [/^Error code: (.*)$/, "Fehlercode: $1"],
];

function translate(line: string, locale: SimLocale): string {
  if (locale !== "de-DE") return line;
  const whole = DE_DE[line];
  if (whole !== undefined) return whole;
  for (const [pattern, replacement] of DE_DE_PATTERNS) if (pattern.test(line)) return line.replace(pattern, replacement);
  return line;
}

/** The reply as wsl.exe prints it in `locale`; Linux output passing through is never translated. */
export function localizeReply(r: WslReply, locale: SimLocale | undefined): WslReply {
  if (!locale || locale === "en-US" || r.passThrough) return r;
  return { ...r, out: r.out.map((l) => translate(l, locale)), err: r.err.map((l) => translate(l, locale)) };
}
