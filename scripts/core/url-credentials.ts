/**
 * Masks the credentials of every URL in a text: `postgres://app:s3cr:et@db:5432/x` becomes
 * `postgres://app:***@db:5432/x`. The userinfo runs to the last `@` of the authority (as Go's
 * url.Parse reads it), so a password holding `:` or `@` is masked whole. A lone user name is a
 * token on http(s) (`https://ghp_…@github.com`), masked too; elsewhere (`ssh://git@host`) it is a
 * login name and stays.
 */
export function redactUrlCredentials(text: string, keepPassword: (password: string) => boolean = () => false): string {
  if (!text.includes('://') || !text.includes('@')) return text;
  return text.replace(urlStart, (whole: string, scheme: string, authority: string) => {
    const at = authority.lastIndexOf('@');
    if (at < 0) return whole;
    const userinfo = authority.slice(0, at);
    const host = authority.slice(at);
    const colon = userinfo.indexOf(':');
    if (colon < 0) {
      return /^https?$/i.test(scheme) && userinfo !== '' && userinfo !== mask ? `${scheme}://${mask}${host}` : whole;
    }
    const password = userinfo.slice(colon + 1);
    if (password === '' || password === mask || keepPassword(password)) return whole;
    return `${scheme}://${userinfo.slice(0, colon)}:${mask}${host}`;
  });
}

const mask = '***';

/**
 * A scheme, then the authority: up to the path, query, fragment or a space. Quotes do not end it,
 * so a password holding one is still masked whole; a closing quote lands after the host.
 */
const urlStart = /\b([a-z][a-z0-9+.-]*):\/\/([^\s/?#]*)/gi;
