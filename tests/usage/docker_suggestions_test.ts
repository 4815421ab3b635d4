// Suggestions from the Docker view of the real overlay2 fixture (tests/support/docker_fixture.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildDockerFixture } from "../support/docker_fixture.ts";
import { withTempDir } from "../support/tools.ts";
import { LocalFsTree } from "../../core/usage/local_fs_tree.ts";
import { scanDocker } from "../../core/usage/docker_store/scan_docker.ts";
import { suggestCleanups } from "../../core/usage/suggestions.ts";
import { renderSuggestionsText } from "../../cli/docker_text.ts";

const C = "c".repeat(64);
const D = "d".repeat(64);

test("each kind of Docker space found gives its command, marked as a suggestion", async () => {
  await withTempDir(async (dir) => {
    buildDockerFixture(dir);
    const docker = await scanDocker(new LocalFsTree(dir));
    const list = suggestCleanups({ docker }, { minBytes: 1 });
    assert.ok(list.every((s) => s.kind === "suggestion"));
    assert.deepEqual(new Set(list.map((s) => s.command)), new Set([
      "docker builder prune",
      "docker image prune",
      "docker image rm api:1.0",
      "docker container prune",
      `docker run --rm -v /var/lib/docker/containers:/containers alpine sh -c 'truncate -s 0 /containers/${C}/${C}-json.log*'`,
      `docker run --rm -v /var/lib/docker/containers:/containers alpine sh -c 'truncate -s 0 /containers/${D}/${D}-json.log*'`,
      null, // log rotation and the hidden image store are settings
      "docker volume prune",
      "docker image rm alpine:3.20", // containerd store: no container uses it
    ]));
    assert.deepEqual(list.filter((s) => s.command === null).map((s) => s.id).sort(), ["docker-log-rotation", "docker-other-image-store"]);
    assert.ok(!list.some((s) => s.command?.includes("web:latest")), "an image a container uses is not suggested for removal");
    assert.ok(!list.some((s) => s.command?.includes("appdata")), "a volume a container mounts is not suggested for removal");
  });
});

test("suggestions are ordered by the space they would free, and the text says nothing was deleted", async () => {
  await withTempDir(async (dir) => {
    buildDockerFixture(dir);
    const list = suggestCleanups({ docker: await scanDocker(new LocalFsTree(dir)) }, { minBytes: 1 });
    assert.deepEqual(list.map((s) => s.bytes), [...list.map((s) => s.bytes)].sort((a, b) => b - a));
    const text = renderSuggestionsText(list);
    assert.match(text.split("\n")[0], /nothing was deleted/);
    assert.ok(text.includes("docker builder prune"));
  });
});

test("a distro's Docker Engine gets sudo truncate for its logs", async () => {
  await withTempDir(async (dir) => {
    buildDockerFixture(dir, "engine");
    const list = suggestCleanups({ docker: await scanDocker(new LocalFsTree(dir)) }, { minBytes: 1 });
    const truncate = list.find((s) => s.id === "docker-log-truncate");
    assert.equal(truncate?.command, `sudo sh -c 'truncate -s 0 /var/lib/docker/containers/${C}/${C}-json.log*'`);
    assert.ok(!list.some((s) => s.id === "docker-other-image-store"), "a plain engine has one image store");
  });
});

test("nothing under the threshold is suggested", async () => {
  await withTempDir(async (dir) => {
    buildDockerFixture(dir);
    assert.deepEqual(suggestCleanups({ docker: await scanDocker(new LocalFsTree(dir)) }), []);
  });
});

test("a containerd store whose names cannot be read gets docker image prune -a with the reason", async () => {
  await withTempDir(async (dir) => {
    buildDockerFixture(dir);
    writeFileSync(join(dir, "data/desktop-containerd/daemon/io.containerd.metadata.v1.bolt/meta.db"), Buffer.alloc(8192, 0x5a));
    const list = suggestCleanups({ docker: await scanDocker(new LocalFsTree(dir)) }, { minBytes: 1 });
    const prune = list.find((s) => s.id === "docker-image-prune-all");
    assert.equal(prune?.command, "docker image prune -a");
    assert.match(prune!.why, /could not be read offline/);
    assert.ok(!list.some((s) => s.command === "docker image rm alpine:3.20"));
  });
});
