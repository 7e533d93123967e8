import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/validation/cli';
import { listManifestFiles, ManifestReadError, MAX_FILE_BYTES, readManifestFiles, readManifestList } from '../../src/validation/manifest-files';

const ROUTE = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: r\n  namespace: default\nspec:\n' +
  '  rules:\n  - backendRefs:\n    - name: s\n      port: 80\n';
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: default\nspec:\n  ports:\n  - port: 80\n';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-files-'));
}

function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = runCli(args, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; } });
  return { status, stdout, stderr };
}

describe('reading files', () => {
  test('fails on a FIFO given on the command line, without blocking on it', () => {
    const dir = tmp();
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(() => readManifestFiles([fifo])).toThrow(/pipe\.yaml: a FIFO \(named pipe\), not a regular file/);
  });

  test('skips and reports a FIFO, a link to /dev/zero, a dangling link and a directory link loop in a scanned directory', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'a.yaml'), SERVICE);
    execFileSync('mkfifo', [path.join(dir, 'b.yaml')]);
    fs.symlinkSync('/dev/zero', path.join(dir, 'c.yaml'));
    fs.symlinkSync(path.join(dir, 'missing.yaml'), path.join(dir, 'd.yaml'));
    fs.symlinkSync(path.join(dir, 'e.yaml'), path.join(dir, 'e.yaml'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.symlinkSync(dir, path.join(dir, 'sub', 'loop'));
    const input = readManifestFiles([dir]);
    expect(input.objects).toHaveLength(1);
    expect(input.skipped.map(s => [path.basename(s.path), s.reason.split(',')[0]])).toStrictEqual([
      ['b.yaml', 'a FIFO (named pipe)'],
      ['c.yaml', 'a device behind a symbolic link'],
      ['d.yaml', `a dangling symbolic link (to ${path.join(dir, 'missing.yaml')})`],
      ['e.yaml', 'a symbolic link loop'],
      ['loop', `a link to the directory ${fs.realpathSync(dir)}`],
    ]);
  });

  test('fails on a dangling link and a link loop given on the command line', () => {
    const dir = tmp();
    fs.symlinkSync(path.join(dir, 'nothing'), path.join(dir, 'd.yaml'));
    fs.symlinkSync(path.join(dir, 'l.yaml'), path.join(dir, 'l.yaml'));
    expect(() => readManifestFiles([path.join(dir, 'd.yaml')])).toThrow(/d\.yaml: a dangling symbolic link/);
    expect(() => readManifestFiles([path.join(dir, 'l.yaml')])).toThrow(/l\.yaml: a symbolic link loop/);
  });

  test('fails on a file larger than the limit, naming it', () => {
    const dir = tmp();
    const big = path.join(dir, 'big.yaml');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, MAX_FILE_BYTES + 1);
    expect(() => readManifestFiles([big])).toThrow(/big\.yaml: larger than 64 MiB/);
  });

  test('fails on empty input: an empty file, only separators and comments, an empty directory', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'empty.yaml'), '');
    fs.writeFileSync(path.join(dir, 'seps.yaml'), '---\n# nothing\n---\n');
    fs.mkdirSync(path.join(dir, 'none'));
    expect(() => readManifestFiles([path.join(dir, 'empty.yaml')])).toThrow(/no Kubernetes objects in the input: .*empty\.yaml/);
    expect(() => readManifestFiles([path.join(dir, 'seps.yaml')])).toThrow(ManifestReadError);
    expect(() => readManifestFiles([path.join(dir, 'none')])).toThrow(/no \*\.yaml, \*\.yml or \*\.json file in/);
  });

  test('fails on text that is not YAML of objects, naming file, line and column', () => {
    const dir = tmp();
    const prose = path.join(dir, 'prose.yaml');
    fs.writeFileSync(prose, '\nThis is not a manifest at all.\n');
    expect(() => readManifestFiles([prose])).toThrow(/prose\.yaml:2:1: the document is the string "This is not a manifest at all\."/);
    const broken = path.join(dir, 'broken.yaml');
    fs.writeFileSync(broken, `${SERVICE}---\nkind: [\n`);
    expect(() => readManifestFiles([broken])).toThrow(/broken\.yaml:11:1: not valid YAML/);
  });
});

