import { describe, expect, it } from 'vitest';
import { isSecretLikeName, lastWord, urlWithCredentials } from '../scripts/core/credentials.ts';

const secretLike = ['DATABASE_PASSWORD', 'HF_TOKEN', 'OPENAI_API_KEY', 'PGPASSWORD', 'openaiApiKey', 'db.passphrase', 'AWS_CREDENTIALS', 'APP_SECRET'];
const notSecretLike = ['AWS_ACCESS_KEY_ID', 'TOKEN_PATH', 'PASSWORD_FILE', 'SECRET_NAME', 'MAX_TOKENS', 'JWT_PUBLIC_KEY', 'LOG_LEVEL', ''];

describe('isSecretLikeName', () => {
  it('goes by the last word of the name', () => {
    for (const name of secretLike) expect(isSecretLikeName(name), name).toBe(true);
    for (const name of notSecretLike) expect(isSecretLikeName(name), name).toBe(false);
  });

  it('answers the same when asked again, and for more names than it remembers', () => {
    const names = Array.from({ length: 5000 }, (_, index) => (index % 2 === 0 ? `VALUE_${index}_TOKEN` : `VALUE_${index}_PATH`));
    for (let round = 0; round < 2; round++) {
      names.forEach((name, index) => expect(isSecretLikeName(name)).toBe(index % 2 === 0));
      for (const name of secretLike) expect(isSecretLikeName(name), name).toBe(true);
      for (const name of notSecretLike) expect(isSecretLikeName(name), name).toBe(false);
      expect(isSecretLikeName(`${'X'.repeat(300)}_TOKEN`)).toBe(true);
      expect(isSecretLikeName(`${'X'.repeat(300)}_PATH`)).toBe(false);
    }
  });
});

describe('lastWord', () => {
  it('splits on separators and camelCase humps', () => {
    expect(lastWord('HF_TOKEN')).toBe('TOKEN');
    expect(lastWord('openaiApiKey')).toBe('KEY');
    expect(lastWord('PGPASSWORD')).toBe('PGPASSWORD');
  });
});

describe('urlWithCredentials', () => {
  it('finds a literal password in a URL and masks it; a variable reference is fine', () => {
    expect(urlWithCredentials('postgres://app:hunter2@db:5432/app')).toBe('postgres://app:***@');
    expect(urlWithCredentials('postgres://app:$(DB_PASSWORD)@db:5432/app')).toBeUndefined();
    expect(urlWithCredentials('http://db:5432/app')).toBeUndefined();
  });
});
