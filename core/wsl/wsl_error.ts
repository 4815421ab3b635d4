/**
 * Failures of `wsl.exe`, recognised by exit code and the `Error code: Wsl/...` token it prints
 * (microsoft/WSL: src/windows/common/WslClient.cpp), never by its translated message text.
 * @module
 */
import { UserFacingError } from "../errors.ts";

/** Error codes the strategies react to (microsoft/WSL: Resources.resw / WslClient.cpp). */
export const WSL_CODES = {
  /** `--set-sparse true` without `--allow-unsafe` since tag 2.5.8 (docs/research.md §4). */
  invalidArg: "Wsl/Service/E_INVALIDARG",
  distroNotFound: "Wsl/Service/WSL_E_DISTRO_NOT_FOUND",
  /** Registering from an elevated process (wslcompact#38). */
  elevatedRegister: "Wsl/Service/RegisterDistro/0x8007051b",
} as const;

/**
 * The `Wsl/...` token of wsl.exe's `Error code: Wsl/...` line, or undefined. The label is translated
 * (MessageErrorCode: German `Fehlercode: {}`, microsoft/WSL localization/strings/de-DE/Resources.resw),
 * the code is not, so only the code is matched.
 */
export function parseWslErrorCode(text: string): string | undefined {
  return /^[^\n]*:\s*(Wsl\/[\w/.-]+)\s*$/m.exec(text)?.[1];
}

/** A `wsl.exe` command failed; `wslCode` is its `Error code:` token when it printed one. */
export class WslCommandError extends UserFacingError {
  readonly wslCode: string | undefined;
  readonly exit: number;
  constructor(message: string, exit: number, wslCode: string | undefined) {
    super(message);
    this.exit = exit;
    this.wslCode = wslCode;
  }
}