describe('the CLI', () => {
  test('prints file:line:column for each finding; --json gives line and column', () => {
    const dir = tmp();
    const file = path.join(dir, 'svc.yaml');
    // 0200000 is octal: 65536, beyond the port range.
    fs.writeFileSync(file, `# header\n${ROUTE.replace('port: 80', 'port: 0200000')}`);
    const text = cli(['validate', file, '--no-known-file']);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain(`${file}:11:13: spec.rules[0].backendRefs[0].port`);
    const json = JSON.parse(cli(['validate', file, '--no-known-file', '--json']).stdout);
    expect(json.objects[0]).toMatchObject({ line: 2, column: 1 });
    expect(json.objects[0].errors[0]).toMatchObject({ path: 'spec.rules[0].backendRefs[0].port', line: 11, column: 13 });
  });

  test('a label value yes is refused as the API server refuses it', () => {
    const dir = tmp();
    const file = path.join(dir, 'svc.yaml');
    fs.writeFileSync(file, ROUTE.replace('  namespace: default\n', '  namespace: default\n  labels:\n    enabled: yes\n'));
    const r = cli(['validate', file, '--no-known-file']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/svc\.yaml:7:14: metadata\.labels\[enabled\]: Invalid value: "boolean": must be of type string/);
  });

  test('exits 2 on empty input and on a FIFO; skipped paths are named on stderr', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'empty.yaml'), '# nothing\n');
    expect(cli(['validate', path.join(dir, 'empty.yaml')])).toMatchObject({ status: 2, stderr: expect.stringMatching(/empty\.yaml: holds no Kubernetes object to validate/) });
    fs.writeFileSync(path.join(dir, 'svc.yaml'), SERVICE);
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    const r = cli(['validate', dir, '--no-known-file']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`skipped ${path.join(dir, 'pipe.yaml')}: a FIFO`);
    expect(cli(['validate', path.join(dir, 'pipe.yaml')]).status).toBe(2);
  });
});

