/**
 * `vhdx-shrink plugins`: the registered strategies and their metadata.
 * @module
 */
import type { Command } from "commander";
import type { App } from "../app.ts";
import { withGlobalOptions } from "../global_options.ts";
import { describeOptions } from "../../core/plugin/plugin_options.ts";
import { kebab } from "../plugin_flags.ts";

/** Adds the `plugins` command. */
export function addPluginsCommand(program: Command, app: () => Promise<App>): void {
  withGlobalOptions(program.command("plugins"))
    .description("list the registered strategies (built-in and third-party) and their metadata")
    .addHelpText("after", `
Plugins load from --plugin FILE (repeat it for more) and from the plugins folder:
%APPDATA%\\vhdx-shrink\\plugins on Windows, $XDG_CONFIG_HOME/vhdx-shrink/plugins (~/.config/vhdx-shrink/plugins) elsewhere.

Examples:
  vhdx-shrink plugins
  vhdx-shrink plugins --plugin ./my-strategy.mjs --plugin ./other.mjs
  vhdx-shrink plugins --json`)
    .action(async () => {
      const { registry, out } = await app();
      const rows = registry.list().map(({ plugin, source, builtIn }) => ({
        name: plugin.name,
        description: plugin.description,
        source: builtIn ? "built-in" : source,
        apiVersion: plugin.apiVersion,
        ...plugin.metadata,
        options: describeOptions(plugin),
      }));
      if (out.opts.json) return out.json({ plugins: rows });
      const req = (r: (typeof rows)[number]) =>
        [r.requirements.admin && "admin", r.requirements.hyperV && "Hyper-V", r.requirements.windows && "Windows",
          r.requirements.wslVersion && `WSL ${r.requirements.wslVersion}+`].filter(Boolean).join(", ") || "none";
      out.result(out.table(
        ["strategy", "keeps data", "reliability", "complexity", "targets", "needs", "source"],
        rows.map((r) => [r.name, r.dataPreservation === "full" ? "yes" : "NO", r.reliability, r.complexity,
          r.requirements.targetKinds.join("+"), req(r), r.source]),
        [6],
      ));
      for (const r of rows.filter((r) => r.options.length > 0)) {
        out.print(out.style.dim(`  ${r.name} options: ${r.options.map((o) => `--${o.type === "boolean" && o.default === true ? "no-" : ""}${kebab(o.name)}`).join(", ")}`));
      }
    });
}
