/**
 * Suggestions: commands the user may run to free space, derived from what the usage scan found.
 * The tool itself never deletes anything inside the filesystem; every record is marked
 * `kind: "suggestion"` and the text says so. Pure functions from findings to records.
 * @module
 */
import type { DockerUsage } from "./docker_store/scan_docker.ts";
import { suggestDockerCleanups } from "./suggestions_docker.ts";
import { type MeasuredSpot, suggestDistroCleanups } from "./suggestions_distro.ts";
import { DEFAULT_SUGGESTION_OPTIONS } from "./suggestion.ts";
import type { Suggestion, SuggestionOptions } from "./suggestion.ts";

export type { Suggestion, SuggestionOptions } from "./suggestion.ts";
export { DEFAULT_SUGGESTION_OPTIONS } from "./suggestion.ts";

/** What the suggestions are computed from. */
export interface SuggestionFindings {
  /** The Docker view, when the disk holds a Docker root. */
  docker?: DockerUsage | null;
  /** Known space hogs measured on the disk (see `measureDistroSpots`). */
  spots?: readonly MeasuredSpot[];
}

/**
 * Every suggestion that follows from the findings, largest first.
 * @example
 * const list = suggestCleanups({ docker, spots: await measureDistroSpots(tree) });
 */
export function suggestCleanups(findings: SuggestionFindings, options: SuggestionOptions = {}): Suggestion[] {
  const opts = { ...DEFAULT_SUGGESTION_OPTIONS, ...options };
  const list = [
    ...(findings.docker ? suggestDockerCleanups(findings.docker, opts) : []),
    ...suggestDistroCleanups(findings.spots ?? [], opts),
  ];
  return list.sort((a, b) => b.bytes - a.bytes);
}
