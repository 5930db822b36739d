import { asRecord } from '../values.ts';
import type { Rule } from '../types.ts';

type MessageId = 'plaintextSecret';

export const noPlaintextSecrets: Rule<Record<string, never>, MessageId> = {
  meta: {
    id: 'no-plaintext-secrets',
    kinds: [{ apiVersion: 'v1', kind: 'Secret' }],
    description: 'No `Secret` in Git carries `data` or `stringData`.',
    docs: {
      why: 'Base64 is an encoding, not encryption: a Secret with data in Git is a leaked credential for everyone who can clone the repo, forever (history keeps it). Secrets arrive through External Secrets (`ExternalSecret`, `external-secrets.io/v1`) or an encrypted carrier; kustomize `secretGenerator` output counts as plaintext too.',
    },
    messages: {
      plaintextSecret: 'Secret "{{name}}" carries {{field}} in Git; deliver it through an ExternalSecret instead.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    const { object } = context;
    for (const field of ['data', 'stringData'] as const) {
      if (Object.keys(asRecord(object[field]) ?? {}).length === 0) continue;
      context.report({ at: `/${field}`, messageId: 'plaintextSecret', data: { name: object.metadata.name ?? '', field } });
    }
  },
};
