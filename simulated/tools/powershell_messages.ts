/**
 * PowerShell 5.1 error records as printed on stderr (`<Cmdlet> : <message>` plus the position block),
 * and the Hyper-V module's messages (learn.microsoft.com: Optimize-VHD, Mount-VHD; docs/research.md §2, §5).
 * @module
 */

/** The standard error record layout of Windows PowerShell 5.1. */
export function errorRecord(cmdlet: string, message: string, category: string, id: string): string {
  return `${cmdlet} : ${message}\nAt line:1 char:1\n+ ${cmdlet} ...\n+ ${"~".repeat(cmdlet.length)}\n` +
    `    + CategoryInfo          : ${category}\n    + FullyQualifiedErrorId : ${id}\n`;
}

/** The cmdlet does not exist (Hyper-V module missing, e.g. Windows Home; WSL#7875). */
export function notRecognized(cmdlet: string): string {
  return errorRecord(cmdlet,
    `The term '${cmdlet}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.`,
    `ObjectNotFound: (${cmdlet}:String) [], CommandNotFoundException`, "CommandNotFoundException");
}

/** Hyper-V cmdlets run without elevation. */
export function notAdmin(cmdlet: string): string {
  return errorRecord(cmdlet,
    "You do not have the required permission to complete this task. Contact the administrator of the authorization policy for the computer 'SIMULATED-PC'.",
    `PermissionDenied: (:) [${cmdlet}], VirtualizationException`, `AccessDenied,Microsoft.Vhd.PowerShell.Cmdlets.${cmdlet.replace("-", "")}`);
}

/** The VHDX is sparse (WSL#4103: "must not be sparse"). */
export function sparseRefused(cmdlet: string, path: string): string {
  return errorRecord(cmdlet,
    `Failed to ${cmdlet === "Optimize-VHD" ? "compact" : "mount"} the virtual disk.\nThe system failed to ${cmdlet === "Optimize-VHD" ? "compact" : "mount"} '${path}': The requested operation could not be completed due to a virtual disk system limitation.  Virtual hard disk files must be uncompressed and unencrypted and must not be sparse. (0xC03A001A).`,
    `InvalidArgument: (:) [${cmdlet}], VirtualizationException`, `InvalidParameter,Microsoft.Vhd.PowerShell.Cmdlets.${cmdlet.replace("-", "")}`);
}

/** The file is held by a running VM or another attach. */
export function inUse(cmdlet: string, path: string): string {
  return errorRecord(cmdlet,
    `The process cannot access the file '${path}' because it is being used by another process.`,
    `ResourceBusy: (:) [${cmdlet}], VirtualizationException`, `ObjectInUse,Microsoft.Vhd.PowerShell.Cmdlets.${cmdlet.replace("-", "")}`);
}

/** The file does not exist. */
export function notFound(cmdlet: string, path: string): string {
  return errorRecord(cmdlet, `The system cannot find the file '${path}'.`,
    `ObjectNotFound: (${path}:String) [${cmdlet}], VirtualizationException`, `ObjectNotFound,Microsoft.Vhd.PowerShell.Cmdlets.${cmdlet.replace("-", "")}`);
}

/** Start-Process -Verb RunAs when the user answers No to UAC. */
export const UAC_CANCELLED = errorRecord("Start-Process",
  "This command cannot be run due to the error: The operation was canceled by the user.",
  "InvalidOperation: (:) [Start-Process], InvalidOperationException",
  "InvalidOperationException,Microsoft.PowerShell.Commands.StartProcessCommand");

/** Start-Process failing for another reason than a declined prompt (Process.cs: "This command cannot be run due to the error: ..."). */
export function startFailed(win32Message: string): string {
  return errorRecord("Start-Process", `This command cannot be run due to the error: ${win32Message}`,
    "InvalidOperation: (:) [Start-Process], InvalidOperationException",
    "InvalidOperationException,Microsoft.PowerShell.Commands.StartProcessCommand");
}

/** The Hyper-V module without the Hyper-V role (MicrosoftDocs/windows-powershell-docs#2504, docs/windows-facts.md §10). */
export function roleMissing(cmdlet: string): string {
  return errorRecord(cmdlet, "Hyper-V has not been installed on computer 'SIMULATED-PC'.",
    `ObjectNotFound: (SIMULATED-PC:String) [${cmdlet}], VirtualizationException`, `HyperVNotInstalled,Microsoft.Vhd.PowerShell.Cmdlets.${cmdlet.replace("-", "")}`);
}

/** Get-Service for a service that does not exist. */
export function serviceNotFound(name: string): string {
  return errorRecord("Get-Service", `Cannot find any service with service name '${name}'.`,
    `ObjectNotFound: (${name}:String) [Get-Service], ServiceCommandException`, "NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.GetServiceCommand");
}
