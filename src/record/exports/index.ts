/**
 * Exports: a finished (or stopped) run written in the formats other tools read — STDF V4 and its
 * ATDF twin for yield systems, JUnit for CI, a wide CSV for spreadsheets, OpenHTF JSON records.
 * Each is built from the run directory's records by the same "what counts" rules as the run's own
 * artifacts (each serial's final execution; attempts of ended executions) and the plan as run.
 *
 *     const input = await loadExportInput(dir);                 // records + plan.yaml
 *     const bytes = FORMATS.stdf.build(input, {});              // or 'csv-wide', 'openhtf-json', …
 *     await writeFileAtomic(join(dir, FORMATS.stdf.file), bytes);
 */
export { buildWideCsv, WIDE_UNIT_COLUMNS } from './csv-wide.js';
export { EXPORT_FORMATS, exportFormat, FORMATS, type ExportFormat, type ExportOptions, type FormatSpec } from './formats.js';
export { loadExportInput, type ExportInput } from './input.js';
export { buildOpenHtfJson, openHtfRecord, validatorText, type OpenHtfRecord } from './openhtf.js';
export { measurementResult, unitViews, type RunData, type StepView, type UnitView } from './unit-view.js';

