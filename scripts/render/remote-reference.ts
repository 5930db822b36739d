/**
 * What `render.allowRemoteBases` permits: nothing (`false`) or the listed hosts only (the
 * configuration schema accepts no other value).
 */
export type RemoteBasePolicy = false | readonly string[];

export interface RemoteReference {
  /** Lower-case host the reference would reach, when one can be told; `file://` has none. */
  host: string | undefined;
}

/**
 * Whether kustomize could fetch `reference` rather than read a local path, judged wider than
 * kustomize 5.5 itself does (api/internal/git/repospec.go, api/internal/loader/fileloader.go):
 * it clones anything with an ssh, https, http or file scheme in any case (after an optional
 * `git::`), scp-style `user@host:path`, and `github.com/` or `github.com:` forms, before it
 * tries a local directory; it downloads any file named by an http(s) URL (Go's url.Parse,
 * scheme in any case). Here any scheme-like prefix (`s3::`, `gh:`, `c:`), any `@`, `?`, `//`
 * or `_git/`, and other forges' host names count as remote too.
 */
export function remoteReference(reference: string): RemoteReference | undefined {
  const remote =
    /^[a-z][a-z0-9+.-]*:/i.test(reference) ||
    /[@?]|\/\/|_git\//.test(reference) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)[/:]/i.test(reference);
  return remote ? { host: hostOf(reference) } : undefined;
}

function hostOf(reference: string): string | undefined {
  const spec = reference.replace(/^git::/i, '');
  const url = /^(https?|ssh):\/\/([^/?#]*)/i.exec(spec);
  if (url) {
    const authority = (url[2] ?? '').replace(/^[^@]*@/, '');
    const host = authority.startsWith('[') ? authority.replace(/\].*$/, ']') : authority.replace(/:[0-9]*$/, '');
    return host === '' ? undefined : host.toLowerCase();
  }
  const scp = /^[a-z][a-z0-9-]*@([a-z0-9.-]+)[:/]/i.exec(spec);
  if (scp) return scp[1]?.toLowerCase();
  const forge = /^(github\.com|gitlab\.com|bitbucket\.org)[/:]/i.exec(spec);
  return forge?.[1]?.toLowerCase();
}

/** A reference as messages show it: a password in a URL's user part is never printed. */
export function displayReference(reference: string): string {
  return reference.replace(/^([^/]*\/\/[^/@:?#]*):[^/@?#]*@/, '$1:***@');
}

/** Why a remote reference is refused under `policy`, or undefined when it is allowed. */
export function remoteRefusal(given: string, remote: RemoteReference, policy: RemoteBasePolicy): string | undefined {
  const reference = displayReference(given);
  const fetched = 'it is fetched at build time and can change under you';
  if (remote.host === undefined) {
    return `"${reference}" is a remote reference with no host this validator can check (file://, go-getter or scp forms read or fetch outside the repository): vendor it into the repository`;
  }
  if (policy !== false && policy.some((host) => host.toLowerCase() === remote.host)) return undefined;
  const setting =
    policy === false
      ? 'or list its host in render.allowRemoteBases in validate.config.yaml and pin it to a commit or tag'
      : `or add "${remote.host}" to render.allowRemoteBases (now: ${policy.join(', ') || 'none'})`;
  return `remote base "${reference}" (host ${remote.host}) is not allowed: ${fetched}; vendor it, ${setting}`;
}
