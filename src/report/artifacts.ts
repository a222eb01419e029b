/**
 * The run directory's raw artifacts, as relative links from wherever the report is written: the run's
 * own files (RUN_FILES), the exports `mtap export` left there, and MTAP's files under `analytics/`.
 * Only files that exist are listed; the report itself is not.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { FORMATS, RUN_FILES } from '../record/index.js';
import type { Artifact } from './model.js';

const WHAT: Record<string, string> = {
  [RUN_FILES.events]: 'every step attempt, one JSON line each: the event log, the truth',
  [RUN_FILES.eventsCsv]: 'the same attempts as CSV',
  [RUN_FILES.units]: 'every unit execution that ended, one JSON line each',
  [RUN_FILES.summary]: 'results summary (MTAP’s fields, counts, bins, yields)',
  [RUN_FILES.junit]: 'the run as JUnit XML',
  [RUN_FILES.coverage]: 'requirement coverage and verification',
  [RUN_FILES.runInfo]: 'how the run was started',
  [RUN_FILES.plan]: 'the plan exactly as run',
  [FORMATS.stdf.file]: 'STDF V4 (mtap export stdf)',
  [FORMATS.atdf.file]: 'ATDF, STDF as text (mtap export atdf)',
  [FORMATS.junit.file]: 'JUnit XML (mtap export junit)',
  [FORMATS['csv-wide'].file]: 'one row per unit, one column per measurement (mtap export csv-wide)',
  [FORMATS['openhtf-json'].file]: 'OpenHTF test records (mtap export openhtf-json)',
};

/** The order files are listed in: the log first, then derived files, then setup. */
const ORDER = [
  RUN_FILES.events,
  RUN_FILES.eventsCsv,
  RUN_FILES.units,
  RUN_FILES.summary,
  RUN_FILES.junit,
  RUN_FILES.coverage,
  RUN_FILES.runInfo,
  RUN_FILES.plan,
  ...Object.values(FORMATS).map((f) => f.file),
];

/** A path as a relative URL: forward slashes, each segment percent-encoded. */
export function relativeHref(fromDir: string, file: string): string {
  return relative(fromDir, file).split(sep).map(encodeURIComponent).join('/');
}

function fileSize(file: string): number | null {
  try {
    const st = statSync(file);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}

export function listArtifacts(runDir: string, reportFile: string): Artifact[] {
  const from = dirname(reportFile);
  const out: Artifact[] = [];
  const add = (name: string, what: string) => {
    const file = join(runDir, name);
    const bytes = file === reportFile ? null : fileSize(file);
    if (bytes !== null) out.push({ href: relativeHref(from, file), name, what, bytes });
  };
  for (const name of ORDER) add(name, WHAT[name] ?? '');
  const analytics = join(runDir, 'analytics');
  if (existsSync(analytics)) {
    for (const name of readdirSync(analytics).sort()) add(`analytics/${name}`, 'MTAP’s analytics file (mtap analytics --run-dir)');
  }
  return out;
}
