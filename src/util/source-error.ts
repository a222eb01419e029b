/**
 * A problem in an input file, located to the character: printed `file:line:col: message`, the form
 * editors and CI logs turn into links. Loaders collect every problem they find, not just the first.
 */
export interface SourceProblem {
  file: string;
  line: number;
  col: number;
  message: string;
}

export function formatProblem(p: SourceProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

/** Sort problems by position so the report reads top to bottom. */
export function sortProblems(problems: SourceProblem[]): SourceProblem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}
