import { Construct } from 'constructs';
import { checkHostname, urlParts } from '../gateway-api/hostnames';
import { constructError, failIf } from '../kubernetes/errors';
import { checkDnsLabel } from '../kubernetes/names';

/**
 * How a service's label joins the base domain (the platform's `global.subdomainSeparator`).
 */
export enum SubdomainSeparator {
  /**
   * `api.ai-gateway.example.com`: each service is one label below the base domain, so the certificate
   * is the base domain's wildcard, `*.ai-gateway.example.com`.
   */
  DOT = '.',

  /**
   * `api-ai-gateway.example.com`: the label is joined to the base domain's first label, so every host
   * sits directly under the base domain's parent and fits its wildcard, `*.example.com` (handy when
   * that wildcard already exists). Needs a base domain of at least three labels.
   */
  DASH = '-',
}

/** The platform's services and the subdomain labels they live under, unless overridden. */
const DEFAULT_SUBDOMAINS: { [service: string]: string } = {
  api: 'api',
  console: 'console',
  grafana: 'grafana',
  auth: 'auth',
  mcp: 'mcp',
};

/** Options of a PlatformDomain. */
export interface PlatformDomainProps {
  /**
   * The domain every platform service lives under, for example `ai-gateway.example.com`
   * (the platform's `global.baseDomain`).
   */
  readonly baseDomain: string;

  /**
   * How a service's label joins the base domain.
   *
   * @default SubdomainSeparator.DOT
   */
  readonly separator?: SubdomainSeparator;

  /**
   * Subdomain labels per service, merged over the defaults: a known service gets another label
   * (`{ api: 'llm' }` serves the API at `llm.<base domain>`) and a new service is added (`{ docs: 'docs' }`).
   * More services can be added later with `addSubdomain()`.
   *
   * @default - `api`, `console`, `grafana`, `auth` and `mcp`, each under its own name
   */
  readonly subdomains?: { [service: string]: string };
}

/**
 * The platform's domain: the base domain, the subdomain of each service and the separator between
 * them. It answers "what is the host of service X" (`hostFor('api')`) for every construct that needs
 * one, and which wildcard certificate covers them all (`wildcardDnsName`).
 *
 * @example
 * const domain = new PlatformDomain(chart, 'domain', { baseDomain: 'ai-gateway.example.com' });
 * domain.hostFor('api'); // 'api.ai-gateway.example.com'
 */
export class PlatformDomain extends Construct {
  /** The base domain, for example `ai-gateway.example.com`. */
  public readonly baseDomain: string;

  /** How a service's label joins the base domain. */
  public readonly separator: SubdomainSeparator;

  /**
   * The domain whose wildcard covers every host: the base domain with the `.` separator
   * (`ai-gateway.example.com`), its parent with `-` (`example.com`).
   */
  public readonly certificateDomain: string;

  private readonly _subdomains = new Map<string, string>();

  public constructor(scope: Construct, id: string, props: PlatformDomainProps) {
    super(scope, id);
    this.separator = props.separator ?? SubdomainSeparator.DOT;
    this.baseDomain = props.baseDomain;

    const problem = checkDomain('baseDomain', props.baseDomain);
    if (problem !== undefined) throw constructError(this, 'PlatformDomain', problem);
    const labels = props.baseDomain.split('.');
    if (this.separator === SubdomainSeparator.DASH && labels.length < 3) {
      throw constructError(this, 'PlatformDomain', `baseDomain '${props.baseDomain}' has ${labels.length} labels, but the ` +
        `'-' separator puts every host under its parent ('${labels.slice(1).join('.')}'), whose wildcard certificate ` +
        `'*.${labels.slice(1).join('.')}' no CA issues. Use a base domain of at least three labels, for example ` +
        `'ai-gateway.${props.baseDomain}', or SubdomainSeparator.DOT.`);
    }
    this.certificateDomain = this.separator === SubdomainSeparator.DOT ? props.baseDomain : labels.slice(1).join('.');

    const subdomains = { ...DEFAULT_SUBDOMAINS, ...props.subdomains };
    for (const service of Object.keys(subdomains).sort()) {
      this.setSubdomain(service, subdomains[service]);
    }
  }

  /** The wildcard DNS name that covers every host of the platform, for example `*.ai-gateway.example.com`. */
  public get wildcardDnsName(): string {
    return `*.${this.certificateDomain}`;
  }

