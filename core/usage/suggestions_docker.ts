/**
 * Docker clean-ups that follow from the Docker view: build cache, dangling and unused images,
 * stopped containers, container logs and log rotation, unused volumes, and the image store Docker
 * Desktop is not showing. Commands are Docker CLI commands the user runs with Docker running.
 * @module
 */
import { formatBytes } from "../units.ts";
import type { ClassicStoreUsage } from "./docker_store/classic_store.ts";
import type { DockerUsage } from "./docker_store/scan_docker.ts";
import type { ContainerdStoreUsage } from "./docker_store/containerd_store.ts";
import type { Suggestion, SuggestionOptions } from "./suggestion.ts";

const docker = (id: string, title: string, command: string | null, bytes: number, why: string): Suggestion =>
  ({ kind: "suggestion", id, title, command, bytes, why, scope: "docker" });

/** Suggestions for every store of the Docker view (pure). */
export function suggestDockerCleanups(usage: DockerUsage, options: Required<SuggestionOptions>): Suggestion[] {
  const out = usage.classic.flatMap((s) => classicSuggestions(s, options));
  out.push(...usage.containerd.filter((c) => c.namesRead).flatMap((c) => containerdSuggestions(c, options)));
  const unnamed = usage.containerd.filter((c) => !c.namesRead);
  const containerdBytes = unnamed.reduce((n, c) => n + c.total.allocatedBytes, 0);
  if (containerdBytes >= options.minBytes) {
    out.push(docker("docker-image-prune-all", `containerd image store: ${formatBytes(containerdBytes)}`, "docker image prune -a", containerdBytes,
      "removes every image no container uses; image names in this store could not be read offline, so check `docker image ls` first"));
  }
  const classicImages = usage.classic.reduce((n, s) => n + s.imagesTotal.allocatedBytes, 0);
  const desktop = usage.classic.some((s) => s.root.layout !== "engine");
  if (desktop && usage.containerd.length > 0 && classicImages >= options.minBytes) {
    // Docker Desktop shows one image store at a time; switching keeps the other's data [docker/docs#20802].
    out.push(docker("docker-other-image-store", `the image store Docker Desktop may not be showing holds ${formatBytes(classicImages)} of overlay2 images`, null, classicImages,
      "Docker Desktop shows one store at a time: toggle Settings › General › \"Use containerd for pulling and storing images\", run `docker system prune -a` there, then toggle it back"));
  }
  return out;
}

