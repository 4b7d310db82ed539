import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { PRODUCTION_VALUES, removeStagedChart, render, stageChart } from './chart';
import { allServicesEnabled } from './fixtures';
import { component, ofKind, podTemplates, type K8sObject } from './manifests';
import { literalSecretEnv, secretsInConfigMaps } from './secret-detector';

function inlineSecrets(): { values: Record<string, unknown>; material: string[] } {
  const signing = generateKeyPairSync('ed25519');
  const privatePem = signing.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = signing.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const jwt = randomBytes(32).toString('base64url');
  const llm = `sk-${randomBytes(24).toString('hex')}`;
  const mongoPassword = randomBytes(12).toString('hex');
  const esPassword = randomBytes(12).toString('hex');
  const mesToken = randomBytes(20).toString('hex');
  const group = (data: Record<string, string>) => ({ existingSecret: '', data });
  return {
    values: {
      ...allServicesEnabled(),
      secrets: {
        signingKey: group({ APPROVAL_SIGNING_KEY_PEM: privatePem }),
        publicKeys: group({ APPROVAL_PUBLIC_KEYS: publicPem }),
        auth: group({ JWT_HS256_SECRET: jwt }),
        llm: group({ LLM_API_KEY: llm }),
        mongo: group({ MONGO_URI: `mongodb://andon:${mongoPassword}@mongo-0.db:27017/andon?tls=true` }),
        elasticsearch: group({ ELASTICSEARCH_URL: `https://andon:${esPassword}@search:9200` }),
        mes: group({ MES_API_TOKEN: mesToken }),
      },
    },
    // The PEM body line is what a leak would carry even if re-wrapped.
    material: [privatePem.split('\n')[1] ?? privatePem, jwt, llm, mongoPassword, esPassword, mesToken],
  };
}

describe('secrets', () => {
  let chart: string;
  beforeAll(() => {
    chart = stageChart();
  });
  afterAll(() => removeStagedChart(chart));

  describe('given inline secret values', () => {
    let objects: K8sObject[];
    let material: string[];
    beforeAll(() => {
      const inline = inlineSecrets();
      material = inline.material;
      objects = render(chart, { values: inline.values });
    });

    it('puts every value in a Secret and in nothing else', () => {
      const secrets = ofKind(objects, 'Secret').map((s) => JSON.stringify(s));
      const others = objects
        .filter((o) => o.kind !== 'Secret')
        .map((o) => `${o.kind}/${o.metadata.name} ${JSON.stringify(o)}`);
      for (const value of material) {
        expect(secrets.some((s) => s.includes(JSON.stringify(value).slice(1, -1)))).toBe(true);
        expect(others.filter((o) => o.includes(value)).map((o) => o.split(' ')[0])).toEqual([]);
      }
    });

    it('hands each service only the secret groups it lists', () => {
      const refs = (name: string): string[] => {
        const pod = podTemplates(objects).find(
          (p) => component(p.owner) === name && p.owner.kind === 'Deployment',
        );
        return (pod?.spec.containers[0]?.envFrom ?? []).map((e) => e.secretRef?.name ?? '').sort();
      };
      expect(refs('approval')).toEqual(['andon-auth', 'andon-mongo', 'andon-signing-key']);
      expect(refs('mes-writeback')).toEqual(['andon-auth', 'andon-mes', 'andon-mongo', 'andon-public-keys']);
      expect(refs('mes-sim')).toEqual([]);
    });
  });

  it.each([
    ['default values', {}],
    ['production values', { valuesFiles: [PRODUCTION_VALUES] }],
  ])('with %s renders no Secret and keeps ConfigMaps and env free of secrets', (_label, options) => {
    const objects = render(chart, { ...options, values: allServicesEnabled() });
    expect(ofKind(objects, 'Secret')).toEqual([]);
    expect(secretsInConfigMaps(objects)).toEqual([]);
    expect(literalSecretEnv(objects)).toEqual([]);
    expect(ofKind(objects, 'ConfigMap').length).toBeGreaterThan(0);
  });

  it('the detectors catch a secret in a ConfigMap or a literal env value', () => {
    const leaky: K8sObject[] = [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'leaky' },
        data: {
          'policy.yaml': 'mes:\n  password: hunter2\n',
          'signing-key.pem': 'x',
          'notes.md': '-----BEGIN PRIVATE KEY-----',
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'leaky' },
        spec: {
          template: {
            spec: { containers: [{ name: 'c', env: [{ name: 'LLM_API_KEY', value: 'sk-abc' }] }] },
          },
        },
      },
    ];
    expect(secretsInConfigMaps(leaky)).toEqual([
      'ConfigMap/leaky key policy.yaml.mes.password looks like a secret value',
      'ConfigMap/leaky key signing-key.pem: the key names a secret',
      'ConfigMap/leaky key notes.md: contains secret material',
      'ConfigMap/leaky key notes.md contains secret material',
    ]);
    expect(literalSecretEnv(leaky)).toEqual(['Deployment/leaky c: env LLM_API_KEY is a literal']);
  });
});
