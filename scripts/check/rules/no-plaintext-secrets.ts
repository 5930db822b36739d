import { asRecord } from '../values.ts';
import type { Rule } from '../types.ts';

export const noPlaintextSecrets: Rule<Record<string, never>> = {
  meta: {
    id: 'no-plaintext-secrets',
    description: 'No `Secret` in Git carries `data` or `stringData`.',
    docs: {
      why: 'Base64 is an encoding, not encryption: a Secret with data in Git is a leaked credential for everyone who can clone the repo, forever (history keeps it). Secrets arrive through External Secrets (`ExternalSecret`, `external-secrets.io/v1`) or an encrypted carrier; kustomize `secretGenerator` output counts as plaintext too.',
      example: {
        valid: `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: db-credentials }
spec:
  secretStoreRef: { kind: ClusterSecretStore, name: vault }
  target: { name: db-credentials }
  dataFrom:
    - extract: { key: prod/db }`,
        invalid: `apiVersion: v1
kind: Secret
metadata: { name: db-credentials }
stringData:
  password: hunter2`,
      },
    },
    messages: {
      plaintextSecret: 'Secret "{{name}}" carries {{field}} in Git; deliver it through an ExternalSecret instead.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    const { object } = context;
    if (object.kind !== 'Secret' || object.apiVersion !== 'v1') return;
    for (const field of ['data', 'stringData'] as const) {
      if (Object.keys(asRecord(object[field]) ?? {}).length === 0) continue;
      context.report({ at: `/${field}`, messageId: 'plaintextSecret', data: { name: object.metadata.name ?? '', field } });
    }
  },
};
