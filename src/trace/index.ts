/**
 * Traceability: requirements, and how a plan and a run's results cover them.
 *
 *     const reqs = loadRequirements('traceability/req_traceability.yaml');  // file:line:col errors
 *     const rows = buildCoverageMatrix(reqs.items, plan, { units, attempts });
 *     await writeCoverageMatrix(runDir, rows);                            // coverage_matrix.csv
 */
export { loadRequirements, parseRequirements, type Requirement, type Requirements } from './requirements.js';
export {
  buildCoverageMatrix,
  COVERAGE_COLUMNS,
  coverageMatrixCsv,
  writeCoverageMatrix,
  type CoverageAttempt,
  type CoverageResults,
  type CoverageRow,
  type VerificationStatus,
} from './coverage.js';
export { COVERAGE_POLICIES, coverageProblems, enforceCoverage, parseCoveragePolicy, type CoverageProblems, type CoveragePolicy } from './policy.js';
