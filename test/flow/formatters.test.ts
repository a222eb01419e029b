// The Basic and Datalog formatters (text, nothing printed) and the two renderers for people.
import { describe, expect, it } from 'vitest';
import { BasicFormatter, DatalogFormatter, formatDatalog, renderListing, renderMermaid, runFlow } from '../../src/flow/index.js';
import { newFlow } from './helpers.js';

function speedFlow() {
  const f = newFlow();
  f.log('Speed binning');
  f.group('200Mhz', { id: 'g200' }, () => {
    f.test('test200_1', { number: 1000, pattern: 'p1' });
    f.test({ Test: 'test200_2', Pattern: 'pat2' });
  });
  f.group('100Mhz', { id: 'g100', ifFailed: 'g200' }, () => f.test('test100_1', { bin: 5 }));
  f.render('multi_bin;');
  f.pass(2, { ifRan: 'g100' });
  f.pass(1, { softbin: 1 });
  return f;
}

describe('Basic formatter', () => {
  it('prints tests by name (a hash object by its Test entry) and results with bins', () => {
    const executed = runFlow(speedFlow().ast(), { failedTestIds: 't1' });
    expect(new BasicFormatter().format(executed)).toBe('test200_1 F\ntest200_2\ntest100_1\nPASS 2\n');
  });
});

describe('Datalog formatter', () => {
  it('returns the datalog text: header, padded rows, logs, rendered snippets, results between rules', () => {
    const text = formatDatalog(speedFlow().ast(), { failedTestIds: 't1' });
    const rule = '-'.repeat(153);
    expect(text.split('\n')).toEqual([
      `${'Number'.padEnd(15)}${'Result'.padEnd(9)}${'Name'.padEnd(55)}${'Pattern'.padEnd(55)}ID`,
      '// Speed binning',
      `${'1000'.padEnd(15)}${'FAIL'.padEnd(9)}${'test200_1'.padEnd(55)}${''.padEnd(55)}t1`,
      `${''.padEnd(15)}${'PASS'.padEnd(9)}${'test200_2'.padEnd(55)}${'pat2'.padEnd(55)}t2`,
      `${''.padEnd(15)}${'PASS'.padEnd(9)}${'test100_1'.padEnd(55)}${''.padEnd(55)}t3`,
      '************ Directly rendered flow snippet ************',
      'multi_bin;',
      '*'.repeat(56),
      rule,
      '               PASS     2      ',
      rule,
      '',
    ]);
    expect(new DatalogFormatter().format(runFlow(speedFlow().ast()))).toContain('               PASS     1      1');
  });

  it('is what flow.run() returns', () => {
    const f = speedFlow();
    expect(f.run({ failedTestIds: 't1' })).toBe(formatDatalog(f.ast(), { failedTestIds: 't1' }));
  });
});

describe('renderListing', () => {
  it('lists a processed flow with its conditions, branches and bins', () => {
    const f = newFlow();
    f.test('test1', { id: 't1', number: 100 });
    f.ifEnable('bitmap', { then: () => f.test('test2'), else: () => f.test('test3', { ifFailed: 't1' }) });
    f.test('test4', { ifAnyPassed: ['t1', 'extern_x'], bin: 3, binDescription: 'bad' });
    f.loop({ from: 1, to: 3, step: 1, var: 'i' }, () => f.log('in loop'));
    f.whenever(f.eq('ONE', 1), () => f.setFlag('F'));
    f.pass(1);
    expect(renderListing(f.ast({ addIds: false, optimization: 'none', applyRelationships: false }))).toBe(
      [
        'flow sort1',
        '  test test1 [t1] #100',
        '  if enabled bitmap:',
        '    test test2',
        '  else:',
        '    if failed t1:',
        '      test test3',
        '  if any passed t1, extern_x:',
        '    test test4',
        '      on fail:',
        '        FAIL bin 3 "bad"',
        '  loop i from 1 to 3 step 1:',
        '    log "in loop"',
        '  whenever ONE == 1:',
        '    set flag F',
        '  PASS bin 1',
        '',
      ].join('\n'),
    );
  });

  it('marks failed tests in an executed flow', () => {
    expect(renderListing(runFlow(speedFlow().ast(), { failedTestIds: 't1' }))).toContain('test test200_1 [t1] #1000 FAILED');
  });
});

describe('renderMermaid', () => {
  it('draws tests, groups as subgraphs, condition diamonds with yes/no edges, and bins as terminals', () => {
    const chart = renderMermaid(speedFlow().ast());
    expect(chart.startsWith('flowchart TD\n')).toBe(true);
    expect(chart).toContain('subgraph g3 ["group 200Mhz"]');
    expect(chart).toMatch(/n\d+\{"if flag g200_FAILED\?"\}/);
    expect(chart).toMatch(/n\d+ -->\|yes\| n\d+/);
    expect(chart).toMatch(/n\d+ -->\|no\| n\d+/);
    expect(chart).toMatch(/n\d+\(\["FAIL bin 5"\]\):::fail/);
    expect(chart).toMatch(/n\d+\(\["PASS bin 1 softbin 1"\]\):::pass/);
    expect(chart).toMatch(/n\d+ -->\|fail\| n\d+/);
    // Every edge joins declared nodes; every node but start is reachable.
    const declared = new Set([...chart.matchAll(/^\s+(n\d+)[[({>]/gm)].map((m) => m[1]));
    const edges = [...chart.matchAll(/^\s+(n\d+) -->(?:\|\w+\|)? (n\d+)$/gm)].map((m) => [m[1]!, m[2]!]);
    for (const [a, b] of edges) expect(declared.has(a) && declared.has(b), `${a} --> ${b}`).toBe(true);
    const targets = new Set(edges.map(([, b]) => b));
    expect([...declared].filter((n) => !targets.has(n!))).toEqual(['n1']);
  });

  it('escapes labels and can wrap the chart for Markdown', () => {
    const f = newFlow();
    f.test('say "hi" <now> #1');
    const md = renderMermaid(f.ast(), { markdown: true, direction: 'LR' });
    expect(md.startsWith('```mermaid\nflowchart LR\n')).toBe(true);
    expect(md.endsWith('```\n')).toBe(true);
    expect(md).toContain('"say #quot;hi#quot; #lt;now#gt; #35;1 [t1]"');
  });

  it('lets a continuing bin fall through and loops back over a loop body', () => {
    const f = newFlow();
    f.test('t', { bin: 5, continue: true });
    f.loop({ from: 1, to: 2, step: 1 }, () => f.test('u'));
    const chart = renderMermaid(f.ast());
    const bin = /(n\d+)\(\["FAIL bin 5"\]\)/.exec(chart)![1]!;
    expect(chart).toMatch(new RegExp(`${bin} --> n\\d+`));
    expect(chart).toMatch(/-->\|next\| n\d+/);
    expect(chart).toMatch(/-->\|done\| n\d+/);
  });
});
