/**
 * Rebuilds samples/sample-docker.vhdx.gz: a small real ext4 VHDX shaped like Docker Desktop's
 * docker_data.vhdx, for the demo's Docker view and report. The Docker root is the test fixture's
 * (tests/support/docker_fixture.ts: overlay2 images sharing a base layer, a container with json-file
 * logs and a writable layer, volumes, BuildKit's folder and a build-cache layer directory, a
 * containerd store), with its sizes scaled up for the picture: layers of a few MB, a 40 MB log, a
 * 12 MB volume, 16 MB of build cache; plus 30 MB written and deleted, still in the VHDX. The file
 * contents repeat, so gzip keeps the sample under 1 MB.
 *
 * Run: `node --import tsx samples/make_docker_sample.ts` (needs mke2fs, debugfs, e2fsck, qemu-img).
 * @module
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { buildDockerFixture, CONTAINER, LAYER_FILES, VOLUMES } from "../tests/support/docker_fixture.ts";

const MB = 1024 * 1024;
const out = fileURLToPath(new URL("./sample-docker.vhdx.gz", import.meta.url));

function must(cmd: string, args: string[], input?: string): void {
  const r = spawnSync(cmd, args, { encoding: "utf8", input });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
}

// Bigger layers: the fixture writes each file and records the layer's size from this one table, so
// Docker's figures stay consistent with the files.
const layers = LAYER_FILES as unknown as Record<string, [string, number][]>;
layers.base = [["bin/sh", 6 * MB], ["etc/os-release", 400]];
layers.web = [["usr/share/nginx/html/index.html", 3 * MB]];
layers.apideps = [["app/node_modules/dep.js", 9 * MB], ["app/node_modules/dep2.js", 2 * MB]];
layers.apicode = [["app/server.js", 1 * MB]];
layers.tool = [["opt/tool", 4 * MB]];

const work = mkdtempSync(join(tmpdir(), "vhdx-shrink-docker-sample-"));
try {
  const tree = join(work, "tree");
  const facts = buildDockerFixture(tree);
  const root = join(tree, facts.rootInTree);
  const line = '{"log":"GET /health HTTP/1.1 200 2 \\"-\\" \\"kube-probe/1.29\\"\\n","stream":"stdout","time":"2026-01-01T00:00:00.000000000Z"}\n';
  appendFileSync(join(root, "containers", CONTAINER.id, CONTAINER.id + "-json.log"), line.repeat(Math.ceil(40 * MB / line.length)));
  appendFileSync(join(root, "volumes", VOLUMES[0][0], "_data", "data.bin"), Buffer.alloc(12 * MB, 0x64));
  appendFileSync(join(root, "overlay2", "buildkitsnapshot0000000000000001", "diff", "layer.bin"), Buffer.alloc(16 * MB, 0x65));
  const raw = join(work, "disk.raw");
  must("mke2fs", ["-q", "-F", "-t", "ext4", "-b", "4096", "-U", "5d0c6a1e-7b1f-4c39-9d1e-0d0c4e5a5a01", "-E", "hash_seed=3c1b2a4d-0e5f-4a6b-8c7d-9e0f1a2b3c4d", "-d", tree, raw, "256M"]);
  // Written and deleted: blocks the VHDX still holds, free in ext4.
  const deleted = join(work, "deleted.bin");
  writeFileSync(deleted, Buffer.alloc(30 * MB, 0x78));
  must("debugfs", ["-w", "-f", "-", raw], `write ${deleted} pulled-image.tar\n`);
  must("debugfs", ["-w", "-f", "-", raw], "rm pulled-image.tar\n");
  must("e2fsck", ["-fn", raw]);
  const vhdx = join(work, "docker_data.vhdx");
  must("qemu-img", ["convert", "-f", "raw", "-O", "vhdx", "-o", "subformat=dynamic,block_size=1M", raw, vhdx]);
  writeFileSync(out, gzipSync(readFileSync(vhdx), { level: 9 }));
  console.log(`${out}: ${(statSync(out).size / 1024).toFixed(0)} KiB (VHDX ${(statSync(vhdx).size / MB).toFixed(0)} MiB)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
