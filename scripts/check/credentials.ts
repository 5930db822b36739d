/**
 * What counts as a credential: secret-like variable names and URLs with a password in them.
 * Precision over recall: the name's last word decides, so `DATABASE_PASSWORD`, `HF_TOKEN`,
 * `OPENAI_API_KEY`, `PGPASSWORD` are secret-like while `AWS_ACCESS_KEY_ID`, `TOKEN_PATH`,
 * `PASSWORD_FILE`, `SECRET_NAME`, `MAX_TOKENS` and `JWT_PUBLIC_KEY` are not.
 */

/** Words of a variable name: split on `_`, `-`, `.` and camelCase humps, upper-cased. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toUpperCase());
}

const secretWords = new Set(['PASS', 'PWD', 'PASSPHRASE', 'CREDENTIAL', 'CREDENTIALS']);

export function isSecretLikeName(name: string): boolean {
  const words = nameWords(name);
  const last = words.at(-1);
  if (last === undefined) return false;
  if (words.at(-2) === 'PUBLIC') return false;
  return (
    secretWords.has(last) ||
    last.includes('PASSWORD') ||
    last.includes('PASSWD') ||
    last.includes('SECRET') ||
    last.endsWith('TOKEN') ||
    last.endsWith('KEY')
  );
}

/** `$(VAR)`, `${VAR}` and `$VAR` reference another variable (a Secret-backed one, typically). */
export function isVariableReference(value: string): boolean {
  return /^\$(\([A-Za-z_][A-Za-z0-9_]*\)|\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/.test(value);
}

const urlWithUserinfo = /\b[a-z][a-z0-9+.-]*:\/\/([^\s/?#@:]*):([^\s/?#@]+)@/gi;

/** The first URL in the text whose userinfo carries a literal password (a variable reference is fine). */
export function urlWithCredentials(text: string): string | undefined {
  for (const match of text.matchAll(urlWithUserinfo)) {
    const password = match[2] ?? '';
    if (!isVariableReference(password)) return match[0].replace(/:[^:@]*@$/, ':***@');
  }
  return undefined;
}
