/**
 * Schema and CEL validation of one object against the pinned CRDs.
 *
 * Placeholder with the agreed API: the schema engine replaces this file with the real implementation.
 * Until then every object passes.
 */

/** One problem with an object, at a JSON path. */
export interface SchemaFinding {
  readonly path: string;
  readonly message: string;
  readonly rule?: string;
  readonly warning?: boolean;
}

/** The result of checking one object. */
export interface SchemaResult {
  readonly checkedAgainst?: string;
  readonly findings: SchemaFinding[];
}

/** Options of the schema validator. */
export interface SchemaValidatorOptions {
  readonly releases?: { [project: string]: string };
}

/** Validates objects against the schemas of the pinned CRDs. */
export class SchemaValidator {
  public constructor(_options: SchemaValidatorOptions = {}) {}

  public validate(_object: any): SchemaResult {
    return { findings: [] };
  }
}
