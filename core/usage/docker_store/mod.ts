/**
 * The Docker view of a disk, read offline through an {@link FsTree}: images with `docker system df -v`'s
 * figures, containers' writable layers and logs, volumes, build cache, and the containerd store.
 * `scanDocker` measures; `dockerUsageJson` presents (the CLI renders the text, cli/docker_text.ts);
 * `dockerSection` adds the clean-up suggestions, for the `usage` command.
 * @module
 */
export { dockerSection, dockerSectionJson } from "./docker_section.ts";
export type { DockerSection, DockerSectionOptions } from "./docker_section.ts";
export { scanDocker } from "./scan_docker.ts";
export type { DockerScanOptions, DockerUsage } from "./scan_docker.ts";
export { dockerUsageJson } from "./docker_json.ts";
export type { ClassicStoreUsage, ContainerUsage, ImageUsage, LogFileUsage, VolumeUsage, BuildCacheUsage } from "./classic_store.ts";
export type { ContainerdStoreUsage, SnapshotUsage } from "./containerd_store.ts";
export { imagesFigures } from "./system_df.ts";
export type { ImageFigures, ImagesFigures, StoredImage } from "./system_df.ts";
export { chainIds } from "./chain_id.ts";
export { du } from "./du.ts";
export type { DirUsage, KnownSizes } from "./du.ts";
export { findContainerdRoots, findDockerRoots } from "./docker_roots.ts";
