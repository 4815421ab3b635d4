/**
 * Clean-ups inside a WSL distro that follow from the sizes of well-known space hogs
 * [docs/disk-contents.md §4]: the systemd journal, apt's package cache, pip, npm and Hugging Face
 * caches in home folders, old snap revisions. A table of spots, a measurement over the tree, and a
 * pure rule from sizes to suggestions.
 * @module
 */
import { formatBytes } from "../units.ts";
import { du, type KnownSizes } from "./docker_store/du.ts";
import { type DockerTree, isDirectory, joinPath, listDir, tolerantTree } from "./docker_store/tree.ts";
import type { Suggestion, SuggestionOptions } from "./suggestion.ts";

/** A well-known space hog and what to run about it. */
export interface Spot {
  id: string;
  /** Path inside the filesystem; `~` stands for each home folder (`/root`, `/home/*`). */
  path: string;
  title: string;
  command: string;
  why: string;
}

/** The spots, with the command that clears each. */
export const DISTRO_SPOTS: readonly Spot[] = [
  { id: "journal-vacuum", path: "/var/log/journal", title: "systemd journal", command: "sudo journalctl --vacuum-size=100M",
    why: "keeps the newest 100 MB of logs; SystemMaxUse= in journald.conf caps it for good" },
  { id: "apt-clean", path: "/var/cache/apt/archives", title: "apt's downloaded packages", command: "sudo apt clean",
    why: "deletes .deb files apt already installed" },
  { id: "snap-retain", path: "/var/lib/snapd/snaps", title: "snap packages and old revisions", command: "sudo snap set system refresh.retain=2",
    why: "keeps two revisions per snap from the next refresh on (`snap list --all` shows the disabled ones to remove)" },
  { id: "pip-cache", path: "~/.cache/pip", title: "pip's cache", command: "pip cache purge", why: "wheels and downloads pip can fetch again" },
  { id: "npm-cache", path: "~/.npm/_cacache", title: "npm's cache", command: "npm cache clean --force", why: "packages npm can fetch again" },
  { id: "huggingface-cache", path: "~/.cache/huggingface", title: "Hugging Face models and datasets", command: "huggingface-cli delete-cache",
    why: "lets you pick which cached models and datasets to delete" },
];

/** A spot with its measured size. */
export interface MeasuredSpot {
  spot: Spot;
  /** The path measured (home folders expanded). */
  path: string;
  allocatedBytes: number;
}

/**
 * Measures every spot present on the tree (metadata walk of those folders only, none when `known`,
 * the usage scan's sums, already has them).
 */
export async function measureDistroSpots(fsTree: DockerTree, spots: readonly Spot[] = DISTRO_SPOTS, known?: KnownSizes): Promise<MeasuredSpot[]> {
  const tree = tolerantTree(fsTree);
  const homes = ["/root", ...(await listDir(tree, "/home")).filter(isDirectory).map((e) => e.path)];
  const out: MeasuredSpot[] = [];
  for (const spot of spots) {
    const paths = spot.path.startsWith("~/") ? homes.map((h) => joinPath(h, spot.path.slice(2))) : [spot.path];
    for (const path of paths) {
      if (!isDirectory(await tree.stat(path))) continue;
      out.push({ spot, path, allocatedBytes: (await du(tree, path, { known })).allocatedBytes });
    }
  }
  return out;
}

/** Suggestions for the measured spots at or above the threshold (pure). */
export function suggestDistroCleanups(spots: readonly MeasuredSpot[], options: Required<SuggestionOptions>): Suggestion[] {
  return spots.filter((m) => m.allocatedBytes >= options.minBytes).map((m) => ({
    kind: "suggestion",
    id: m.spot.id,
    title: `${m.spot.title} (${m.path}): ${formatBytes(m.allocatedBytes)}`,
    command: m.spot.command,
    bytes: m.allocatedBytes,
    why: m.spot.why,
    scope: "distro",
  }));
}
