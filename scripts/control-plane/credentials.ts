import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ControlPlaneFailure } from './failure.ts';

const run = promisify(execFile);

/** The identities of the static token file: one that may do anything, one that may only read. */
export const identities = {
  admin: { user: 'control-plane-admin', groups: ['system:masters'] },
  viewer: { user: 'control-plane-viewer', groups: ['control-plane:viewers'] },
} as const;

export type IdentityName = keyof typeof identities;

export interface Credentials {
  readonly caCertificate: string;
  readonly servingCertificate: string;
  readonly servingKey: string;
  readonly serviceAccountPublicKey: string;
  readonly serviceAccountPrivateKey: string;
  readonly tokenFile: string;
  readonly tokens: Readonly<Record<IdentityName, string>>;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') {
      throw new ControlPlaneFailure(
        'openssl is not installed: the control plane generates its certificates with it. Install it (Debian/Ubuntu: apt-get install openssl) and run the command again.',
        2,
      );
    }
    throw new ControlPlaneFailure(`openssl ${args[0]} failed: ${failure.stderr?.trim() || failure.message}`);
  }
}

/**
 * Writes into dir everything kube-apiserver needs to serve TLS and authenticate: a CA and a
 * serving certificate for 127.0.0.1 and localhost, made with the openssl command (Node's crypto
 * makes keys but not X.509 certificates); the service-account signing key pair (Node's crypto);
 * and a static token file with a token for each of the identities.
 */
export async function writeCredentials(dir: string): Promise<Credentials> {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  // A short life is enough: the data directory is thrown away when the control plane stops.
  const days = ['-days', '7'];
  await openssl(
    ['req', '-x509', ...ec, ...days, '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=control-plane-ca',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature'],
    dir,
  );
  await openssl(['req', '-new', ...ec, '-keyout', 'apiserver.key', '-out', 'apiserver.csr', '-subj', '/CN=kube-apiserver'], dir);
  await writeFile(
    join(dir, 'apiserver.ext'),
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc',
      '',
    ].join('\n'),
  );
  await openssl(
    ['x509', '-req', '-in', 'apiserver.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', `0x${randomBytes(8).toString('hex')}`,
      ...days, '-extfile', 'apiserver.ext', '-out', 'apiserver.crt'],
    dir,
  );

  const serviceAccountKeys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const serviceAccountPublicKey = join(dir, 'service-account.pub');
  const serviceAccountPrivateKey = join(dir, 'service-account.key');
  await writeFile(serviceAccountPublicKey, serviceAccountKeys.publicKey, { mode: 0o600 });
  await writeFile(serviceAccountPrivateKey, serviceAccountKeys.privateKey, { mode: 0o600 });

  const tokens = { admin: randomBytes(24).toString('hex'), viewer: randomBytes(24).toString('hex') };
  // kube-apiserver's token file: token,user,uid,"group1,group2" (one identity per line).
  const tokenLines = (Object.keys(identities) as IdentityName[]).map((name) => {
    const { user, groups } = identities[name];
    return `${tokens[name]},${user},${user},"${groups.join(',')}"`;
  });
  const tokenFile = join(dir, 'tokens.csv');
  await writeFile(tokenFile, `${tokenLines.join('\n')}\n`, { mode: 0o600 });

  return {
    caCertificate: join(dir, 'ca.crt'),
    servingCertificate: join(dir, 'apiserver.crt'),
    servingKey: join(dir, 'apiserver.key'),
    serviceAccountPublicKey,
    serviceAccountPrivateKey,
    tokenFile,
    tokens,
  };
}
