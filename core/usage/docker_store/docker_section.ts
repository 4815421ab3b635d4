/**
 * The part of `usage` that follows the folder tree: the Docker view (when the disk holds a Docker
 * root) and the clean-up suggestions, measured, and as JSON; the CLI renders the text
 * (cli/docker_text.ts).
 * @module
 */
import type { DockerTree } from "./tree.ts";
import type { KnownSizes } from "./du.ts";
import { type DockerUsage, scanDocker } from "./scan_docker.ts";
import { dockerUsageJson } from "./docker_json.ts";
import { type Suggestion, suggestCleanups, type SuggestionOptions } from "../suggestions.ts";
import { measureDistroSpots } from "../suggestions_distro.ts";

/** The Docker view and the suggestions for one disk. */
export interface DockerSection {
  /** Null when the disk holds no Docker or containerd root. */
  docker: DockerUsage | null;
  suggestions: Suggestion[];
}

/** Options for {@link dockerSection}. */
export interface DockerSectionOptions {
  /** The usage scan of the same tree (its `dir(path)` sums), so Docker's folders are not walked twice. */
  known?: KnownSizes;
  suggestions?: SuggestionOptions;
}

/**
 * Measures the Docker view and derives the suggestions (read-only).
 * @example
 * const scan = await scanUsage(tree);
 * const section = await dockerSection(tree, { known: scan });
 * console.log(JSON.stringify(dockerSectionJson(section)));
 */
export async function dockerSection(tree: DockerTree, options: DockerSectionOptions = {}): Promise<DockerSection> {
  const docker = await scanDocker(tree, { known: options.known });
  const spots = await measureDistroSpots(tree, undefined, options.known);
  return { docker, suggestions: suggestCleanups({ docker, spots }, options.suggestions) };
}

/** The section as JSON: `docker` (null without a Docker root) and `suggestions`. */
export function dockerSectionJson(section: DockerSection): { docker: Record<string, unknown> | null; suggestions: Suggestion[] } {
  return { docker: section.docker ? dockerUsageJson(section.docker) : null, suggestions: section.suggestions };
}
