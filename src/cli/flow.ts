/**
 * `mtap flow`: a plan as a flow, without a DUT.
 *
 *     mtap flow check plan.yaml                      # valid? a summary, or every problem at file:line:col
 *     mtap flow show plan.yaml --format mermaid      # the compiled flow: listing, mermaid, sexp or json
 *     mtap flow run plan.yaml --job DVT --fail read_temp   # the dry run: what runs, and the bin
 *     mtap flow schema > plan.schema.json            # the plan format as a JSON Schema
 *
 * A bad plan is E_PLAN and a bad option E_USAGE: one message, exit 2 (run.ts prints it).
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { Option, type Command } from 'commander';
import { renderListing, renderMermaid, toJson, toSexp } from '../flow/index.js';
import { MtapError } from '../errors.js';
import { parseCoveragePolicy, type CoveragePolicy } from '../trace/index.js';
import { checkCoverage, resolveRequirements } from './batch.js';
import { compilePlan, dryRun, loadPlan, optionList, planJsonSchema, type DryRun, type Plan, type PlanItem } from '../plan/index.js';

const FORMATS = ['listing', 'mermaid', 'sexp', 'json'] as const;
type Format = (typeof FORMATS)[number];

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const out = (text: string): void => {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
};

export function registerFlow(program: Command): void {
  const flow = program.command('flow').description('a plan as a flow: check it, show it, dry-run it, print its JSON Schema');

  flow
    .command('check')
    .description('load and validate a plan; print a summary, or every problem as file:line:col (exit 2)')
    .argument('<plan>', 'the plan file')
    .option('--requirements <file>', "requirements file to check coverage against (default: the plan's, else ./traceability/req_traceability.yaml if present)")
    .option('--coverage <policy>', 'strict (unknown or uncovered requirements are errors, exit 2) or warn', parseCoveragePolicy, 'warn')
    .action((file: string, opts: { requirements?: string; coverage: CoveragePolicy }) => {
      const plan = loadPlan(file);
      checkCoverage(plan, resolveRequirements(plan, opts.requirements, process.cwd()), opts.coverage);
      out(wrap(checkSummary(plan)));
    });

  flow
    .command('show')
    .description('print the whole compiled flow (every stage, every enable word)')
    .argument('<plan>', 'the plan file')
    .addOption(new Option('--format <format>', 'listing, mermaid, sexp or json').choices(FORMATS).default('listing'))
    .action((file: string, opts: { format: Format }) => out(show(file, opts.format)));

  flow
    .command('run')
    .description('dry run: the steps that would run, in order, and the unit\'s verdict and bin')
    .argument('<plan>', 'the plan file')
    .option('--job <stage>', "the stage to run at (default: the plan's station.stage)")
    .option('--stage <stage>', 'the same as --job')
    .option('--enable <flag>', 'switch an enable word on (repeatable, or comma-separated)', collect)
    .option('--disable <flag>', 'switch an enable word that defaults to on off (repeatable)', collect)
    .option('--fail <id>', 'assume this step fails; all others pass (repeatable, or comma-separated)', collect)
    .option('--json', 'print the result as JSON')
    .action((file: string, opts: { job?: string; stage?: string; enable?: string[]; disable?: string[]; fail?: string[]; json?: boolean }) => {
      if (opts.job !== undefined && opts.stage !== undefined) throw new MtapError('E_USAGE', 'give --job or --stage, not both (they are the same)');
      const plan = loadPlan(file);
      const result = dryRun(plan, compilePlan(plan), {
        ...((opts.job ?? opts.stage) !== undefined && { job: opts.job ?? opts.stage }),
        enable: optionList(opts.enable),
        disable: optionList(opts.disable),
        fail: optionList(opts.fail),
      });
      out(opts.json ? `${JSON.stringify(dryRunJson(plan, result), null, 2)}\n` : dryRunText(plan, result));
    });

  flow
    .command('schema')
    .description('print the plan format as a JSON Schema (draft 2020-12), generated from its definition')
    .action(() => out(`${JSON.stringify(planJsonSchema(), null, 2)}\n`));
}

function show(file: string, format: Format): string {
  const { ast } = compilePlan(loadPlan(file));
  switch (format) {
    case 'listing':
      return renderListing(ast);
    case 'mermaid':
      return renderMermaid(ast);
    case 'sexp':
      return `${toSexp(ast)}\n`;
    case 'json':
      return `${JSON.stringify(toJson(ast), null, 2)}\n`;
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function count(items: readonly PlanItem[]): { groups: number; logs: number } {
  let groups = 0;
  let logs = 0;
  for (const it of items) {
    if (it.kind === 'log') logs++;
    if (it.kind === 'group') {
      const inner = count(it.items);
      groups += 1 + inner.groups;
      logs += inner.logs;
    }
  }
  return { groups, logs };
}

/** The one-paragraph summary of a valid plan. */
export function checkSummary(plan: Plan): string {
  const { groups, logs } = count(plan.items);
  const flags = Object.entries(plan.flags).map(([name, on]) => `${name} (${on ? 'on' : 'off'} by default)`);
  const requirements = plan.requirements
    ? `${relative(process.cwd(), plan.requirements) || plan.requirements}${existsSync(plan.requirements) ? '' : ' (not found)'}`
    : 'none named (a batch reads ./traceability/req_traceability.yaml)';
  const unnumbered = plan.steps.filter((s) => s.testNumAuto).length;
  return [
    `${plan.file}: valid. Plan "${plan.name}" version ${plan.version} (sha256 ${plan.hash.slice(0, 12)}):`,
    `${plural(plan.steps.length, 'step')}, ${plural(groups, 'group')}, ${plural(logs, 'log')};`,
    `station ${plan.station.name} at stage ${plan.station.stage}, firmware ${plan.station.fwExpected};`,
    `stages ${plan.stages.join(', ')};`,
    `flags ${flags.length ? flags.join(', ') : 'none'};`,
    `requirements ${requirements}.`,
    unnumbered ? `${plural(unnumbered, 'step')} without test_num ${unnumbered === 1 ? 'is' : 'are'} numbered by position: write test_num to keep the numbers stable.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** Word-wrap a paragraph for a terminal. */
function wrap(text: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return `${lines.join('\n')}\n`;
}

function dryRunText(plan: Plan, r: DryRun): string {
  const lines = [
    `dry run of "${plan.name}" at ${r.job}; enabled: ${r.enabled.join(', ') || 'none'}; failing: ${r.failing.join(', ') || 'none'}`,
  ];
  const idWidth = Math.max(0, ...r.ran.map((e) => (e.kind === 'test' ? e.id.length : 0)));
  const numWidth = Math.max(3, ...r.ran.map((e) => (e.kind === 'test' ? String(e.number ?? '').length : 0)));
  for (const e of r.ran) {
    if (e.kind === 'log') lines.push(`  ${'log'.padStart(numWidth)}    ${e.message}`);
    else lines.push(`  ${String(e.number ?? '').padStart(numWidth)} ${e.failed ? 'F' : ' '} ${e.id.padEnd(idWidth)}  ${e.name}`);
  }
  if (r.ran.length === 0) lines.push('  (no step runs)');
  for (const id of r.failingNotRun) lines.push(`  (--fail ${id}: the step does not run)`);
  const v = r.verdict;
  const decided = v.decidingStep ? `, decided by ${v.decidingStep}` : '';
  lines.push(`verdict: ${v.outcome}, bin ${v.hardBin}, softbin ${v.softBin} (${v.binDescription})${decided}`);
  return `${lines.join('\n')}\n`;
}

function dryRunJson(plan: Plan, r: DryRun): Record<string, unknown> {
  const v = r.verdict;
  return {
    plan: { file: plan.file, name: plan.name, version: plan.version, hash: plan.hash },
    job: r.job,
    enabled: r.enabled,
    failing: r.failing,
    ran: r.ran.map((e) => (e.kind === 'log' ? e : { kind: 'test', id: e.id, test_num: e.number, name: e.name, failed: e.failed })),
    failing_not_run: r.failingNotRun,
    verdict: { outcome: v.outcome, hard_bin: v.hardBin, soft_bin: v.softBin, bin_description: v.binDescription, deciding_step: v.decidingStep },
  };
}
