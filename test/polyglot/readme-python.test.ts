import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/** The README's Python example is the code the Python smoke app runs (scripts/polyglot/run.sh), not a copy that drifts. */
test("the README's python block is examples/python/app.py's code", () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const app = fs.readFileSync(path.join(ROOT, 'examples', 'python', 'app.py'), 'utf8');
  const blocks = [...readme.matchAll(/^```python\n([\s\S]*?)^```$/gm)].map(m => m[1]);
  expect(blocks).toHaveLength(1);
  const [code, synth] = blocks[0].split('\nbuild_polyglot_app("dist").synth()\n');
  expect(synth).toBe('');
  expect(code).toMatch(/^from cdk8s import/);
  expect(app).toContain(code);
  expect(app).toContain('build_polyglot_app(sys.argv[1] if len(sys.argv) > 1 else "dist").synth()');
});
