import { IConstruct } from 'constructs';

/**
 * The error every construct of this library throws for bad input: it names the construct kind and path,
 * then says what is wrong (field and value) and how to fix it.
 *
 * @example constructError(this, 'ReferenceGrant', "namespace 'Api' is not a valid namespace name ... Use 'api'.")
 */
export function constructError(scope: IConstruct, kind: string, message: string): Error {
  return new Error(`${kind} '${scope.node.path}': ${message}`);
}

/** The same prefix, for deferred checks registered with `node.addValidation()`. */
export function constructProblem(scope: IConstruct, kind: string, message: string): string {
  return `${kind} '${scope.node.path}': ${message}`;
}