  /** The services with a subdomain, sorted. */
  public get services(): string[] {
    return [...this._subdomains.keys()].sort();
  }

  /** Every service's host, sorted by service name. */
  public get hosts(): string[] {
    return this.services.map(service => this.hostFor(service));
  }

  /**
   * Adds a service under a subdomain label, for example `addSubdomain('docs', 'docs')`. A service that
   * already has a subdomain keeps it (its host may already be in use): override defaults with the
   * `subdomains` prop instead.
   *
   * @param service the service's name, as other constructs ask for it in `hostFor()`
   * @param label the subdomain label
   * @returns the service's host
   */
  public addSubdomain(service: string, label: string): string {
    const existing = this._subdomains.get(service);
    if (existing !== undefined) {
      throw constructError(this, 'PlatformDomain', `service '${service}' already has the subdomain '${existing}' ` +
        `(host '${this.hostFor(service)}'). Pass subdomains: { ${service}: '${label}' } to override it, or add ` +
        'the service under another name.');
    }
    this.setSubdomain(service, label);
    return this.hostFor(service);
  }

  /** The subdomain label of a service, for example `api`. */
  public subdomainFor(service: string): string {
    const label = this._subdomains.get(service);
    if (label === undefined) {
      throw constructError(this, 'PlatformDomain', `service '${service}' has no subdomain (services: ` +
        `${this.services.map(s => `'${s}'`).join(', ')}). Use one of those, or add it with addSubdomain('${service}', '<label>').`);
    }
    return label;
  }

  /**
   * The host of a service: `api.ai-gateway.example.com` with the `.` separator,
   * `api-ai-gateway.example.com` with `-`.
   */
  public hostFor(service: string): string {
    const label = this.subdomainFor(service);
    return this.separator === SubdomainSeparator.DOT ? `${label}.${this.baseDomain}` : `${label}-${this.baseDomain}`;
  }

  private setSubdomain(service: string, label: string) {
    failIf(this, 'PlatformDomain', checkDnsLabel(`subdomains.${service}`, label));
    const hostLabel = this.separator === SubdomainSeparator.DOT ? label : `${label}-${this.baseDomain.split('.')[0]}`;
    if (hostLabel.length > 63) {
      failIf(this, 'PlatformDomain', `subdomains.${service} '${label}' makes the label '${hostLabel}' of ${hostLabel.length} characters, more ` +
        "than DNS allows (63). Use a shorter label, or the '.' separator.");
    }
    const host = this.separator === SubdomainSeparator.DOT ? `${label}.${this.baseDomain}` : `${label}-${this.baseDomain}`;
    failIf(this, 'PlatformDomain', checkHostname(`host of service '${service}'`, host));
    for (const [other, otherLabel] of this._subdomains) {
      if (otherLabel === label) {
        failIf(this, 'PlatformDomain', `subdomains.${service} '${label}' is already the subdomain of service '${other}', so both would be ` +
          `served at '${host}'. Give '${service}' a label of its own.`);
      }
    }
    this._subdomains.set(service, label);
  }
}

/**
 * Checks a domain name (base domain, DNS zone): a valid hostname without wildcard, of at least two labels.
 *
 * @returns undefined when valid, else the end of a sentence that says what is wrong and suggests a fix
 */
export function checkDomain(field: string, value: string): string | undefined {
  const url = urlParts(value);
  const isUrl = url !== undefined && (url.scheme ?? url.credentials ?? url.port ?? url.path) !== undefined;
  if (!isUrl && value.startsWith('*.')) {
    return `${field} '${value}' is a wildcard; give the domain itself. Use '${value.slice(2)}'.`;
  }
  if (!isUrl && value.endsWith('.') && value.length > 1) {
    return `${field} '${value}' ends with a '.'; give the domain without the root. Use '${value.slice(0, -1)}'.`;
  }
  const problem = checkHostname(field, value);
  if (problem !== undefined) {
    return problem.replace("Use 'api.example.com'", "Use, for example, 'ai-gateway.example.com'");
  }
  if (!value.includes('.')) {
    return `${field} '${value}' is a single label; a certificate needs a domain of at least two labels. ` +
      `Use, for example, '${value}.example.com'.`;
  }
  return undefined;
}
