/**
 * Suggestions: commands the user may run to free space, derived from what the usage scan found.
 * The tool itself never deletes anything inside the filesystem; every record is marked
 * `kind: "suggestion"` and the text says so. Pure functions from findings to records.
 * @module
 */
import { formatBytes } from "../units.ts";
import type { DockerUsage } from "./docker/scan_docker.ts";
import { suggestDockerCleanups } from "./suggestions_docker.ts";
import { type MeasuredSpot, suggestDistroCleanups } from "./suggestions_distro.ts";

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

/** The suggestions as text, headed by a line saying nothing was deleted; "" when there are none. */
export function renderSuggestionsText(suggestions: readonly Suggestion[]): string {
  if (suggestions.length === 0) return "";
  const lines = ["Suggestions (nothing was deleted; run these yourself if you agree):"];
  for (const s of suggestions) {
    lines.push(`  up to ${formatBytes(s.bytes)}: ${s.title}`);
    lines.push(s.command ? `      ${s.command}` : "      (a setting, no command)");
    lines.push(`      ${s.why}`);
  }
  return lines.join("\n");
}
