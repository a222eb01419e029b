/**
 * What every export reads from a run directory: the run's records by the "what counts" rules
 * (`loadRunRecords`) and the plan exactly as run (`plan.yaml`), which names the tests, their numbers,
 * limits, units and bins.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MtapError } from '../../errors.js';
import { parsePlan, type Plan } from '../../plan/index.js';
import { diskError } from '../disk-error.js';
import { RUN_FILES } from '../files.js';
import { loadRunRecords, type RunRecords } from '../resume.js';

export interface ExportInput {
  dir: string;
  run: RunRecords;
  plan: Plan;
}

export async function loadExportInput(dir: string): Promise<ExportInput> {
  if (!existsSync(dir)) throw new MtapError('E_RUN_DIR', `${dir}: no such run directory`);
  const run = await loadRunRecords(dir);
  const file = join(dir, RUN_FILES.plan);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new MtapError('E_RUN_DIR', `${dir} has no ${RUN_FILES.plan} (the plan as run, which every export reads)`);
    throw diskError('read', file, err);
  }
  return { dir, run, plan: parsePlan(text, file) };
}
