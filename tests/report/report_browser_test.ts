/**
 * The HTML report in a real browser (Debian's chromium, headless, through playwright-core): opened
 * from file:// with every request blocked, on the Docker-shaped demo disk and on the bench's
 * million-file disk. Node only (playwright-core drives the browser from Node).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/cli.ts";
import { type Browser, browserMissing, startBrowser } from "../support/browser.ts";
import { benchUsageDisk } from "../support/million_disk.ts";
import { writeDockerSampleDisk } from "../../samples/write_sample_disk.ts";
import { formatBytes } from "../../core/units.ts";

const NOT_NODE = "Deno" in globalThis || "Bun" in globalThis ? "playwright-core drives the browser from Node: run by the Node suite" : false;
// On CI a missing browser fails the run (.ci/run installs chromium); elsewhere these tests are skipped with the reason.
const SKIP = NOT_NODE || (process.env.CI ? false : browserMissing()) || false;
/** Where test artefacts (the screenshot) are kept: VHDX_SHRINK_ARTIFACTS or a folder in the temp dir. */
const ARTIFACTS = process.env.VHDX_SHRINK_ARTIFACTS ?? join(tmpdir(), "vhdx-shrink-artifacts");

interface Entry { path: string; depth: number; allocatedBytes: number; apparentBytes: number; files: number }

let dir = "";
let browser: Browser;
let disk = "";
let report = "";
let usage: { entries: Entry[]; docker: { stores: { kind: string; images?: { name: string; size: number; sharedSize: number; uniqueSize: number }[] }[] } };

before(async () => {
  if (SKIP) return;
  dir = mkdtempSync(join(tmpdir(), "vhdx-shrink-report-"));
  disk = join(dir, "docker_data.vhdx");
  assert.ok(await writeDockerSampleDisk(disk), "the Docker-shaped sample is in samples/");
  report = join(dir, "report.html");
  const r = await runCli(["usage", disk, "--html", report, "--depth", "3"]);
  assert.equal(r.code, 0, r.stderr);
  const j = await runCli(["usage", disk, "--json", "--depth", "3"]);
  usage = JSON.parse(j.stdout).targets[0];
  browser = await startBrowser();
});

after(async () => {
  if (SKIP) return;
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The treemap's top tiles: path, bytes and the rectangle's area in CSS pixels. */
async function tiles(page: import("playwright-core").Page, map = "#map") {
  return await page.$$eval(`${map} > .tile`, (els) => els.map((el) => {
    const r = el.getBoundingClientRect();
    return { path: el.getAttribute("data-path")!, bytes: Number(el.getAttribute("data-bytes")), area: r.width * r.height, perimeter: 2 * (r.width + r.height) };
  }));
}

/** The path of the tile that has the keyboard focus ("" when none). */
async function focusedPath(page: import("playwright-core").Page): Promise<string> {
  return await page.evaluate("document.activeElement && document.activeElement.getAttribute('data-path') || ''") as string;
}

/**
 * Each tile's area is its share of the bytes within 1 %; a tile a few pixels wide is allowed the
 * browser's layout grid instead (Blink places boxes on 1/64 px, so its area can be off by up to
 * its perimeter × 1/64 px).
 */
function assertAreas(list: { path: string; bytes: number; area: number; perimeter: number }[]) {
  const bytes = list.reduce((s, t) => s + t.bytes, 0);
  const area = list.reduce((s, t) => s + t.area, 0);
  assert.ok(list.length > 0 && bytes > 0 && area > 0);
  for (const t of list) {
    const want = t.bytes / bytes * area;
    const tolerance = Math.max(0.01 * want, t.perimeter / 64);
    assert.ok(Math.abs(t.area - want) <= tolerance, `${t.path}: ${t.area} px² for ${want} px² of bytes`);
  }
}

test("the report opens from file:// with no console error and no request leaving the page", { skip: SKIP }, async () => {
  const html = readFileSync(report, "utf8");
  assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org)/i);
  const { page, requests, errors } = await browser.open(report);
  assert.deepEqual(requests, []);
  assert.deepEqual(errors, []);
  assert.ok(await page.locator("#map > .tile").count() > 0);
  await page.close();
});

test("the treemap's rectangles have the folders' bytes, and areas in proportion within 1 %", { skip: SKIP }, async () => {
  const { page } = await browser.open(report);
  const top = await tiles(page);
  const byPath = new Map(usage.entries.map((e) => [e.path, e]));
  for (const t of top.filter((t) => byPath.has(t.path))) assert.equal(t.bytes, byPath.get(t.path)!.allocatedBytes, t.path);
  assert.equal(top.reduce((s, t) => s + t.bytes, 0), byPath.get("/")!.allocatedBytes);
  assertAreas(top);
  // One level down, where Docker's folders are side by side.
  await page.click('#map > .tile[data-path="/data"]');
  await page.click('#map > .tile[data-path="/data/docker"]');
  const docker = await tiles(page);
  for (const t of docker.filter((t) => byPath.has(t.path))) assert.equal(t.bytes, byPath.get(t.path)!.allocatedBytes, t.path);
  assert.ok(docker.filter((t) => byPath.has(t.path)).length >= 4);
  assertAreas(docker);
  await page.close();
});

