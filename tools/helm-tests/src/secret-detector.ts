import { parse } from 'yaml';
import { ofKind, podTemplates, type K8sObject } from './manifests';

const SECRET_NAME =
  /(password|passwd|secret|token|api[-_]?key|private[-_]?key|credential|\.pem$|\.key$|_pem$)/i;
const SECRET_TEXT =
  /-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----|\b(sk|pk)-[A-Za-z0-9]{16,}|:\/\/[^\s/:@]+:[^\s/@]+@/;

function walk(value: unknown, path: string, out: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}[${i}]`, out));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const here = `${path}.${key}`;
      // A key that names a secret is fine when it holds a reference (a name, an env var) or nothing.
      if (
        SECRET_NAME.test(key) &&
        typeof child === 'string' &&
        child.trim() !== '' &&
        !/^(\$\{?[A-Z_]+\}?|env:[A-Z_]+)$/.test(child)
      ) {
        out.push(`${here} looks like a secret value`);
      }
      walk(child, here, out);
    }
  } else if (typeof value === 'string' && SECRET_TEXT.test(value)) {
    out.push(`${path} contains secret material`);
  }
}

/** Secret-looking keys or values in ConfigMaps, including inside the YAML/JSON files they carry. */
export function secretsInConfigMaps(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const configMap of ofKind(objects, 'ConfigMap')) {
    const data = (configMap['data'] ?? {}) as Record<string, string>;
    for (const [key, text] of Object.entries(data)) {
      const where = `ConfigMap/${configMap.metadata.name} key ${key}`;
      if (SECRET_NAME.test(key)) problems.push(`${where}: the key names a secret`);
      if (SECRET_TEXT.test(text)) problems.push(`${where}: contains secret material`);
      let document: unknown;
      try {
        document = parse(text);
      } catch {
        continue; // not YAML/JSON (a prompt template or a script): the text check above applies
      }
      walk(document, where, problems);
    }
  }
  return problems;
}

/** Container env entries that carry a secret-looking variable as a literal value. */
export function literalSecretEnv(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const pod of podTemplates(objects)) {
    for (const container of pod.spec.containers) {
      for (const env of container.env ?? []) {
        if (env.value === undefined) continue;
        if (SECRET_NAME.test(env.name) || /_URI$/.test(env.name) || SECRET_TEXT.test(env.value)) {
          problems.push(
            `${pod.owner.kind}/${pod.owner.metadata.name} ${container.name}: env ${env.name} is a literal`,
          );
        }
      }
    }
  }
  return problems;
}
