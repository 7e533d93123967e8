/**
 * The typed report of offline validation: per object its schema and reference problems, per route parent
 * whether the route attaches, per reference whether it resolves. Plain data, so it serializes to JSON as is.
 * Also what validation takes as given besides the manifests: the objects declared known.
 */

/**
 * Why a route does or does not attach to a parent, with the reasons of the Gateway API's `Accepted` route
 * condition.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#routeconditionreason
 */
export enum ParentReason {
  /** The route attaches to at least one listener of the parent. */
  ACCEPTED = 'Accepted',
  /** No listener selected by the parentRef admits the route's kind or namespace. */
  NOT_ALLOWED_BY_LISTENERS = 'NotAllowedByListeners',
  /** Listeners admit the route, but none of their hostnames intersects the route's hostnames. */
  NO_MATCHING_LISTENER_HOSTNAME = 'NoMatchingListenerHostname',
  /** The parent does not exist, or no listener matches the parentRef's sectionName and port. */
  NO_MATCHING_PARENT = 'NoMatchingParent',
}

/**
 * Whether a reference resolves, with the reasons of the Gateway API's `ResolvedRefs` conditions (route
 * backendRefs, listener certificateRefs). References between Envoy AI Gateway objects (AIGatewayRoute to
 * AIServiceBackend, AIServiceBackend to Backend, BackendSecurityPolicy to its targets and Secrets) use
 * the same reasons.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#routeconditionreason
 */
export enum ReferenceReason {
  /** The referenced object exists and the reference is permitted. */
  RESOLVED_REFS = 'ResolvedRefs',
  /** A reference to another namespace that no ReferenceGrant there permits. */
  REF_NOT_PERMITTED = 'RefNotPermitted',
  /** The referenced object does not exist. */
  BACKEND_NOT_FOUND = 'BackendNotFound',
  /** The reference names a group and kind the referrer cannot refer to. */
  INVALID_KIND = 'InvalidKind',
  /** The Service exists but has no such port (Envoy Gateway's reason). */
  PORT_NOT_FOUND = 'PortNotFound',
  /** A listener certificateRef names a missing object or a kind other than a Secret. */
  INVALID_CERTIFICATE_REF = 'InvalidCertificateRef',
}

/** The reason of a policy's verdict on one target, as Envoy Gateway v1.8.1 writes it in `status.ancestors[].conditions`. */
export enum PolicyReason {
  /** The policy applies to the target. */
  ACCEPTED = 'Accepted',
  /**
   * The target is not there: for a missing Gateway or route Envoy Gateway writes no status at all (the policy does
   * nothing); for a missing listener, Accepted is False with this reason.
   */
  TARGET_NOT_FOUND = 'TargetNotFound',
  /** An earlier policy (by creation time, then namespace and name) already targets the object: this one is ignored. */
  CONFLICTED = 'Conflicted',
  /** The policy cannot be applied as written (a Secret it names is missing, an HTTP-only check on a TCPRoute). */
  INVALID = 'Invalid',
}

/** The `rule` of a schema or built-in finding: a keyword (`minimum`, `unknown-field` ...). */
const KEYWORD_RULE = /^[A-Za-z][A-Za-z-]*$/;

/**
 * True when a finding's `rule` is the expression of a CEL rule, false when it is the keyword of a schema or
 * built-in check. No rule of the pinned CRDs is a single word (test/validation/schema-data.test.ts checks it).
 */
export function isCelRule(rule: string): boolean {
  return !KEYWORD_RULE.test(rule);
}

/** One problem with an object. */
export interface ValidationFinding {
  /** JSON path of the field in the object, for example `spec.parentRefs[0].sectionName`. */
  readonly path: string;

  /** What is wrong and how to fix it. */
  readonly message: string;

  /**
   * The rule that failed: the CEL expression of an `x-kubernetes-validations` rule, or, for a schema or built-in
   * check, its keyword (`minimum`, `pattern`, `required`, `unknown-field`, `config-key` ...).
   *
   * @default - no rule: an attachment or reference finding
   */
  readonly rule?: string;

  /**
   * Line of the field's value in the object's file, from 1 (of the nearest enclosing value written there when
   * the field is missing).
   *
   * @default - not known (the object was not read from a file)
   */
  readonly line?: number;

  /**
   * Column of the field's value in the object's file, from 1.
   *
   * @default - not known (the object was not read from a file)
   */
  readonly column?: number;
}

/** The findings for one object of the validated set. */
export interface ObjectReport {
  /**
   * The file the object was read from.
   *
   * @default - not read from a file
   */
  readonly file?: string;

  /** Position of the object in its file (or in the validated list), from 0. */
  readonly index: number;

  /**
   * Line where the object starts in its file, from 1.
   *
   * @default - not known (the object was not read from a file)
   */
  readonly line?: number;

  /**
   * Column where the object starts in its file, from 1.
   *
   * @default - not known (the object was not read from a file)
   */
  readonly column?: number;

  /** The object's apiVersion. */
  readonly apiVersion: string;

  /** The object's kind. */
  readonly kind: string;

  /**
   * The object's namespace.
   *
   * @default - cluster-scoped
   */
  readonly namespace?: string;

  /** The object's metadata.name. */
  readonly name: string;

  /** Problems that make the object fail validation. */
  readonly errors: ValidationFinding[];

