/**
 * Checking an `mtap` command line without running it: commander parses it against the real command
 * tree (src/cli/program.ts) with every action replaced by one that only records what was parsed. So an
 * unknown subcommand or option, a missing argument or option value, or a value the option's own parser
 * refuses (a port out of range, say) is found exactly as `mtap` itself would find it.
 *
 * What only an action checks (batch needs --plan unless --resume) is listed in ACTION_RULES.
 */
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';

export interface ParsedCli {
  /** `batch`, `flow check` … */
  command: string;
  opts: Record<string, unknown>;
  args: string[];
}

export type CliCheck = { ok: true; parsed: ParsedCli } | { ok: false; message: string };

/** Checks the action would make before doing anything, by command. */
const ACTION_RULES: Record<string, (p: ParsedCli) => string | null> = {
  batch: (p) => (p.opts.plan === undefined && p.opts.resume === undefined ? '--plan is required (or --resume RUN_ID)' : null),
};

function instrument(cmd: Command, onParsed: (p: ParsedCli) => void, path: string[]): void {
  cmd.exitOverride();
  cmd.configureOutput({ writeOut: () => undefined, writeErr: () => undefined, outputError: () => undefined });
  if (path.length > 0) {
    cmd.action((...callArgs: unknown[]) => {
      const self = callArgs.at(-1) as Command;
      onParsed({ command: path.join(' '), opts: self.opts(), args: [...self.args] });
    });
  }
  for (const sub of cmd.commands) instrument(sub, onParsed, [...path, sub.name()]);
}

/** Parse `argv` (what follows `mtap`) against the CLI. */
export function checkCliArgs(argv: readonly string[], makeProgram: () => Command = buildProgram): CliCheck {
  const program = makeProgram();
  let parsed: ParsedCli | null = null;
  instrument(program, (p) => (parsed = p), []);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const code = (err as { code?: unknown }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.help' || code === 'commander.version') {
      return { ok: false, message: `"mtap ${argv.join(' ')}" only prints ${code === 'commander.version' ? 'the version' : 'help'}` };
    }
    return { ok: false, message: message.replace(/^error: /, '') };
  }
  const p = parsed as ParsedCli | null;
  if (!p) return { ok: false, message: `"mtap ${argv.join(' ')}" names no command` };
  const rule = ACTION_RULES[p.command]?.(p);
  return rule ? { ok: false, message: rule } : { ok: true, parsed: p };
}

/** Whether an argv runs the mtap CLI, and the arguments it gives it. */
export function mtapArgs(argv: readonly string[]): string[] | null {
  if (argv[0] === 'mtap' || argv[0]?.endsWith('/mtap')) return argv.slice(1);
  if ((argv[0] === 'node' || argv[0]?.endsWith('/node')) && argv[1] && /(?:^|\/)dist\/cli\/main\.js$/.test(argv[1])) return argv.slice(2);
  return null;
}
