/**
 * The failure of an export-import run: the message always says where the distro's data is now
 * (untouched disk, kept tar) and the command that finishes the job by hand.
 * @module
 */
import { UserFacingError } from "../../mod.ts";

/** A step of export-import failed; the message states the distro's state and what to do. */
export class ExportImportError extends UserFacingError {
  /** True when the distro still runs on its original, untouched disk. */
  readonly distroIntact: boolean;
  constructor(message: string, distroIntact: boolean) {
    super(message);
    this.distroIntact = distroIntact;
  }
}
