import { joinPointer } from '../../core/pointer.ts';
import { isSecretLikeName, isVariableReference, urlWithCredentials } from '../../core/credentials.ts';
import { containersOf, podTemplates, podTemplateKinds } from '../pods.ts';
import type { EnvVar } from 'kubernetes-types/core/v1.js';
import { asRecord, objectItems, stringItems } from '../values.ts';
import type { Rule, RuleContext } from '../types.ts';

type Context = RuleContext<Record<string, never>>;

type MessageId = 'credentialLiteral' | 'credentialInUrl';

export const noCredentialLiterals: Rule<Record<string, never>, MessageId> = {
  meta: {
    id: 'no-credential-literals',
    kinds: [{ apiVersion: 'v1', kind: 'ConfigMap' }, ...podTemplateKinds],
    description:
      'No secret-like environment variable (or ConfigMap key) holds a literal value, and no URL carries a password.',
    docs: {
      why: 'A password written into a manifest is in Git for good. Credentials come from Secret references (`valueFrom.secretKeyRef`), and a connection URL that needs one composes it from a Secret-backed variable (`postgres://app:$(DB_PASSWORD)@db:5432/app`). A name is secret-like when its last word is or ends in PASSWORD, PASSWD, PASS, PWD, PASSPHRASE, SECRET, TOKEN, KEY or CREDENTIAL(S) (`HF_TOKEN`, `PGPASSWORD`, `OPENAI_API_KEY`); names ending in another word (`AWS_ACCESS_KEY_ID`, `TOKEN_PATH`, `PASSWORD_FILE`, `MAX_TOKENS`) and `*_PUBLIC_KEY` are not. Checked: container env values, args and commands, and ConfigMap data.',
    },
    messages: {
      credentialLiteral: '{{name}} looks like a credential but holds a literal value; use a secretKeyRef.',
      credentialInUrl: '{{where}} contains a URL with a password ({{url}}); reference a Secret-backed variable instead.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    if (context.object.kind === 'ConfigMap') {
      checkConfigMap(context);
      return;
    }
    for (const pod of podTemplates(context.object)) {
      for (const ref of containersOf(pod)) {
        for (const [variable, index] of objectItems<EnvVar>(ref.container.env)) {
          if (typeof variable.value !== 'string' || typeof variable.name !== 'string') continue;
          const { name, value } = variable;
          checkValue(context, () => joinPointer(ref.pointer, 'env', index, 'value'), name, value, () => `Variable ${name}`);
        }
        for (const field of ['command', 'args'] as const) {
          for (const [argument, index] of stringItems(ref.container[field])) {
            const url = urlWithCredentials(argument);
            if (url === undefined) continue;
            const where = `${field} of "${ref.container.name}"`;
            context.report({ at: joinPointer(ref.pointer, field, index), messageId: 'credentialInUrl', data: { where, url } });
          }
        }
      }
    }
  },
};

function checkConfigMap(context: Context): void {
  for (const [key, value] of Object.entries(asRecord(context.object.data) ?? {})) {
    if (typeof value !== 'string') continue;
    checkValue(context, () => joinPointer('/data', key), key, value, () => `ConfigMap key ${key}`);
  }
}

/** `at` and `where` are computed only for a report: most values are fine. */
function checkValue(context: Context, at: () => string, name: string, value: string, where: () => string): void {
  if (isSecretLikeName(name) && value.trim() !== '' && !isVariableReference(value.trim())) {
    context.report({ at: at(), messageId: 'credentialLiteral', data: { name } });
    return;
  }
  const url = urlWithCredentials(value);
  if (url !== undefined) context.report({ at: at(), messageId: 'credentialInUrl', data: { where: where(), url } });
}
