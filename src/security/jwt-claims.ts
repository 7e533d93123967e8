/** At most this many values per JWT claim of an authorization rule (the SecurityPolicy CRD's maxItems). */
const MAX_CLAIM_VALUES = 128;
/** At most this many scopes per authorization rule (the CRD's maxItems). */
const MAX_SCOPES = 16;

/** How a JWT claim holds its values. */
export enum ClaimType {
  /** One string, for example `team: team-a`. */
  STRING = 'String',
  /** A list of strings, for example Keycloak's `groups: [team-a, admins]`: one of them must match. */
  STRING_ARRAY = 'StringArray',
}

/** Why a claim and the values an authorization rule matches it on are not what the CRD takes, or undefined. */
export function claimProblem(field: string, claim: string, values: string[], consequence: string): string | undefined {
  if (typeof claim !== 'string' || claim.trim() === '' || claim.length > 253) {
    return `${field} claim '${claim}' is empty or longer than 253 characters. Name the claim, for example 'groups'.`;
  }
  if (!Array.isArray(values) || values.length === 0) return `${field} claim '${claim}' has no values: ${consequence}. Pass the values that match.`;
  if (values.length > MAX_CLAIM_VALUES) {
    return `${field} claim '${claim}' has ${values.length} values, more than the ${MAX_CLAIM_VALUES} a rule holds. Match a shared group instead.`;
  }
  if (values.some(v => typeof v !== 'string' || v === '')) return `${field} claim '${claim}' has an empty value. Remove it.`;
  return undefined;
}

/** Why the scopes an authorization rule requires are not what the CRD takes, or undefined. */
export function scopesProblem(field: string, scopes: string[], consequence: string): string | undefined {
  if (scopes.length === 0) return `${field} has no scopes: ${consequence}. Pass the scopes that match.`;
  if (scopes.length > MAX_SCOPES) return `${field} has ${scopes.length} scopes, more than the ${MAX_SCOPES} a rule holds.`;
  if (scopes.some(s => typeof s !== 'string' || s === '' || /\s/.test(s) || s.length > 253)) {
    return `${field} has a scope that is empty, holds a space or is longer than 253 characters. Pass each scope on its own.`;
  }
  return undefined;
}
