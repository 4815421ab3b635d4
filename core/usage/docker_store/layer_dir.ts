/**
 * One graph driver layer directory (`overlay2/<id>/`: `diff/` with the files, `link`, `lower`,
 * `work/`, `merged/` [moby/moby daemon/graphdriver/overlay2/overlay.go]) measured in one walk, with
 * `diff/` apart because Docker's container SIZE counts only that.
 * @module
 */
import { du, type DirUsage, type DuOptions, EMPTY_USAGE, ownUsage, sumUsage } from "./du.ts";
import { type DockerTree, isDirectory, listDir } from "./tree.ts";

/** A layer directory's usage. */
export interface LayerDirUsage {
  /** `diff/`: the layer's files. */
  diff: DirUsage;
  /** The whole directory. */
  total: DirUsage;
}

/**
 * Measures a layer directory; a plain file or missing path gives its own size and an empty diff.
 * `exactDiff` walks `diff/` even when `options.known` has it (a container's SIZE is shown exactly).
 */
export async function measureLayerDir(tree: DockerTree, path: string, options: DuOptions & { exactDiff?: boolean }): Promise<LayerDirUsage> {
  // With the usage scan's sums, a layer that needs no exact diff is not listed at all.
  const knownTotal = options.exactDiff ? undefined : options.known?.dir(path);
  if (knownTotal && !knownTotal.unreadable) {
    const total = await du(tree, path, options);
    const diff = options.known!.dir(path + "/diff") ? await du(tree, path + "/diff", options) : { ...EMPTY_USAGE };
    return { diff, total };
  }
  const self = await tree.stat(path);
  if (!isDirectory(self)) return { diff: { ...EMPTY_USAGE }, total: await du(tree, path, options) };
  let diff: DirUsage = { ...EMPTY_USAGE };
  const parts: DirUsage[] = [ownUsage(self!)];
  for (const e of await listDir(tree, path, options.onUnreadable)) {
    const u = await du(tree, e.path, { ...options, exactDockerBytes: e.name === "diff" && options.exactDiff === true });
    if (e.name === "diff") diff = u;
    parts.push(u);
  }
  return { diff, total: sumUsage(parts) };
}