describe('a cdk8s output folder', () => {
  test("validate DIR skips cdk8s-cli's construct-metadata.json and says so; named on its own it is read, and refused", () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'app.k8s.yaml'), SERVICE);
    const metadata = path.join(dir, 'construct-metadata.json');
    fs.writeFileSync(metadata, JSON.stringify({ version: '1.0.0', resources: { s: { path: 'app/s' } } }));
    const r = cli(['validate', dir, '--no-known-file', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, objects: [{ kind: 'Service', name: 's' }] });
    expect(JSON.parse(r.stdout).skipped).toStrictEqual([{ path: metadata, reason: expect.stringMatching(/^cdk8s-cli's construct metadata/) }]);
    expect(cli(['validate', dir, '--no-known-file']).stderr).toContain(`skipped ${metadata}: cdk8s-cli's construct metadata`);
    expect(cli(['validate', metadata, '--no-known-file'])).toMatchObject({ status: 1, stdout: expect.stringMatching(/construct-metadata\.json:1:1: .*not a Kubernetes object/) });
    // A folder that holds nothing else: the input error names what was skipped.
    fs.rmSync(path.join(dir, 'app.k8s.yaml'));
    expect(cli(['validate', dir, '--no-known-file'])).toMatchObject({
      status: 2, stderr: expect.stringContaining(`no Kubernetes object to validate (empty or only comments, or a directory without *.yaml, *.yml or *.json files that hold one; skipped: ${metadata} (cdk8s-cli's construct metadata`),
    });
  });
});

describe('JSON and kind: List input', () => {
  test('a JSON stream is read; a List item keeps the position of its item', () => {
    const dir = tmp();
    const json = path.join(dir, 'route.json');
    fs.writeFileSync(json, '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}\n{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "b"}}\n');
    const input = readManifestFiles([json]);
    expect(input.objects.map(o => o.metadata.name)).toStrictEqual(['a', 'b']);
    expect(input.sources.map(s => s.line)).toStrictEqual([1, 2]);
    const list = path.join(dir, 'list.yaml');
    fs.writeFileSync(list, `apiVersion: v1\nkind: List\nitems:\n- ${ROUTE.replace('port: 80', 'port: 0200000').split('\n').join('\n  ')}`);
    const r = cli(['validate', list, '--no-known-file', '--json']);
    const object = JSON.parse(r.stdout).objects[0];
    expect(object).toMatchObject({ kind: 'HTTPRoute', line: 4, column: 3 });
    expect(object.errors[0]).toMatchObject({ path: 'spec.rules[0].backendRefs[0].port', line: 13, column: 15 });
  });
});

describe('odd input through the CLI', () => {
  test('an alias bomb, a circular alias, deep nesting and binary garbage exit 2 with a reason, not a stack trace', () => {
    const dir = tmp();
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    }
    const cases: [string, string | Buffer, RegExp][] = [
      ['bomb.yaml', levels.join('\n'), /bomb\.yaml:1:1: the document contains excessive aliasing/],
      ['circular.yaml', 'a: &a\n  b: *a\n', /circular\.yaml:2:6: anchor 'a' value contains itself/],
      ['deep.yaml', `${'['.repeat(30000)}${']'.repeat(30000)}`, /deep\.yaml:1:1: .*nest/],
      ['garbage.yaml', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), /garbage\.yaml:\d+:\d+: /],
    ];
    for (const [name, content, message] of cases) {
      fs.writeFileSync(path.join(dir, name), content);
      const r = cli(['validate', path.join(dir, name), '--no-known-file']);
      expect([name, r.status]).toStrictEqual([name, 2]);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('standard input', () => {
  const script = "process.exitCode = require('./src/validation/cli').runCli(['validate', '-', '--no-known-file'], " +
    '{ stdout: t => process.stdout.write(t), stderr: t => process.stderr.write(t) })';
  const run = (input: string) => spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: path.join(__dirname, '..', '..'), input, encoding: 'utf8', timeout: 60_000,
  });

  test('nothing on standard input is an input error; manifests there are read', () => {
    expect(run('')).toMatchObject({ status: 2, stderr: expect.stringContaining('standard input: holds no Kubernetes object to validate') });
    expect(run('apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n')).toMatchObject({ status: 0, stdout: expect.stringContaining('1 object') });
  });
});

describe('listing before reading', () => {
  test('the list names the files a run reads and their size (manifest files only); the read counts objects per path given', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'charts'));
    fs.writeFileSync(path.join(dir, 'charts', 'a.yaml'), `${SERVICE}---\n${ROUTE}`);
    fs.writeFileSync(path.join(dir, 'charts', 'empty.yaml'), '# nothing\n');
    fs.writeFileSync(path.join(dir, 'charts', 'notes.txt'), 'x'.repeat(10_000));
    fs.writeFileSync(path.join(dir, 'one.yaml'), SERVICE);
    fs.writeFileSync(path.join(dir, 'none.yaml'), '---\n');
    const list = listManifestFiles([path.join(dir, 'charts'), path.join(dir, 'one.yaml'), path.join(dir, 'none.yaml')]);
    expect(list.files).toStrictEqual([path.join(dir, 'charts', 'a.yaml'), path.join(dir, 'charts', 'empty.yaml'), path.join(dir, 'one.yaml'), path.join(dir, 'none.yaml')]);
    expect(list.pathIndex).toStrictEqual([0, 0, 1, 2]);
    expect(list.bytes).toBe(SERVICE.length + 4 + ROUTE.length + '# nothing\n'.length + SERVICE.length + 4);
    const read = readManifestList(list);
    expect(read.objects).toHaveLength(3);
    expect(read.objectsPerPath).toStrictEqual([2, 1, 0]);
    expect(() => listManifestFiles([path.join(dir, 'missing.yaml')])).toThrow(ManifestReadError);
  });
});
