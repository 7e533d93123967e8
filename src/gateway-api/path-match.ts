/** How an HTTPRoute rule matches the request path. */
export enum PathMatchType {
  /** The path starts with the value, by whole segments (`/v1` matches `/v1/chat`, not `/v10`). */
  PATH_PREFIX = 'PathPrefix',
  /** The path equals the value. */
  EXACT = 'Exact',
}

/** A request path match of an HTTPRoute rule. */
export class PathMatch {
  /** Paths that start with `path`, by whole segments. `PathMatch.prefix('/')` matches every request. */
  public static prefix(path: string): PathMatch {
    return new PathMatch(PathMatchType.PATH_PREFIX, path);
  }

  /** Exactly `path`. */
  public static exact(path: string): PathMatch {
    return new PathMatch(PathMatchType.EXACT, path);
  }

  private constructor(
    /** How the path is matched. */
    public readonly matchType: PathMatchType,
    /** The path. */
    public readonly value: string,
  ) {}

  /**
   * The problem with the path as the Gateway API CRDs check it (absolute, no `//`, `/./`, `/../`, `%2f`,
   * `?`, `#` or whitespace, at most 1024 characters), with a corrected path; undefined when valid.
   *
   * @param field how the message names the path, for example 'rules[0].matches[1] path'
   * @internal
   */
  public _problem(field: string): string | undefined {
    const v = this.value;
    if (typeof v === 'string' && v.startsWith('/') && v.length <= 1024 && !/[\s?#]|\/\/|\/\.\.?(\/|$)|%2f|%2F/.test(v)) {
      return undefined;
    }
    const fixed = `/${String(v).replace(/[?#].*$/, '').split(/[\s/]+/).filter(s => s !== '' && s !== '.' && s !== '..').join('/')}`;
    return `${field} '${v}' is not a valid ${this.matchType} path (it starts with '/', has no '//', '/./', '/../', '%2f', ` +
      `'?', '#' or whitespace, at most 1024 characters). Use '${fixed}'.`;
  }
}
