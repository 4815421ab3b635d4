/**
 * The Docker part of `usage` as text: the clean-up suggestions, and the Docker view: a summary in the shape of `docker system df` (TYPE, TOTAL,
 * ACTIVE, SIZE, RECLAIMABLE, plus ON DISK, the blocks held) and the `-v` tables (images, containers,
 * volumes), then build cache and the containerd store. SIZE columns are Docker's figures; ON DISK
 * is allocated blocks, as `du` counts them.
 * @module
 */
import { formatBytes } from "../core/units.ts";
import type { ClassicStoreUsage } from "../core/usage/docker_store/classic_store.ts";
import { shortId } from "../core/usage/docker_store/classic_metadata.ts";
import type { ContainerdStoreUsage } from "../core/usage/docker_store/containerd_store.ts";
import type { DockerUsage } from "../core/usage/docker_store/scan_docker.ts";
import type { DockerSection } from "../core/usage/docker_store/docker_section.ts";
import type { Suggestion } from "../core/usage/suggestion.ts";

/** Lays out a table: header, rows; the CLI passes its own (cli/format.ts `renderTable`). */
export type TableRenderer = (header: string[], rows: string[][]) => string;

/** Options for {@link renderDockerText}. */
export interface DockerTextOptions {
  /** Table layout; a plain two-space layout when left out. */
  table?: TableRenderer;
  /** Rows per table before "… N more" (default 15). */
  maxRows?: number;
}

/**
 * Renders the Docker view.
 * @example
 * out.result(renderDockerText(docker, { table: (h, r) => renderTable(h, r, out.width) }));
 */
export function renderDockerText(docker: DockerUsage, options: DockerTextOptions = {}): string {
  const table = options.table ?? plainTable;
  const max = options.maxRows ?? 15;
  const blocks: string[] = [];
  for (const s of docker.classic) blocks.push(classicText(s, table, max));
  for (const s of docker.containerd) blocks.push(containerdText(s, table, max));
  return blocks.join("\n\n");
}

function classicText(s: ClassicStoreUsage, table: TableRenderer, max: number): string {
  const b = formatBytes;
  const stoppedRw = s.containers.filter((c) => !c.running).reduce((n, c) => n + c.sizeRw, 0);
  const unusedVolumes = s.volumes.filter((v) => v.links === 0);
  const logs = s.containers.flatMap((c) => c.logs);
  const lines = [
    `Docker data root ${s.root.path}${s.root.runtimePath !== s.root.path ? ` (${s.root.runtimePath} when running)` : ""}, ${s.drivers.join("/") || "no image store"}: ${b(s.total.allocatedBytes)} on disk`,
    table(["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE", "ON DISK"], [
      ["Images", String(s.imagesTotal.count), String(s.imagesTotal.active), b(s.imagesTotal.size), b(s.imagesTotal.reclaimable), b(s.imagesTotal.allocatedBytes)],
      ["Containers", String(s.containers.length), String(s.containers.filter((c) => c.running).length), b(s.containers.reduce((n, c) => n + c.sizeRw, 0)), b(stoppedRw), b(s.containers.reduce((n, c) => n + c.writableAllocatedBytes, 0))],
      ["Local Volumes", String(s.volumes.length), String(s.volumes.length - unusedVolumes.length), b(s.volumes.reduce((n, v) => n + v.size, 0)), b(unusedVolumes.reduce((n, v) => n + v.size, 0)), b(s.volumes.reduce((n, v) => n + v.allocatedBytes, 0))],
      ["Build Cache", "-", "-", b(s.buildCache.total.apparentBytes), b(s.buildCache.total.apparentBytes), b(s.buildCache.total.allocatedBytes)],
      ["Container logs", String(logs.length), "-", b(logs.reduce((n, l) => n + l.apparentBytes, 0)), "-", b(logs.reduce((n, l) => n + l.allocatedBytes, 0))],
      ["Other", "-", "-", b(s.other.apparentBytes), "-", b(s.other.allocatedBytes)],
    ]),
  ];
  if (s.images.length > 0) {
    lines.push("", "Images space usage:", table(["REPOSITORY:TAG", "IMAGE ID", "SIZE", "SHARED SIZE", "UNIQUE SIZE", "CONTAINERS", "ON DISK"],
      capped(s.images, max, 7, (i) => [i.name, shortId(i.id), b(i.size), b(i.sharedSize), b(i.uniqueSize), String(i.containers), b(i.allocatedBytes)])));
  }
  if (s.containers.length > 0) {
    const byLog = [...s.containers].sort((x, y) => y.writableAllocatedBytes + y.logAllocatedBytes - x.writableAllocatedBytes - x.logAllocatedBytes);
    // SIZE is Docker's figure for an overlay2 writable layer; a containerd snapshot has only ON DISK.
    lines.push("", "Containers space usage:", table(["CONTAINER ID", "IMAGE", "SIZE", "ON DISK", "LOGS", "STATUS", "NAMES"],
      capped(byLog, max, 7, (c) => [c.id.slice(0, 12), c.image, c.writableStore === "overlay2" ? b(c.sizeRw) : "-", b(c.writableAllocatedBytes), b(c.logAllocatedBytes), c.running ? "running" : "stopped", c.name])));
  }
  if (s.volumes.length > 0) {
    lines.push("", "Local Volumes space usage:", table(["VOLUME NAME", "LINKS", "SIZE", "ON DISK"],
      capped(s.volumes, max, 4, (v) => [v.anonymous ? v.name.slice(0, 12) + "… (anonymous)" : v.name, String(v.links), b(v.size), b(v.allocatedBytes)])));
  }
  const bc = s.buildCache;
  lines.push("", `Build cache: ${b(bc.total.allocatedBytes)} on disk (BuildKit folder ${b(bc.buildkit.allocatedBytes)}, ${bc.unownedDirs.length} layer folder(s) owned by no image or container ${b(bc.unownedDirs.reduce((n, d) => n + d.usage.allocatedBytes, 0))})`);
  if (s.unreferencedLayers.length > 0) lines.push(`Layers no image names: ${s.unreferencedLayers.length}, ${b(s.unreferencedLayers.reduce((n, l) => n + l.allocatedBytes, 0))} on disk`);
  for (const note of s.notes) lines.push(`note: ${note}`);
  return lines.join("\n");
}

