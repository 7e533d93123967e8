import { Duration } from 'cdk8s';

/** The Gateway API Duration format (GEP-2257): up to four number+unit pairs, each number at most 5 digits. */
const GATEWAY_API_DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;

/**
 * A duration in the Gateway API format (GEP-2257), written as the CRD documentation writes them: whole
 * seconds as `<n>s` ('60s', '300s', '1200s'), else hours, minutes, seconds and milliseconds ('1s500ms').
 * Undefined when the duration has no such form: a negative or fractional number of milliseconds, or one
 * too long for five digits per unit.
 *
 * Every construct writes durations through this one function, so the same timeout reads the same in every object.
 */
export function formatDuration(duration: Duration): string | undefined {
  const ms = duration.toMilliseconds({ integral: false });
  if (!Number.isInteger(ms) || ms < 0) return undefined;
  if (ms % 1000 === 0 && ms / 1000 <= 99999) return `${ms / 1000}s`;
  const parts: string[] = [];
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = ms % 1000;
  if (h > 0) parts.push(`${h}h`);
  if (m > 0) parts.push(`${m}m`);
  if (s > 0) parts.push(`${s}s`);
  if (rest > 0) parts.push(`${rest}ms`);
  const text = parts.join('');
  return GATEWAY_API_DURATION.test(text) ? text : undefined;
}
