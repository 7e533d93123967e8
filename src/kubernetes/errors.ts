import { IConstruct } from 'constructs';

/**
 * The error every construct of this library throws for bad input: it names the construct kind and path,
 * then says what is wrong (field and value) and how to fix it.
 *
 * @example constructError(this, 'ReferenceGrant', "namespace 'Api' is not a valid RFC 1123 label (...). Use 'api'.")
 */
export function constructError(scope: IConstruct, kind: string, message: string): Error {
  return new Error(constructProblem(scope, kind, message));
}

/** The same message as a string, for deferred checks registered with `node.addValidation()`. */
export function constructProblem(scope: IConstruct, kind: string, message: string): string {
  return `${kind} '${scope.node.path}': ${message}`;
}

/**
 * Throws the construct's error when a check found a problem; does nothing when `problem` is undefined. The
 * checks of this library return `string | undefined`, so a constructor reads as a list of checks:
 * `failIf(this, 'HostnameRoute', checkDnsLabel('routeNamespace', namespace))`.
 */
export function failIf(scope: IConstruct, kind: string, problem: string | undefined): void {
  if (problem !== undefined) throw constructError(scope, kind, problem);
}