function containerdText(s: ContainerdStoreUsage, table: TableRenderer, max: number): string {
  const b = formatBytes;
  const lines = [`containerd image store ${s.root.path}: ${b(s.total.allocatedBytes)} on disk`];
  if (s.images.length > 0) {
    lines.push(table(["REPOSITORY:TAG", "CONTENT", "UNPACKED", "SHARED SIZE", "UNIQUE SIZE", "CONTAINERS"],
      capped(s.images, max, 6, (i) => [i.name, b(i.contentBytes), b(i.unpackedBytes), b(i.sharedSize), b(i.uniqueSize), String(i.containers)])));
  }
  if (s.containers.length > 0) {
    lines.push("", table(["CONTAINER ID", "IMAGE", "WRITABLE LAYER"], capped(s.containers, max, 3, (c) => [c.id.slice(0, 12), c.image, b(c.writableAllocatedBytes)])));
  }
  const unowned = s.unownedSnapshots.reduce((n, x) => n + x.usage.allocatedBytes, 0);
  lines.push(
    `  blobs (compressed layers, manifests, configs): ${s.blobs.count}, ${b(s.blobs.usage.allocatedBytes)}` +
      (s.namesRead ? `; reached by no image: ${s.unreferencedBlobs.count}, ${b(s.unreferencedBlobs.allocatedBytes)}` : ""),
    `  unpacked snapshots: ${s.snapshots.length}, ${b(s.snapshotsTotal.allocatedBytes)}` +
      (s.namesRead ? `; owned by no image or container (build cache, leases): ${s.unownedSnapshots.length}, ${b(unowned)}` : ""),
    `  unfinished downloads (ingest): ${b(s.ingest.allocatedBytes)}`,
    `  metadata and other: ${b(s.other.allocatedBytes)}`,
    ...s.notes.map((n) => `note: ${n}`),
  );
  return lines.join("\n");
}

function capped<T>(items: readonly T[], max: number, columns: number, row: (item: T) => string[]): string[][] {
  const rows = items.slice(0, max).map(row);
  if (items.length > max) rows.push([`… ${items.length - max} more`, ...Array(columns - 1).fill("")]);
  return rows;
}

/** Two-space columns, numbers right-aligned: enough for logs and tests. */
function plainTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[\d.]+( [KMGTP]?B)?$|^-$|^$/.test(r[i] ?? "")));
  const line = (r: string[]) => r.map((c, i) => numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
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

/** The section as text: the Docker view, then the suggestions; "" when there is neither. */
export function renderDockerSection(section: DockerSection, options: DockerTextOptions = {}): string {
  return [section.docker ? renderDockerText(section.docker, options) : "", renderSuggestionsText(section.suggestions)]
    .filter((t) => t.length > 0).join("\n\n");
}
