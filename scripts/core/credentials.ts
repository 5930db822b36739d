/**
 * What counts as a credential: secret-like variable names and URLs with a password in them.
 * Precision over recall: the name's last word decides, so `DATABASE_PASSWORD`, `HF_TOKEN`,
 * `OPENAI_API_KEY`, `PGPASSWORD` are secret-like while `AWS_ACCESS_KEY_ID`, `TOKEN_PATH`,
 * `PASSWORD_FILE`, `SECRET_NAME`, `MAX_TOKENS` and `JWT_PUBLIC_KEY` are not.
 */
import { BoundedMemo } from './bounded-memo.ts';
import { isVariableReference } from '../core/variable-reference.ts';

/**
 * The last word of a variable name, upper-cased: after the last `_`, `-` or `.`, or the last
 * camelCase hump (`HF_TOKEN` → TOKEN, `openaiApiKey` → KEY, `PGPASSWORD` → PGPASSWORD).
 */
export function lastWord(name: string): string {
  return (/(?:[A-Z]?[a-z0-9]+|[A-Z0-9]+)$/.exec(name)?.[0] ?? '').toUpperCase();
}

const secretWords = new Set(['PASS', 'PWD', 'PASSPHRASE', 'CREDENTIAL', 'CREDENTIALS']);

export function isSecretLikeName(name: string): boolean {
  const known = secretLikeNames.get(name);
  if (known !== undefined) return known;
  const answer = judgeName(name);
  secretLikeNames.remember(name, answer);
  return answer;
}

/** Names repeat across objects: every ConfigMap key and variable is asked about. */
const secretLikeNames = new BoundedMemo<boolean>(4096, 256);

function judgeName(name: string): boolean {
  const last = lastWord(name);
  if (last === '' || /public[^a-z0-9]*key$/i.test(name)) return false;
  return (
    secretWords.has(last) ||
    last.includes('PASSWORD') ||
    last.includes('PASSWD') ||
    last.includes('SECRET') ||
    last.endsWith('TOKEN') ||
    last.endsWith('KEY')
  );
}

export { isVariableReference };

const urlWithUserinfo = /\b[a-z][a-z0-9+.-]*:\/\/([^\s/?#@:]*):([^\s/?#@]+)@/gi;

/** The first URL in the text whose userinfo carries a literal password (a variable reference is fine). */
export function urlWithCredentials(text: string): string | undefined {
  if (!text.includes('@') || !text.includes('://')) return undefined;
  for (const match of text.matchAll(urlWithUserinfo)) {
    const password = match[2] ?? '';
    // The user name holds no `:`, so everything after the one following the scheme is password.
    if (!isVariableReference(password)) return match[0].replace(/^([^:]*:\/\/[^:]*):.*@$/, '$1:***@');
  }
  return undefined;
}
