import { createHash } from 'node:crypto';
import { cacheDirectory, KeyedCacheEntries } from '../core/cache-files.ts';
import type { OpenApiDocumentRef, OpenApiV3Document } from '../validate/index.ts';
import { ClusterError, describeNetworkError, type ClusterConnection } from './connection.ts';
import { mapConcurrently } from '../core/concurrency.ts';

interface OpenApiV3Index {
  paths?: Record<string, { serverRelativeURL?: unknown }>;
}

/** `api/v1` and `apis/<group>/<version>`: the paths of the index that hold a group-version's schemas. */
const groupVersionPath = /^(api\/v1|apis\/[^/]+\/[^/]+)$/;
/** Every group-version of the clusters in use, with room to spare. */
const maxEntries = 2000;
/** Bump when the stored data changes shape. */
const cacheFormat = 2;

/**
 * The OpenAPI v3 document of every group-version the server serves (built-in APIs, CRDs and
 * aggregated APIs alike), keyed by its path (`apis/apps/v1`). The index at /openapi/v3 names each
 * document by a URL with the hash of its content, so a document once read never changes: it is
 * kept in the toolkit's cache directory (authenticated entries, core/cache-files.ts) under the
 * server, the path and that hash, and read again only when the server's hash changes. Only the
 * documents go there, never a request's credentials.
 */
export async function fetchOpenApiDocuments(connection: ClusterConnection, wanted: readonly OpenApiDocumentRef[], concurrency: number): Promise<Map<string, OpenApiV3Document>> {
  const cache = new KeyedCacheEntries(cacheDirectory('openapi'), maxEntries, isDocument);
  const documents = new Map<string, OpenApiV3Document>();
  await mapConcurrently(wanted, concurrency, async ({ name, url }) => {
    const key = createHash('sha256').update(JSON.stringify({ cacheFormat, server: connection.server, url })).digest('hex');
    const cached = cache.get(key);
    if (cached !== undefined) {
      documents.set(name, cached);
      return;
    }
    const response = await get(connection, url);
    // A group-version that went away between the index and this request has nothing to validate.
    if (response.status === 404) return;
    if (response.status !== 200) throw new ClusterError(`--cluster ${connection.context}: GET ${url.split('?')[0]} answered HTTP ${response.status}`);
    const document = parse<OpenApiV3Document>(response.body, connection, url);
    documents.set(name, document);
    cache.set(key, document);
  });
  return documents;
}

/** The group-version documents the server's /openapi/v3 index lists, by path. */
export async function openApiIndex(connection: ClusterConnection): Promise<OpenApiDocumentRef[]> {
  const index = await getJson<OpenApiV3Index>(connection, '/openapi/v3');
  return Object.entries(index.paths ?? {})
    .filter(([name, entry]) => groupVersionPath.test(name) && typeof entry.serverRelativeURL === 'string')
    .map(([name, entry]) => ({ name, url: entry.serverRelativeURL as string }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

function isDocument(value: unknown): value is OpenApiV3Document {
  return value !== null && typeof value === 'object';
}

async function getJson<T>(connection: ClusterConnection, url: string): Promise<T> {
  const response = await get(connection, url);
  if (response.status !== 200) throw new ClusterError(`--cluster ${connection.context}: GET ${url} answered HTTP ${response.status}${response.status === 403 ? ' (this identity may not read the server\'s OpenAPI documents)' : ''}`);
  return parse<T>(response.body, connection, url);
}

async function get(connection: ClusterConnection, url: string): Promise<{ status: number; body: string }> {
  try {
    return await connection.send('GET', url);
  } catch (error) {
    if (error instanceof ClusterError) throw error;
    throw new ClusterError(`--cluster ${connection.context}: GET ${url.split('?')[0]} failed: ${describeNetworkError(error)}`);
  }
}

function parse<T>(body: string, connection: ClusterConnection, url: string): T {
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new ClusterError(`--cluster ${connection.context}: GET ${url.split('?')[0]} did not answer JSON`);
  }
}