test("clicking a folder zooms to it and the breadcrumb goes back", { skip: SKIP }, async () => {
  const { page } = await browser.open(report);
  await page.click('#map > .tile[data-path="/data"]');
  assert.deepEqual(await page.$$eval("#crumbs .crumb", (b) => b.map((x) => x.textContent)), ["/", "data"]);
  const inside = await tiles(page);
  assert.ok(inside.every((t) => t.path.startsWith("/data/")), JSON.stringify(inside.map((t) => t.path)));
  await page.click("#crumbs .crumb >> nth=0");
  assert.deepEqual(await page.$$eval("#crumbs .crumb", (b) => b.map((x) => x.textContent)), ["/"]);
  assert.ok((await tiles(page)).some((t) => t.path === "/data"));
  await page.close();
});

test("the keyboard path: Tab reaches a folder, Enter opens it, Backspace goes back", { skip: SKIP }, async () => {
  const { page } = await browser.open(report);
  await page.locator("#crumbs .crumb").first().focus();
  await page.keyboard.press("Tab");
  assert.equal(await focusedPath(page), "/data");
  await page.keyboard.press("Enter");
  assert.equal(await page.locator("#crumbs .crumb").count(), 2);
  assert.match(await focusedPath(page), /^\/data\//);
  await page.keyboard.press("Backspace");
  assert.equal(await page.locator("#crumbs .crumb").count(), 1);
  await page.close();
});

test("a tooltip shows the path, allocated and apparent bytes and the files of the tile under the mouse", { skip: SKIP }, async () => {
  const { page } = await browser.open(report);
  await page.click('#map > .tile[data-path="/data"]');
  await page.hover('#map > .tile[data-path="/data/docker"] > .label');
  const e = usage.entries.find((x) => x.path === "/data/docker")!;
  assert.equal(await page.locator("#tip .tip-path").textContent(), "/data/docker");
  assert.equal(await page.locator("#tip .tip-allocated").textContent(), `allocated: ${formatBytes(e.allocatedBytes)}`);
  assert.equal(await page.locator("#tip .tip-apparent").textContent(), `apparent: ${formatBytes(e.apparentBytes)}`);
  assert.equal(await page.locator("#tip .tip-files").textContent(), `files: ${e.files.toLocaleString("en-US")}`);
  await page.close();
});

test("the strategies table and the recommendation match compare --json", { skip: SKIP }, async () => {
  const c = await runCli(["compare", disk, "--json"]);
  const cmp = JSON.parse(c.stdout).targets[0] as { recommended: string | null; strategies: { name: string; available: boolean; estimate: { sizeAfter: number; reclaimable: number } | null }[] };
  const { page } = await browser.open(report);
  const rows = await page.$$eval("#strategies-table tbody tr", (trs) => trs.map((tr) => ({
    name: tr.getAttribute("data-strategy"),
    available: tr.children[1].textContent!.startsWith("yes"),
    sizeAfter: tr.children[4].getAttribute("data-bytes"),
    reclaimable: tr.children[5].getAttribute("data-bytes"),
    recommended: tr.classList.contains("recommended"),
  })));
  assert.deepEqual(rows, cmp.strategies.map((s) => ({
    name: s.name, available: s.available,
    sizeAfter: s.estimate ? String(s.estimate.sizeAfter) : "", reclaimable: s.estimate ? String(s.estimate.reclaimable) : "",
    recommended: s.name === cmp.recommended,
  })));
  assert.equal(cmp.recommended, "native");
  assert.equal(await page.locator("#recommendation code").textContent(), `vhdx-shrink --strategy native --target ${disk}`);
  await page.close();
});

test("the Docker view shows images, containers, volumes and build cache, and the images table has Docker's figures", { skip: SKIP }, async () => {
  const { page } = await browser.open(report);
  const names = (await tiles(page, "#docker-map")).map((t) => t.path);
  for (const n of ["Docker/images", "Docker/containers", "Docker/volumes", "Docker/build cache"]) assert.ok(names.includes(n), `${n} in ${names}`);
  assertAreas(await tiles(page, "#docker-map"));
  // The table lists both stores' images (overlay2's, then containerd's), with `docker system df -v`'s columns.
  const images = usage.docker.stores.flatMap((s) => s.images ?? []);
  const rows = await page.$$eval("#docker-images tbody tr", (trs) => trs.map((tr) => [...tr.children].slice(0, 4).map((td) => td.textContent)));
  assert.deepEqual(rows, images.map((i) => [i.name, formatBytes(i.size), formatBytes(i.sharedSize), formatBytes(i.uniqueSize)]));
  assert.match((await page.locator("#deleted").textContent())!, /Deleted but still in the VHDX/);
  await page.close();
});

test("a screenshot of the demo disk's report is saved as a test artefact", { skip: SKIP }, async () => {
  const { page } = await browser.open(report);
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, "report-docker-sample.png");
  await page.screenshot({ path: file, fullPage: true });
  assert.ok(statSync(file).size > 10_000);
  await page.close();
});

test("the million-file disk's report stays under 5 MB and opens in under 2 s", { skip: SKIP, timeout: 15 * 60_000 }, async () => {
  // The bench's disk, cached under the temp dir (built once per machine: a few minutes).
  const million = benchUsageDisk();
  const big = join(dir, "million.html");
  const r = await runCli(["usage", million, "--html", big, "--quiet"]);
  assert.equal(r.code, 0, r.stderr);
  const size = statSync(big).size;
  const { page, openMs, errors, requests } = await browser.open(big);
  console.log(`million-file report: ${(size / 1024).toFixed(0)} KiB, opened in ${openMs} ms (script ${await page.getAttribute("body", "data-render-ms")} ms)`);
  assert.ok(size < 5 * 1024 * 1024, `${size} bytes`);
  assert.ok(openMs < 2000, `${openMs} ms`);
  assert.deepEqual([errors, requests], [[], []]);
  assert.ok(await page.locator("#map > .tile").count() > 0);
  await page.close();
});
