/**
 * Errors the flow layer throws. The reference ends the process on a bad flow; here every problem is a
 * thrown `Error` whose message carries the reference's text, so a caller (the plan compiler, the CLI)
 * decides how to report it.
 */

/** A misuse of the builder or a malformed AST; the message is the reference's text. */
export class FlowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowError';
  }
}

/** A validator found problems; `lines` are the reference's message lines, in order. */
export class FlowValidationError extends FlowError {
  readonly validator: string;
  readonly lines: readonly string[];
  constructor(validator: string, lines: readonly string[]) {
    super(lines.join('\n'));
    this.name = 'FlowValidationError';
    this.validator = validator;
    this.lines = Object.freeze([...lines]);
  }
}
