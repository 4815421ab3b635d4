/**
 * Docker's own arithmetic for `docker system df -v` on the classic (graph driver) store, as pure
 * functions: per image SIZE, SHARED SIZE, UNIQUE SIZE and CONTAINERS, and the Images line's SIZE,
 * ACTIVE and RECLAIMABLE. Sources (moby/moby): daemon/images image_list.go `Images` (size = the top
 * layer's Size(), i.e. the DiffSize of every layer of its chain; shared = DiffSize of each chain
 * layer referenced by two or more images of the image store; an untagged image with children is not
 * listed), image.go `LayerDiskUsage`/`getLayerRefs` (total = DiffSize of every layer referenced by a
 * tagged or childless image, once), layer/ro_layer.go (Size vs DiffSize); docker/cli
 * formatter/disk_usage.go (unique = size − shared; reclaimable = total − Σ unique of images in use).
 * @module
 */
import { chainIds } from "./chain_id.ts";

/** An image as the image store holds it. */
export interface StoredImage {
  /** `sha256:<hex>` of the config. */
  id: string;
  /** Tags and digests naming it in repositories.json (`nginx:latest`, `nginx@sha256:…`). */
  refs: string[];
  /** `rootfs.diff_ids` of its config. */
  diffIds: string[];
  /** The image it was built from (imagedb metadata `parent`), if recorded. */
  parentId: string | null;
  /** `created` of its config. */
  created: string | null;
}

/** One image's figures, as `docker system df -v` shows them (bytes). */
export interface ImageFigures {
  id: string;
  refs: string[];
  /** Chain IDs of its layers, base first. */
  chainIds: string[];
  /** SIZE: DiffSize of every layer of its chain. */
  size: number;
  /** SHARED SIZE: DiffSize of its layers that two or more images reference. */
  sharedSize: number;
  /** UNIQUE SIZE: size − sharedSize. */
  uniqueSize: number;
  /** CONTAINERS: containers created from it. */
  containers: number;
  /** Chain IDs named by its config but absent from layerdb (its figures then omit them). */
  missingLayers: string[];
  created: string | null;
}

/** The Images part of `docker system df`. */
export interface ImagesFigures {
  /** Listed images (tagged or digested, or untagged without children), largest first. */
  images: ImageFigures[];
  /** SIZE of the Images line: each referenced layer once. */
  totalSize: number;
  /** ACTIVE: listed images with at least one container. */
  active: number;
  /** RECLAIMABLE: totalSize − Σ unique size of the images in use. */
  reclaimable: number;
}

/**
 * Computes Docker's image figures.
 * @param images every image in the image store (imagedb), tagged or not
 * @param layerDiffSizes DiffSize (layerdb `size`) by chain ID
 * @param containerImageIds the image ID of each container (one entry per container)
 */
export function imagesFigures(
  images: readonly StoredImage[],
  layerDiffSizes: ReadonlyMap<string, number>,
  containerImageIds: readonly string[],
): ImagesFigures {
  const chains = new Map(images.map((img) => [img.id, chainIds(img.diffIds)]));
  const hasChildren = new Set(images.map((img) => img.parentId).filter((p): p is string => p !== null));
  const listed = images.filter((img) => img.refs.length > 0 || !hasChildren.has(img.id));

  // SHARED counts references across the whole image store, intermediate images included.
  const refCount = new Map<string, number>();
  for (const img of images) for (const c of new Set(chains.get(img.id))) refCount.set(c, (refCount.get(c) ?? 0) + 1);

  const figures = listed.map((img): ImageFigures => {
    const ids = chains.get(img.id)!;
    let size = 0;
    let sharedSize = 0;
    const missingLayers: string[] = [];
    for (const c of ids) {
      const diff = layerDiffSizes.get(c);
      if (diff === undefined) {
        missingLayers.push(c);
        continue;
      }
      size += diff;
      if ((refCount.get(c) ?? 0) > 1) sharedSize += diff;
    }
    const containers = containerImageIds.filter((id) => id === img.id).length;
    return { id: img.id, refs: img.refs, chainIds: ids, size, sharedSize, uniqueSize: size - sharedSize, containers, missingLayers, created: img.created };
  });
  figures.sort((a, b) => b.size - a.size || a.id.localeCompare(b.id));

  const referenced = new Set(listed.flatMap((img) => chains.get(img.id)!));
  let totalSize = 0;
  for (const c of referenced) totalSize += layerDiffSizes.get(c) ?? 0;
  const inUse = figures.filter((f) => f.containers > 0);
  const reclaimable = totalSize - inUse.reduce((sum, f) => sum + f.uniqueSize, 0);
  return { images: figures, totalSize, active: inUse.length, reclaimable };
}

/** `repository:tag` for display: the first tag, else the first digest's repository, else `<none>`. */
export function imageDisplayName(refs: readonly string[]): string {
  return refs.find((r) => !r.includes("@")) ?? (refs[0] ? refs[0].split("@")[0] + ":<none>" : "<none>:<none>");
}
