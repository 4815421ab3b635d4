/**
 * A real browser for the HTML report's tests: Debian's chromium (installed by .ci/run, never
 * downloaded) driven headless by playwright-core, with a fresh profile, every network request
 * blocked and recorded, and console errors collected.
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM = "/usr/bin/chromium";

/** Flags that keep the browser from reaching out on its own (updates, sync, QUIC probes). */
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** An opened page with what it tried to do. */
export interface OpenedPage {
  page: Page;
  /** URLs the page asked for beyond the file itself (all were blocked). */
  requests: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Milliseconds from navigation start until the page said it was drawn (`data-ready`). */
  openMs: number;
}

/** A browser session; close it when done. */
export interface Browser {
  open(file: string, viewport?: { width: number; height: number }): Promise<OpenedPage>;
  close(): Promise<void>;
}

/** Why the browser tests cannot run here, or null. */
export function browserMissing(): string | null {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install chromium)`;
  return null;
}

/** Starts chromium headless with a fresh user-data-dir. */
export async function startBrowser(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "vhdx-shrink-chromium-"));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, offline: true });
  return {
    async open(file, viewport = { width: 1280, height: 900 }) {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      const url = pathToFileURL(file).href;
      const requests: string[] = [];
      const errors: string[] = [];
      await page.route("**/*", (route) => {
        if (route.request().url() === url) return route.continue();
        requests.push(route.request().url());
        return route.abort();
      });
      page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
      page.on("pageerror", (e) => void errors.push(e.message));
      const t0 = Date.now();
      await page.goto(url);
      await page.waitForSelector("body[data-ready]");
      return { page, requests, errors, openMs: Date.now() - t0 };
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