  /** Problems that could not be decided from the set (unverified references) and other warnings. */
  readonly warnings: ValidationFinding[];

  /**
   * The pinned release the object's fields were checked against: 'kubernetes v1.36.3' for built-in kinds,
   * 'gateway-api v1.6.1 (experimental)', 'cert-manager v1.21.1' ...
   *
   * @default - not checked against a schema (see `notChecked`)
   */
  readonly checkedAgainst?: string;

  /**
   * Why the object's fields were not checked, for example 'no schema for monitoring.coreos.com/v1 ServiceMonitor'
   * (a group no pinned release defines). Such an object also has a warning saying so, and counts as not checked,
   * never as passed. It does not fail validation (`ok` stays true) unless `uncheckedIsError` is set (the CLI's
   * `--strict`), which makes the warning an error.
   *
   * @default - checked (see `checkedAgainst`), or not a Kubernetes object (see `errors`)
   */
  readonly notChecked?: string;
}

/** An object named by kind, namespace and name. */
export interface ObjectName {
  /** The object's kind. */
  readonly kind: string;

  /**
   * The object's namespace.
   *
   * @default - cluster-scoped
   */
  readonly namespace?: string;

  /** The object's metadata.name. */
  readonly name: string;
}

/** Whether one parentRef of a route attaches, and why. */
export interface ParentVerdict {
  /** The route. */
  readonly route: ObjectName;

  /** The parentRef as written in the route. */
  readonly parentRef: any;

  /** Whether the route attaches to at least one listener of the parent. */
  readonly attached: boolean;

  /** The Gateway API reason. */
  readonly reason: ParentReason;

  /** What was decided, and how to fix a route that does not attach. */
  readonly message: string;

  /**
   * False when the verdict depends on an object neither in the set nor known (the parent Gateway, the
   * route namespace's labels): a warning by default, an error in strict mode.
   */
  readonly verified: boolean;
}

/**
 * Whether one reference resolves: a route backendRef, a listener certificateRef, an AIGatewayRoute's
 * backend, an AIServiceBackend's Backend, a BackendSecurityPolicy's target or Secret, an InferencePool's
 * endpoint picker Service.
 */
export interface ReferenceVerdict {
  /** The referring object (a route, a Gateway, an AIServiceBackend ...). */
  readonly route: ObjectName;

  /** The reference as written in the referring object. */
  readonly backendRef: any;

  /** Whether the reference resolves. */
  readonly resolved: boolean;

  /** The Gateway API reason. */
  readonly reason: ReferenceReason;

  /** What was decided, and how to fix a reference that does not resolve. */
  readonly message: string;

  /**
   * False when the verdict depends on an object neither in the set nor known (the target, a
   * ReferenceGrant): a warning by default, an error in strict mode.
   */
  readonly verified: boolean;
}

/** The result of validating a set of manifests. */
export interface ValidationReport {
  /** True when no object has an error. */
  readonly ok: boolean;

  /** Number of errors over all objects. */
  readonly errors: number;

  /** Number of warnings over all objects. */
  readonly warnings: number;

  /** Every object of the set, in input order, with its errors and warnings. */
  readonly objects: ObjectReport[];

  /** One verdict per route parentRef. */
  readonly parents: ParentVerdict[];

  /** One verdict per reference from a route, Gateway listener or Envoy AI Gateway object. */
  readonly backends: ReferenceVerdict[];

  /**
   * One verdict per Envoy Gateway SecurityPolicy target and ancestor (the Gateway, with its listener, that Envoy
   * Gateway reports the policy's status on).
   */
  readonly policies: PolicyVerdict[];
}

/** Where Envoy Gateway reports a policy's verdict: a Gateway, or one of its listeners (`status.ancestors[].ancestorRef`). */
export interface PolicyAncestor {
  /** The Gateway's namespace. */
  readonly namespace: string;

  /** The Gateway's name. */
  readonly name: string;

  /**
   * The listener, when the verdict is about one.
   *
   * @default - the whole Gateway
   */
  readonly sectionName?: string;
}

/** Whether an Envoy Gateway policy (a SecurityPolicy) applies to one of its targets, as Envoy Gateway decides. */
export interface PolicyVerdict {
  /** The policy. */
  readonly policy: ObjectName;

  /** The targetRef as written in the policy. */
  readonly targetRef: any;

  /**
   * The Gateway (and listener) the verdict is reported on.
   *
   * @default - none: Envoy Gateway writes no status (a target it does not find)
   */
  readonly ancestor?: PolicyAncestor;

  /** Whether the policy applies there. */
  readonly accepted: boolean;

  /** The reason, as Envoy Gateway writes it. */
  readonly reason: PolicyReason;

  /** What was decided, and how to fix a policy that does not apply. */
  readonly message: string;

  /** False when the verdict depends on an object neither in the set nor known: a warning by default, an error in strict mode. */
  readonly verified: boolean;
}

/**
 * An object the app refers to but does not create, because it already exists in the cluster (a Service
 * installed by Helm, an existing Gateway or Namespace, a Secret managed elsewhere). Synth-time validation
 * treats it as present, so strict checking does not report the reference as unresolved.
 */
export interface KnownObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Undefined for cluster-scoped kinds. */
  readonly namespace?: string;
  readonly labels?: { [key: string]: string };
  /** For Gateways: their listeners, in manifest form (`spec.listeners`). */
  readonly spec?: any;
}
