/** The files of a run directory, by role. docs/run-dir.md describes each. */
export const RUN_FILES = {
  /** RunInfo, written once when the run starts. */
  runInfo: 'run.json',
  /** The plan's text exactly as run (its SHA-256 is in run.json and the summary). */
  plan: 'plan.yaml',
  /** One line per step attempt: the event log, the truth every other file is derived from. */
  events: 'events.jsonl',
  /** The same attempts as CSV rows. */
  eventsCsv: 'events.csv',
  /** One line per unit execution that ended. */
  units: 'units.jsonl',
  summary: 'results_summary.json',
  junit: 'junit.xml',
  coverage: 'coverage_matrix.csv',
  /** The HTML qualification report (src/report), MTAP's file name. */
  report: 'qualification_report.html',
} as const;
