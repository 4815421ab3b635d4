/**
 * `vhdx-shrink demo`: the screens a Windows user sees, on the bundled sample disk and a simulated
 * Windows 11 Home (Ubuntu + Docker Desktop 4.30, no Hyper-V, not elevated). Real VHDX files, real
 * compaction, in a temporary folder that is removed afterwards (through the host's remove, which
 * falls back to unlinking file by file where a recursive remove fails: Bun under Wine 8).
 * With --json: one document holding each screen's own JSON document.
 * @module
 */
import type { Command } from "commander";
import { join } from "node:path";
import type { App } from "../app.ts";
import { withGlobalOptions } from "../global_options.ts";
import type { Host } from "../../core/host/host.ts";
import { writeDockerSampleDisk, writeSampleDisk } from "../../samples/write_sample_disk.ts";

/**
 * Runs the CLI again with other arguments on another host (the demo's screens); with `write`, its
 * stdout goes there instead of this run's stdout.
 */
export type RunCli = (argv: string[], host: Host, write?: (text: string) => void) => Promise<number>;

const EXAMPLES = `
Examples:
  vhdx-shrink demo                  every screen, one after the other
  vhdx-shrink demo --keep           keep the folder with the disks and the simulated Windows
  vhdx-shrink demo --json | jq '.screens[].title'   one JSON document holding each screen's`;

/** Where the demo's `usage --html` writes inside the simulated Windows. */
const DEMO_REPORT_DIR = "C:\\Users\\Public";
const DEMO_REPORT = `${DEMO_REPORT_DIR}\\docker_data-report.html`;

/** Adds the `demo` command. */
export function addDemoCommand(program: Command, app: () => Promise<App>, runCli: RunCli): void {
  withGlobalOptions(program.command("demo"))
    .description("show the whole path on a bundled sample disk and a simulated Windows (changes nothing on this machine)")
    .option("--keep", "keep the temporary folder to look at the files")
    .addHelpText("after", EXAMPLES)
    .action(async (opts: { keep?: boolean }) => {
      const { out, host: here } = await app();
      const dir = await here.fs.makeTempDir("vhdx-shrink-demo-");
      const screensJson: { title: string; argv: string[]; output: unknown }[] = [];
      let report: string | undefined;
      try {
        const distroDisk = join(dir, "ubuntu.vhdx");
        const dockerDisk = join(dir, "docker_data.vhdx");
        await writeSampleDisk(distroDisk);
        const dockerShaped = await writeDockerSampleDisk(dockerDisk);
        // Loaded here, when the demo runs: no other command loads the simulated Windows.
        const { SimulatedHost } = await import("../../simulated/simulated_host.ts");
        const host = await SimulatedHost.create(join(dir, "windows"), {
          distros: [{ name: "Ubuntu", vhd: distroDisk, defaultUid: 1000, default: true }],
          docker: { layout: "4.30", dataVhd: dockerDisk, running: false },
          wsl: { version: "2.3.26" },
          hyperV: false,
          elevated: false,
          windowsBuild: 22631,
        });
        await host.fs.mkdir(DEMO_REPORT_DIR);
        const screens: [string, string[]][] = [
          ["The disks on this machine", ["list"]],
          ["What is inside Docker's data disk", ["analyze", "docker_data.vhdx"]],
          ["What fills it, read from the VHDX (no WSL or Docker needed), and the same as one HTML page", ["usage", "docker_data.vhdx", "--depth", "2", "--top", "5", "--html", DEMO_REPORT]],
          ["Every strategy, with this disk's numbers (Windows Home: no Hyper-V, not admin)", ["compare", "--target", "docker_data.vhdx"]],
          ["The plan, without changing anything", ["--strategy", "native", "--target", "docker_data.vhdx", "--dry-run"]],
          ["Native compaction, in place", ["--strategy", "native", "--target", "docker_data.vhdx", "--yes"]],
          ["Afterwards", ["list"]],
        ];
        const global = [out.opts.json ? "--json" : "", out.opts.quiet ? "--quiet" : ""].filter(Boolean);
        for (const [title, argv] of screens) {
          if (!out.opts.json) out.result(out.style.bold(`\n=== ${title}\n$ vhdx-shrink ${argv.join(" ")}`));
          let text = "";
          const code = await runCli([...argv, ...global], host, out.opts.json ? (t) => void (text += t) : undefined);
          if (code !== 0) throw new Error(`demo step "vhdx-shrink ${argv.join(" ")}" failed with exit code ${code}`);
          if (out.opts.json) screensJson.push({ title, argv, output: JSON.parse(text) });
        }
        // The report was written inside the simulated Windows: it is copied out before that folder goes.
        const reportDir = await here.fs.makeTempDir("vhdx-shrink-demo-report-");
        report = join(reportDir, "docker_data-report.html");
        await here.fs.copyFile(host.fs.real(DEMO_REPORT), report);
        if (!out.opts.json) out.result(`\nThe report: ${report}${dockerShaped ? "" : " (this build has the distro sample only: no Docker view)"}`);
        if (!out.opts.json) out.result(`\nThe demo ran on a simulated Windows in ${dir}${opts.keep ? " (kept)" : " (removed)"}.`);
      } finally {
        if (!opts.keep) await here.fs.remove(dir);
      }
      if (out.opts.json) out.json({ folder: dir, kept: Boolean(opts.keep), report, screens: screensJson });
    });
}