function classicSuggestions(s: ClassicStoreUsage, o: Required<SuggestionOptions>): Suggestion[] {
  const out: Suggestion[] = [];
  const cache = s.buildCache.total.allocatedBytes;
  if (cache >= o.minBytes) {
    out.push(docker("docker-builder-prune", `build cache: ${formatBytes(cache)}`, "docker builder prune", cache,
      "removes build cache no image refers to; `docker builder prune --all` removes all of it"));
  }
  const dangling = s.images.filter((i) => i.refs.length === 0 && i.containers === 0);
  const danglingBytes = dangling.reduce((n, i) => n + i.uniqueAllocatedBytes, 0);
  if (danglingBytes >= o.minBytes) {
    out.push(docker("docker-image-prune", `${dangling.length} untagged image(s): ${formatBytes(danglingBytes)}`, "docker image prune", danglingBytes,
      "removes images that have no tag and no container"));
  }
  const unused = s.images.filter((i) => i.refs.length > 0 && i.containers === 0 && i.uniqueAllocatedBytes >= o.minBytes)
    .sort((a, b) => b.uniqueAllocatedBytes - a.uniqueAllocatedBytes).slice(0, o.maxPerKind);
  for (const i of unused) {
    out.push(docker("docker-image-rm", `image ${i.name} (no container uses it): ${formatBytes(i.uniqueAllocatedBytes)} of its own`, `docker image rm ${i.name}`, i.uniqueAllocatedBytes,
      "frees the layers no other image shares; pull it again when you need it"));
  }
  const stopped = s.containers.filter((c) => !c.running);
  const stoppedBytes = stopped.reduce((n, c) => n + c.writableAllocatedBytes + c.logAllocatedBytes, 0);
  if (stoppedBytes >= o.minBytes) {
    out.push(docker("docker-container-prune", `${stopped.length} stopped container(s): ${formatBytes(stoppedBytes)} in writable layers and logs`, "docker container prune", stoppedBytes,
      "removes stopped containers with their writable layers and logs (volumes stay)"));
  }
  const noisy = s.containers.filter((c) => c.logAllocatedBytes >= o.minBytes).sort((a, b) => b.logAllocatedBytes - a.logAllocatedBytes);
  for (const c of noisy.slice(0, o.maxPerKind)) {
    const json = c.logs.filter((l) => /-json\.log/.test(l.runtimePath));
    if (json.length === 0) continue;
    const pattern = json[0].runtimePath.replace(/-json\.log.*$/, "-json.log*");
    const command = s.root.layout === "engine"
      ? `sudo sh -c 'truncate -s 0 ${pattern}'`
      : `docker run --rm -v ${s.root.runtimePath}/containers:/containers alpine sh -c 'truncate -s 0 /containers/${c.id}/${c.id}-json.log*'`;
    out.push(docker("docker-log-truncate", `logs of container ${c.name || c.id.slice(0, 12)}: ${formatBytes(c.logAllocatedBytes)}`, command, c.logAllocatedBytes,
      "empties its json-file logs in place (the container keeps running; old output is lost)"));
  }
  const logBytes = s.containers.reduce((n, c) => n + c.logAllocatedBytes, 0);
  if (noisy.length > 0) {
    out.push(docker("docker-log-rotation", `container logs grow without limit: ${formatBytes(logBytes)} now`, null, logBytes,
      "json-file keeps everything by default: set \"log-opts\": {\"max-size\": \"10m\", \"max-file\": \"3\"} in daemon.json (Docker Desktop: Settings › Docker Engine); it applies to containers created afterwards"));
  }
  const anonymous = s.volumes.filter((v) => v.links === 0 && v.anonymous);
  const anonymousBytes = anonymous.reduce((n, v) => n + v.allocatedBytes, 0);
  if (anonymousBytes >= o.minBytes) {
    out.push(docker("docker-volume-prune", `${anonymous.length} anonymous volume(s) no container uses: ${formatBytes(anonymousBytes)}`, "docker volume prune", anonymousBytes,
      "removes anonymous volumes no container mounts (named volumes stay)"));
  }
  const named = s.volumes.filter((v) => v.links === 0 && !v.anonymous && v.allocatedBytes >= o.minBytes).slice(0, o.maxPerKind);
  for (const v of named) {
    out.push(docker("docker-volume-rm", `volume ${v.name} (no container uses it): ${formatBytes(v.allocatedBytes)}`, `docker volume rm ${v.name}`, v.allocatedBytes,
      "deletes the volume and its data: only if you no longer need what it holds"));
  }
  return out;
}

function containerdSuggestions(s: ContainerdStoreUsage, o: Required<SuggestionOptions>): Suggestion[] {
  const out: Suggestion[] = [];
  const cache = s.unownedSnapshots.reduce((n, x) => n + x.usage.allocatedBytes, 0);
  if (cache >= o.minBytes) {
    out.push(docker("docker-builder-prune", `${s.unownedSnapshots.length} snapshot(s) no image or container owns (build cache): ${formatBytes(cache)}`, "docker builder prune", cache,
      "removes build cache no image refers to; `docker builder prune --all` removes all of it"));
  }
  const dangling = s.images.filter((i) => i.ref.startsWith("moby-dangling@") && i.containers === 0);
  const danglingBytes = dangling.reduce((n, i) => n + i.uniqueSize, 0);
  if (danglingBytes >= o.minBytes) {
    out.push(docker("docker-image-prune", `${dangling.length} untagged image(s): ${formatBytes(danglingBytes)}`, "docker image prune", danglingBytes,
      "removes images that have no tag and no container"));
  }
  const unused = s.images.filter((i) => !i.ref.startsWith("moby-dangling@") && i.containers === 0 && i.uniqueSize >= o.minBytes)
    .sort((a, b) => b.uniqueSize - a.uniqueSize).slice(0, o.maxPerKind);
  for (const i of unused) {
    out.push(docker("docker-image-rm", `image ${i.name} (no container uses it): ${formatBytes(i.uniqueSize)} of its own`, `docker image rm ${i.name}`, i.uniqueSize,
      "frees its blobs and unpacked layers no other image shares; pull it again when you need it"));
  }
  return out;
}
