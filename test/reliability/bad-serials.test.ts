/**
 * Bad serial numbers never reach the wire: whitespace, line breaks (a request-injection attempt), very
 * long, non-ASCII. `mtap batch` refuses them all in one message, exit 2, and the DUT never hears of
 * any unit (the simulator would have created one per serial it was sent).
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDut } from '../../src/dut/index.js';
import { cleanEnv, runCli } from '../support/proc.js';
import { report } from './scale.js';

const BAD = ['SN 0001', 'SN0002\nRESET SN0001', 'SN0003\rX', 'S'.repeat(65), 'SNÜ004', 'SN\u0421005', 'SN\t6', 'SN\u200b7'];

describe('reliability: bad serial numbers', () => {
  it('are refused before anything is sent or written', async () => {
    const dut = await startDut({ port: 0, seed: 1, env: {} });
    const root = mkdtempSync(join(tmpdir(), 'mtap-sn-'));
    let refused = 0;
    for (const bad of BAD) {
      const r = await runCli(['batch', '--plan', 'examples/plans/test_plan.yaml', '--sns', `GOOD1,${bad}`, '--dut', `127.0.0.1:${dut.port}`, '--runs-dir', root], { env: cleanEnv() });
      expect(r.code, JSON.stringify(bad)).toBe(2);
      expect(r.stderr).toContain('bad serial numbers (nothing was tested)');
      expect(r.stderr).not.toMatch(/\n\s+at /);
      refused++;
    }
    expect(dut.simulator.unitCount).toBe(0);
    expect(readdirSync(root)).toEqual([]);
    await dut.close();
    report('bad serial numbers', { 'serials refused': refused, 'units the DUT heard of': 0, 'run directories created': 0 });
  });
});
