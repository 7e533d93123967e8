/**
 * Writing YAML that kubectl reads back as the same JSON: the `yaml` package writes YAML 1.2, where `no`, `on`, `y`,
 * `0o17` or `1_000` are plain strings, but kubectl's YAML 1.1 reads them as booleans and numbers. Every string that
 * kubectl would not read back as itself when plain is written quoted.
 */
// yaml is a bundled runtime dependency of the package (declared with the schema validation data).
// eslint-disable-next-line import/no-extraneous-dependencies
import * as YAML from 'yaml';
import { GoScalar, resolvePlain } from './kube-yaml-scalars';

/** YAML text of a JSON value that kubectl reads back as that value. */
export function kubeYamlStringify(value: unknown): string {
  const doc = new YAML.Document(value);
  YAML.visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      const read: unknown = resolvePlain(node.value);
      if (read instanceof GoScalar || read !== node.value || node.value === '<<') node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 });
}
