/**
 * Node metadata: where a node was built (`file`, `lineNumber`), the builder call's `description`, and
 * a process-wide unique `id` (the "meta-ID" the builder uses to find a node again; not the test ID,
 * which is the `(id ...)` child). Metadata rides along with `updated()` copies and never takes part
 * in equality or in the text form.
 */

let lastMetaId = 0;

/** The next process-wide unique meta-ID. */
export function nextMetaId(): number {
  return ++lastMetaId;
}

export interface NodeMetaFields {
  id?: number;
  file?: string;
  lineNumber?: number;
  description?: string;
}

/** The text the reference prints for a node built without source information. */
export const LOST_SOURCE =
  '<Sorry, lost the source file info, please include an example if you report as a bug>';

export class NodeMeta implements NodeMetaFields {
  static readonly EMPTY = new NodeMeta({});

  readonly id?: number;
  readonly file?: string;
  readonly lineNumber?: number;
  readonly description?: string;

  constructor(fields: NodeMetaFields) {
    if (fields.id !== undefined) this.id = fields.id;
    if (fields.file !== undefined) this.file = fields.file;
    if (fields.lineNumber !== undefined) this.lineNumber = fields.lineNumber;
    if (fields.description !== undefined) this.description = fields.description;
    Object.freeze(this);
  }

  /** `"file:line"`, or the reference's apology when the file is unknown. */
  get source(): string {
    return this.file === undefined ? LOST_SOURCE : `${this.file}:${this.lineNumber ?? ''}`;
  }

  /** The plain fields, for serialisation. */
  toFields(): NodeMetaFields {
    const f: NodeMetaFields = {};
    if (this.id !== undefined) f.id = this.id;
    if (this.file !== undefined) f.file = this.file;
    if (this.lineNumber !== undefined) f.lineNumber = this.lineNumber;
    if (this.description !== undefined) f.description = this.description;
    return f;
  }
}
