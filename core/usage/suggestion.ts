/**
 * What a clean-up suggestion is, and the thresholds that choose them: the record the Docker and the
 * distro suggestion finders produce and suggestions.ts merges.
 * @module
 */

/** One suggested clean-up. */
export interface Suggestion {
  /** Always "suggestion": nothing was or will be done by this tool. */
  kind: "suggestion";
  /** Stable identifier, e.g. `docker-builder-prune`, `docker-image-rm`. */
  id: string;
  /** What holds the space, one line. */
  title: string;
  /** The command to run (inside the distro, or where `docker` works), or null when the advice is a setting. */
  command: string | null;
  /** At most this many bytes (allocated blocks) would be freed inside the disk. */
  bytes: number;
  /** Why, and what the command does, one line. */
  why: string;
  /** Where to run it. */
  scope: "docker" | "distro";
}

/** Thresholds for suggestions. */
export interface SuggestionOptions {
  /** Ignore anything smaller than this (default 100 MiB). */
  minBytes?: number;
  /** At most this many `docker image rm` / `docker volume rm` suggestions each (default 5). */
  maxPerKind?: number;
}

/** Defaults of {@link SuggestionOptions}. */
export const DEFAULT_SUGGESTION_OPTIONS: Required<SuggestionOptions> = { minBytes: 100 * 1024 * 1024, maxPerKind: 5 };
