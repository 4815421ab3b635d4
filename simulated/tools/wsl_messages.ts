/**
 * wsl.exe's English texts and error codes, from microsoft/WSL: localization/strings/en-US/Resources.resw
 * (message names in comments) and the `Error code: Wsl/...` suffix WslClient.cpp appends to failures.
 * Codes marked *inferred* follow the pattern of the documented ones.
 * @module
 */

/** wsl.exe returns -1 (0xFFFFFFFF) for every failure of its own (WslClient.cpp: `return -1`). */
export const WSL_FAILURE = -1;

/** Success line printed after export, import, unregister, terminate, manage. */
export const OPERATION_OK = "The operation completed successfully.";

/** Message texts by Resources.resw name. */
export const WSL_MESSAGES = {
  MessageDistroNotFound: "There is no distribution with the supplied name.",
  MessageDistroNameAlreadyExists: "A distribution with the supplied name already exists. Use --name to choose a different name.",
  MessageDistroInstallPathAlreadyExists: "The supplied install location is already in use.",
  MessageExportProgress: "Export in progress, this may take a few minutes.",
  MessageImportProgress: "Import in progress, this may take a few minutes.",
  MessageExportFailed: "Exporting the distribution failed.",
  MessageImportFailed: "Importing the distribution failed.",
  MessageStatusUnregistering: "Unregistering.",
  MessageWsl2Needed: "This operation is only supported by WSL2.",
  MessageNoDefaultDistro: "Windows Subsystem for Linux has no installed distributions.\nYou can resolve this by installing a distribution with the instructions below:\n\nUse 'wsl.exe --list --online' to list available distributions\nand 'wsl.exe --install <Distro>' to install.",
  MessageRequiresFileExtensions: "The specified file must have the .vhd or .vhdx file extension.",
  // MessageSparseVhdDisabled (the --allow-unsafe gate, tag 2.5.8; docs/research.md §4).
  MessageSparseVhdDisabled: "Sparse VHD support is currently disabled due to potential data corruption.\nTo force a distribution to use a sparse vhd, please run:\nwsl.exe --manage <DistributionName> --set-sparse true --allow-unsafe",
  MessageVhdInUse: "The operation could not be completed because the vhd is currently in use.\nTo force WSL to stop use: wsl.exe --shutdown",
  MessageInvalidCommandLine: "Invalid command line argument: {}\nPlease use 'wsl.exe --help' to get a list of supported arguments.",
} as const;

/** Error codes printed as `Error code: <code>`. */
export const WSL_ERROR_CODES = {
  distroNotFound: "Wsl/Service/WSL_E_DISTRO_NOT_FOUND",
  noDistros: "Wsl/WSL_E_DEFAULT_DISTRO_NOT_FOUND",
  alreadyExists: "Wsl/Service/RegisterDistro/ERROR_ALREADY_EXISTS",
  installPathInUse: "Wsl/Service/RegisterDistro/ERROR_FILE_EXISTS",
  /** wslcompact#38: import run elevated fails with 0x8007051b (ERROR_INVALID_OWNER). */
  elevatedImport: "Wsl/Service/RegisterDistro/0x8007051b",
  invalidArg: "Wsl/Service/E_INVALIDARG",
  notStopped: "Wsl/Service/WSL_E_DISTRO_NOT_STOPPED",
  wsl2Needed: "Wsl/Service/WSL_E_WSL2_NEEDED",
  /** *inferred* */
  diskFull: "Wsl/Service/ERROR_DISK_FULL",
  /** *inferred* */
  fileNotFound: "Wsl/Service/RegisterDistro/ERROR_FILE_NOT_FOUND",
  /** *inferred* */
  exportFailed: "Wsl/Service/ExportDistro/E_FAIL",
  /** *inferred* */
  importFailed: "Wsl/Service/RegisterDistro/E_FAIL",
  /** *inferred* */
  accessDenied: "Wsl/Service/UnregisterDistro/E_ACCESSDENIED",
  invalidCommandLine: "Wsl/E_INVALIDARG",
} as const;
