/**
 * SVG from DOT with Graphviz compiled to WebAssembly (@viz-js/viz): no native binary, no browser. The
 * WebAssembly module only loads asynchronously, and the synth-time check is synchronous, so the rendering
 * runs in a worker thread while this thread waits on a shared flag; the SVG comes back over a message port.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';

const WORKER = `
const { workerData } = require('worker_threads');
const { port, signal, vizPath, dot } = workerData;
const done = (message) => {
  port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
};
require(vizPath).instance().then(
  (viz) => {
    try {
      done({ svg: viz.renderString(dot, { format: 'svg', engine: 'dot' }) });
    } catch (e) {
      done({ error: String((e && e.message) || e) });
    }
  },
  (e) => done({ error: String((e && e.message) || e) }),
);
`;

/** The Graphviz layout and SVG of a DOT graph, synchronously. Throws with Graphviz's message on a bad graph. */
export function renderSvg(dot: string, timeoutMs = 120_000): string {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { port: port2, signal, vizPath: require.resolve('@viz-js/viz'), dot },
    transferList: [port2],
  });
  worker.unref();
  try {
    const waited = Atomics.wait(signal, 0, 0, timeoutMs);
    const message = receiveMessageOnPort(port1)?.message;
    if (waited === 'timed-out' || message === undefined) {
      throw new Error(`Graphviz did not render the route map within ${timeoutMs / 1000} s.`);
    }
    if (typeof message.error === 'string') throw new Error(`Graphviz could not render the route map: ${message.error}`);
    return message.svg as string;
  } finally {
    port1.close();
    void worker.terminate();
  }
}
