/**
 * The error types a user can act on. Every failure the CLI reports as one line derives from
 * {@link UserFacingError}; anything else is a bug and shows a stack trace only with `--debug`.
 *
 * The classes are recognised across copies of this module: the CLI bundle (lib/cli.js) and the
 * library (lib/mod.js) each hold one, and a plugin that imports `RefusedError` from "vhdx-shrink"
 * throws the library's. Each class has a stable {@link UserFacingError.code}; every instance carries
 * the codes of its class chain under a `Symbol.for` key (one registry per JavaScript realm, ECMAScript
 * §20.4.2.2 Symbol.for), and `instanceof` checks those codes when the prototype check fails.
 * @module
 */

/** The `Symbol.for` key under which an error lists the codes of its class chain. */
const CODES = Symbol.for("vhdx-shrink.error-codes");

type Coded = { readonly code?: string };

/** The codes of `cls` and its ancestors that declare one, most derived first. */
function chainCodes(cls: unknown): string[] {
  const codes: string[] = [];
  for (let c = cls as Coded | null; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    if (Object.hasOwn(c, "code") && typeof c.code === "string") codes.push(c.code);
  }
  return codes;
}

/** A failure the user can understand and act on: the message says what, why and what to do. */
export class UserFacingError extends Error {
  /** Stable name of the failure kind, the same in every copy of this module. */
  static readonly code: string = "user-facing";
  /** Process exit code the CLI uses for this error (1 refused/failed, 2 usage). */
  readonly exitCode: number;
  /** The failure kind: the `code` of the most derived class that declares one (`"refused"`, `"usage"`…). */
  readonly code: string;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
    const codes = chainCodes(new.target);
    this.code = codes[0];
    Object.defineProperty(this, CODES, { value: codes });
  }

  /** `e instanceof RefusedError` holds for a RefusedError from another copy of this module too. */
  static [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (!Object.hasOwn(this, "code") || typeof value !== "object" || value === null) return false;
    const codes = (value as { [CODES]?: unknown })[CODES];
    return Array.isArray(codes) && codes.includes((this as Coded).code);
  }
}

/** The command line was wrong (unknown option, missing argument, bad value). */
export class UsageError extends UserFacingError {
  static override readonly code: string = "usage";
  constructor(message: string) {
    super(message, 2);
  }
}

/** A disk image is not valid or not supported (corrupt structure, differencing disk, unknown required item). */
export class InvalidImageError extends UserFacingError {
  static override readonly code: string = "invalid-image";
}

/** A VHDX has an unreplayed log and the operation may not replay it. */
export class DirtyLogError extends UserFacingError {
  static override readonly code: string = "dirty-log";
}

/** The filesystem inside the disk cannot be trusted for compaction (unclean, needs recovery, checksum failure). */
export class UntrustedFilesystemError extends UserFacingError {
  static override readonly code: string = "untrusted-filesystem";
}

/** The target is in use (distro running, file locked). */
export class TargetBusyError extends UserFacingError {
  static override readonly code: string = "target-busy";
}

/**
 * Another run (or, on Windows, another program such as WSL's VHD attach) holds the disk; the
 * message names the holder. Thrown by the one-writer hold (core/hold/disk_hold.ts) and by a
 * host's `fs.holdExclusive` when the file is open elsewhere (ERROR_SHARING_VIOLATION).
 */
export class DiskHeldError extends TargetBusyError {
  static override readonly code: string = "disk-held";
}

/** A strategy refused to run (not available, missing confirmation, not enough space). */
export class RefusedError extends UserFacingError {
  static override readonly code: string = "refused";
}

/** The operation was interrupted (Ctrl-C); the message says what state the disk is in. */
export class InterruptedError extends UserFacingError {
  static override readonly code: string = "interrupted";
  constructor(message: string) {
    super(message, 130);
  }
}

/** A path inside a disk's filesystem does not exist, or is not what the caller needs (a directory, a file). */
export class FsPathError extends UserFacingError {
  static override readonly code: string = "fs-path";
}

/**
 * Part of a disk's filesystem cannot be read reliably (encrypted or damaged directory, unknown
 * feature, file too large to load): the reader refuses instead of guessing.
 */
export class UnreadableFilesystemError extends UserFacingError {
  static override readonly code: string = "unreadable-filesystem";
}
