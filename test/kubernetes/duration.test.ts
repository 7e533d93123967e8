import { Duration } from 'cdk8s';
import { formatDuration } from '../../src/kubernetes/duration';
import { compareStrings, sortedMap } from '../../src/kubernetes/order';

describe('formatDuration: the one Gateway API duration writer', () => {
  test.each([
    [Duration.seconds(60), '60s'],
    [Duration.minutes(5), '300s'],
    [Duration.seconds(1200), '1200s'],
    [Duration.seconds(0), '0s'],
    [Duration.millis(1500), '1s500ms'],
    [Duration.millis(250), '250ms'],
    [Duration.seconds(99999), '99999s'],
    [Duration.seconds(100000), '27h46m40s'],
    [Duration.hours(24), '86400s'],
  ])('%s is written %s', (duration, text) => {
    expect(formatDuration(duration)).toBe(text);
    expect(text).toMatch(/^([0-9]{1,5}(h|m|s|ms)){1,4}$/);
  });

  test('fails with undefined for what the format cannot hold', () => {
    expect(formatDuration(Duration.millis(0.5))).toBeUndefined();
    expect(formatDuration(Duration.hours(100000))).toBeUndefined();
  });
});

describe('order', () => {
  test('compareStrings orders by code unit, not by locale', () => {
    expect(['b', 'B', 'a', 'é', 'Z'].sort(compareStrings)).toStrictEqual(['B', 'Z', 'a', 'b', 'é']);
  });

  test('sortedMap sorts keys and gives undefined for an empty map', () => {
    expect(Object.keys(sortedMap({ z: '1', a: '2', M: '3' })!)).toStrictEqual(['M', 'a', 'z']);
    expect(sortedMap({})).toBeUndefined();
    expect(sortedMap(undefined)).toBeUndefined();
  });
});
