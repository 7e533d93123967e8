import { BucketCounter, packStable } from '../../src/ai/placement';

/** A small deterministic generator, so that a failure replays. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('BucketCounter: which buckets packStable fills, counted as items are added', () => {
  test.each([1, 2, 3, 4, 5, 6, 7, 8])('agrees with packStable after every addition (seed %i)', (seed) => {
    const next = random(seed);
    const capacity = 1 + Math.floor(next() * 5);
    const names = Array.from({ length: 60 }, (_, i) => `m${String(i).padStart(2, '0')}`);
    // A previous placement written by this library: buckets of at most `capacity`, each name once; some numbers skipped.
    const previous = new Map<number, string[]>();
    const shuffled = [...names].sort(() => next() - 0.5);
    let index = 1;
    for (let i = 0; i < 30;) {
      const size = Math.floor(next() * (capacity + 1));
      previous.set(index, shuffled.slice(i, i + size));
      i += size;
      index += next() < 0.3 ? 2 : 1;
    }
    const counter = new BucketCounter(capacity, previous);
    const added: string[] = [];
    for (const name of [...names].sort(() => next() - 0.5)) {
      counter.add(name);
      added.push(name);
      expect(counter.buckets()).toEqual([...packStable(added, capacity, previous).keys()]);
    }
  });

  test('packs in full when the previous placement is not one this library writes', () => {
    const previous = new Map([[1, ['a', 'b', 'c']], [2, ['a', 'd']]]);
    const counter = new BucketCounter(2, previous);
    const added: string[] = [];
    for (const name of ['d', 'c', 'a', 'e', 'b']) {
      counter.add(name);
      added.push(name);
      expect(counter.buckets()).toEqual([...packStable(added, 2, previous).keys()]);
    }
  });

  test('without a previous placement: one bucket per capacity items', () => {
    const counter = new BucketCounter(15, new Map());
    for (let i = 0; i < 31; i++) counter.add(`m${i}`);
    expect(counter.buckets()).toEqual([1, 2, 3]);
  });
});
