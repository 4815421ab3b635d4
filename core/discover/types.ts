/**
 * What discovery finds: every disk a user may shrink, with its sizes and state.
 * @module
 */
import type { Target } from "../domain/target.ts";

/** A target found on this machine, with what `list` shows about it. */
export type DiscoveredTarget = Target & DiscoveryFacts;

/** What discovery adds to a {@link Target}. */
export interface DiscoveryFacts {
  /** File size in bytes (null when the file is missing or a WSL1 distro has none). */
  fileSize: number | null;
  /** Bytes allocated on the volume ("size on disk"). */
  allocatedSize: number | null;
  isSparse: boolean;
  /** Virtual disk size from the VHDX metadata; null when it cannot be read (locked, missing). */
  virtualSize: number | null;
  /** WSL version of a distro (1 has no VHDX); null for bare disks. */
  wslVersion: 1 | 2 | null;
  /** State word as `wsl --list --verbose` prints it (Running, Stopped, ...), or Running/Stopped for Docker's disk. */
  state: string;
  /** True for the default distro. */
  isDefault: boolean;
  /** False when no strategy can work on it (WSL1, missing file). */
  shrinkable: boolean;
  /** One line on anything unusual. */
  note?: string;
}

/** Everything `discoverTargets` reports. */
export interface Discovery {
  targets: DiscoveredTarget[];
  wsl: {
    /** `wsl --version`'s WSL version, or null (old inbox wsl.exe, or no WSL). */
    version: string | null;
  };
  /**
   * What discovery could not find out, one line each, for the user to see: a failing
   * `wsl --list` (distro states unknown), a sparse flag that could not be read.
   */
  warnings: string[];
}
