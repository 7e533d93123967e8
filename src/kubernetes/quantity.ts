/**
 * Resource quantities (`500m`, `1.5`, `2048Mi`) in the canonical form the API server stores them in, in the
 * resource lists of core kinds (a container's requests and limits): `1000m` is stored as `1`, `1.5` as `1500m`,
 * `2048Mi` as `2Gi`. Emitting that form keeps the manifest equal to the object read back.
 */

/** Decimal suffixes and their powers of ten. */
const DECIMAL: { [suffix: string]: number } = { 'n': -9, 'u': -6, 'm': -3, '': 0, 'k': 3, 'M': 6, 'G': 9, 'T': 12, 'P': 15, 'E': 18 };
/** Binary suffixes, by power of 1024. */
const BINARY = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
// A trailing '.' ('5.') is stored as written: left alone.
const QUANTITY = /^([+-]?)(\d*)(?:\.(\d+))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

/**
 * The canonical form of a quantity of a resource list, as the API server stores it: the value rounded up to milli
 * units (the defaulting of resource lists), then written as Kubernetes' `resource.Quantity` writes it: with a
 * binary suffix (from an input with one) when it is a whole number of at least 1024, the largest that keeps the
 * number whole; otherwise the largest decimal suffix (a power of 1000) that keeps it whole.
 *
 * @returns the text itself when it is not a quantity with a suffix this form covers (an exponent such as `1e3`)
 */
export function canonicalQuantity(text: string): string {
  const m = QUANTITY.exec(text);
  if (m === null || `${m[2]}${m[3] ?? ''}` === '') return text;
  const suffix = m[4] ?? '';
  const power = BINARY.indexOf(suffix);
  const fraction = m[3] ?? '';
  // The value is digits × 10^scale.
  let digits = BigInt(`${m[2]}${fraction}` || '0') * (power > 0 ? 1024n ** BigInt(power) : 1n);
  let scale = -fraction.length + (power > 0 ? 0 : DECIMAL[suffix]);
  if (scale < -3) {
    const unit = 10n ** BigInt(-3 - scale);
    digits = (digits + unit - 1n) / unit;
    scale = -3;
  }
  if (digits === 0n) return '0';
  const sign = m[1] === '-' ? '-' : '';
  if (power > 0) {
    const divisor = scale >= 0 ? 1n : 10n ** BigInt(-scale);
    const whole = scale >= 0 ? digits * 10n ** BigInt(scale) : digits / divisor;
    if (digits % divisor === 0n && whole >= 1024n) {
      let value = whole;
      let exponent = 0;
      while (exponent < BINARY.length - 1 && value % 1024n === 0n) {
        value /= 1024n;
        exponent++;
      }
      return `${sign}${value}${BINARY[exponent]}`;
    }
  }
  while (digits % 10n === 0n) {
    digits /= 10n;
    scale++;
  }
  const down = ((scale % 3) + 3) % 3;
  digits *= 10n ** BigInt(down);
  scale -= down;
  const decimal = Object.keys(DECIMAL).find(s => DECIMAL[s] === scale);
  return decimal === undefined ? text : `${sign}${digits}${decimal}`;
}
