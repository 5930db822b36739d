/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return --
   Manifests are edited and read field by field at any depth (KubeObject): deliberately untyped. */
import type { KubeObject } from './baselines.ts';
import type { Mutation, MutationClass } from './mutations.ts';

/** A mutation of one kind of baseline only. */
const only = (kind: string, klass: MutationClass, description: string, edit: (object: KubeObject) => void): Mutation => ({
  class: klass,
  description,
  apply: (object) => {
    if (object.kind !== kind) return false;
    edit(object);
    return true;
  },
});

/** The first (only) version of the CRD baseline and its schema's spec. */
const version = (crd: KubeObject): KubeObject => crd.spec.versions[0];
const specSchema = (crd: KubeObject): KubeObject => version(crd).schema.openAPIV3Schema.properties.spec;

/** What apiextensions validates in a CustomResourceDefinition (ValidateCustomResourceDefinition and its schema rules). */
function crdMutations(): Mutation[] {
  const out: Mutation[] = [];
  const crd = (klass: MutationClass, description: string, edit: (object: KubeObject) => void) => out.push(only('CustomResourceDefinition', klass, description, edit));
  for (const name of ['gadgets.fidelity.example.com', 'gadget.fidelity.example.com', 'gadgets.other.example.com', 'gadgets', 'Gadgets.fidelity.example.com']) {
    crd('crd', `name ${name}`, (o) => void (o.metadata.name = name));
  }
  for (const group of ['fidelity', 'Fidelity.example.com', 'fidelity_x.example.com', 'example.com', '']) {
    crd('crd', `group ${JSON.stringify(group)} (name unchanged)`, (o) => void (o.spec.group = group));
  }
  crd('crd', 'group and name changed together', (o) => {
    o.spec.group = 'gadgets.example.org';
    o.metadata.name = 'gadgets.gadgets.example.org';
  });
  for (const plural of ['Gadgets', 'gadget_s', 'gadgets.v1', '']) crd('crd', `plural ${JSON.stringify(plural)}`, (o) => void (o.spec.names.plural = plural));
  for (const kind of ['gadget', 'Gadget-X', 'Gadget1', '']) crd('crd', `kind ${JSON.stringify(kind)}`, (o) => void (o.spec.names.kind = kind));
  for (const listKind of ['Gadget', 'GadgetList', 'gadgetList']) crd('crd', `listKind ${listKind}`, (o) => void (o.spec.names.listKind = listKind));
  for (const singular of ['Gadget', 'gadget', 'gadgets']) crd('crd', `singular ${singular}`, (o) => void (o.spec.names.singular = singular));
  for (const shortNames of [['gd', 'gd'], ['GD'], ['g_d'], ['gadget']]) crd('crd', `shortNames ${JSON.stringify(shortNames)}`, (o) => void (o.spec.names.shortNames = shortNames));
  crd('crd', 'categories all', (o) => void (o.spec.names.categories = ['all']));
  for (const scope of ['Namespaced', 'Cluster', 'namespaced', 'Global', '']) crd('enum', `scope ${JSON.stringify(scope)}`, (o) => void (o.spec.scope = scope));
  crd('crd', 'no versions', (o) => void (o.spec.versions = []));
  crd('crd', 'no storage version', (o) => void (version(o).storage = false));
  crd('crd', 'two storage versions', (o) => void o.spec.versions.push({ ...structuredClone(version(o)), name: 'v2' }));
  crd('crd', 'second served version, v1 stored', (o) => void o.spec.versions.push({ ...structuredClone(version(o)), name: 'v2', storage: false }));
  crd('crd', 'duplicate version name', (o) => void o.spec.versions.push({ ...structuredClone(version(o)), storage: false }));
  crd('crd', 'stored version not served', (o) => void (version(o).served = false));
  for (const name of ['V1', 'v1.0', 'v1beta1', '1', 'v1_alpha']) crd('crd', `version name ${name}`, (o) => void (version(o).name = name));
  crd('crd', 'version without a schema', (o) => void delete version(o).schema);
  crd('crd', 'preserveUnknownFields true', (o) => void (o.spec.preserveUnknownFields = true));
  for (const type of ['strign', 'String', 'int', 'number', 'boolean']) crd('enum', `type: ${type}`, (o) => void (specSchema(o).properties.size.type = type));
  crd('crd', 'root schema without type object', (o) => void delete version(o).schema.openAPIV3Schema.type);
  crd('crd', 'property without a type', (o) => void (specSchema(o).properties.note = { description: 'untyped' }));
  crd('crd', 'additionalProperties with properties', (o) => void (specSchema(o).additionalProperties = { type: 'string' }));
  crd('crd', 'metadata schema with a field', (o) => void (version(o).schema.openAPIV3Schema.properties.metadata = { type: 'object', properties: { labels: { type: 'object' } } }));
  crd('crd', 'metadata schema constraining name', (o) => void (version(o).schema.openAPIV3Schema.properties.metadata = { type: 'object', properties: { name: { type: 'string', maxLength: 20 } } }));
  crd('crd', 'default not matching its type', (o) => void (specSchema(o).properties.count.default = 'one'));
  crd('crd', 'default below the minimum', (o) => void (specSchema(o).properties.count.default = -1));
  crd('crd', 'invalid pattern', (o) => void (specSchema(o).properties.size.pattern = '([a-z'));
  crd('crd', 'valid pattern', (o) => void (specSchema(o).properties.size.pattern = '^[0-9]+[A-Za-z]*$'));
  crd('crd', 'enum value of the wrong type', (o) => void (specSchema(o).properties.count.enum = [1, 'two']));
  crd('crd', 'int-or-string with a type', (o) => void (specSchema(o).properties.size['x-kubernetes-int-or-string'] = true));
  crd('crd', 'int-or-string without a type', (o) => void (specSchema(o).properties.limit = { 'x-kubernetes-int-or-string': true }));
  crd('crd', 'list-map keys on a set', (o) => void (specSchema(o).properties.ports['x-kubernetes-list-type'] = 'set'));
  crd('crd', 'list-map without keys', (o) => void delete specSchema(o).properties.ports['x-kubernetes-list-map-keys']);
  crd('crd', 'list-map key not required and no default', (o) => void (specSchema(o).properties.ports.items.required = []));
  crd('enum', 'list-type Map', (o) => void (specSchema(o).properties.ports['x-kubernetes-list-type'] = 'Map'));
  crd('crd', 'unknown format', (o) => void (specSchema(o).properties.size.format = 'gadget-size'));
  crd('crd', 'known format', (o) => void (specSchema(o).properties.size.format = 'duration'));
  crd('crd', 'nullable', (o) => void (specSchema(o).properties.size.nullable = true));
  crd('crd', 'uniqueItems', (o) => void (specSchema(o).properties.ports.uniqueItems = true));
  crd('crd', '$ref', (o) => void (specSchema(o).properties.other = { $ref: '#/definitions/x' }));
  crd('crd', 'CEL rule that does not compile', (o) => void (specSchema(o)['x-kubernetes-validations'] = [{ rule: 'self.count <= ', message: 'x' }]));
  crd('crd', 'CEL rule on an unknown field', (o) => void (specSchema(o)['x-kubernetes-validations'] = [{ rule: 'self.colour == "red"' }]));
  crd('crd', 'CEL rule returning a string', (o) => void (specSchema(o)['x-kubernetes-validations'] = [{ rule: 'self.size' }]));
  crd('crd', 'CEL rule with messageExpression', (o) => void (specSchema(o)['x-kubernetes-validations'] = [{ rule: 'self.count <= 10', messageExpression: "'count ' + string(self.count)" }]));
  crd('crd', 'CEL rule with a bad fieldPath', (o) => void (specSchema(o)['x-kubernetes-validations'] = [{ rule: 'self.count <= 10', fieldPath: '.nothing' }]));
  crd('enum', 'CEL rule with reason Invalid', (o) => void (specSchema(o)['x-kubernetes-validations'] = [{ rule: 'self.count <= 10', reason: 'Invalid' }]));
  crd('crd', 'CEL rule too expensive (unbounded list)', (o) => {
    delete specSchema(o).properties.ports.maxItems;
    specSchema(o)['x-kubernetes-validations'] = [{ rule: 'self.ports.all(a, self.ports.all(b, self.ports.all(c, a.name != b.name || a == b)))' }];
  });
  crd('crd', 'oldSelf rule (transition rule)', (o) => void (specSchema(o).properties.size['x-kubernetes-validations'] = [{ rule: 'self == oldSelf', message: 'immutable' }]));
  crd('crd', 'conversion Webhook without a webhook', (o) => void (o.spec.conversion = { strategy: 'Webhook' }));
  crd('enum', 'conversion strategy none', (o) => void (o.spec.conversion = { strategy: 'none' }));
  crd('crd', 'conversion None', (o) => void (o.spec.conversion = { strategy: 'None' }));
  crd('crd', 'scale subresource with a bad path', (o) => void (version(o).subresources.scale = { specReplicasPath: 'spec.count', statusReplicasPath: '.status.count' }));
  crd('crd', 'scale subresource', (o) => void (version(o).subresources.scale = { specReplicasPath: '.spec.count', statusReplicasPath: '.status.count' }));
  for (const type of ['string', 'date', 'text', 'integer']) crd('enum', `printer column type ${type}`, (o) => void (version(o).additionalPrinterColumns[0].type = type));
  crd('crd', 'printer column with a bad jsonPath', (o) => void (version(o).additionalPrinterColumns[0].jsonPath = 'spec.size'));
  crd('crd', 'deprecated version with a warning', (o) => Object.assign(version(o), { deprecated: true, deprecationWarning: 'use v2' }));
  crd('crd', 'selectableFields', (o) => void (version(o).selectableFields = [{ jsonPath: '.spec.size' }]));
  crd('crd', 'selectableFields on a missing field', (o) => void (version(o).selectableFields = [{ jsonPath: '.spec.colour' }]));
  return out;
}

function applicationMutations(): Mutation[] {
  const out: Mutation[] = [];
  const app = (klass: MutationClass, description: string, edit: (spec: KubeObject) => void) => out.push(only('Application', klass, description, (o) => edit(o.spec)));
  app('schema', 'no destination', (spec) => void delete spec.destination);
  app('schema', 'no project', (spec) => void delete spec.project);
  app('schema', 'source without repoURL', (spec) => void delete spec.source.repoURL);
  app('schema', 'targetRevision a number', (spec) => void (spec.source.targetRevision = 1));
  app('schema', 'retry limit a string', (spec) => void (spec.syncPolicy.retry.limit = 'five'));
  app('schema', 'retry factor a string', (spec) => void (spec.syncPolicy.retry.backoff.factor = '2'));
  app('schema', 'syncOptions a string', (spec) => void (spec.syncPolicy.syncOptions = 'ServerSideApply=true'));
  app('schema', 'automated a boolean', (spec) => void (spec.syncPolicy.automated = true));
  app('schema', 'unknown source field', (spec) => void (spec.source.kustomise = {}));
  app('schema', 'destination an empty object', (spec) => void (spec.destination = {}));
  app('schema', 'sources list', (spec) => {
    spec.sources = [spec.source, { repoURL: 'https://charts.example.com', chart: 'web', targetRevision: '1.2.3', helm: { valueFiles: ['values.yaml'] } }];
    delete spec.source;
  });
  app('schema', 'sources entry without repoURL', (spec) => void (spec.sources = [{ path: 'x' }]));
  app('schema', 'kustomize namePrefix and images', (spec) => void (spec.source.kustomize = { namePrefix: 'dev-', images: ['nginx=nginx:1.27'], commonLabels: { env: 'dev' } }));
  app('schema', 'ignoreDifferences without kind', (spec) => void (spec.ignoreDifferences = [{ group: 'apps', jsonPointers: ['/spec/replicas'] }]));
  app('schema', 'ignoreDifferences', (spec) => void (spec.ignoreDifferences = [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }]));
  app('schema', 'revisionHistoryLimit a string', (spec) => void (spec.revisionHistoryLimit = '10'));
  app('schema', 'info entry without value', (spec) => void (spec.info = [{ name: 'owner' }]));
  app('schema', 'sourceHydrator without syncSource', (spec) => void (spec.sourceHydrator = { drySource: { repoURL: 'https://x', path: 'a', targetRevision: 'main' } }));
  for (const path of ['.', 'ab', 'a', './']) {
    app('schema', `sourceHydrator syncSource path ${JSON.stringify(path)}`, (spec) => void (spec.sourceHydrator = { drySource: { repoURL: 'https://x', path: 'a', targetRevision: 'main' }, syncSource: { targetBranch: 'env/dev', path } }));
  }
  out.push(only('Application', 'schema', 'operation without sync source repoURL', (o) => void (o.operation = { sync: { source: { path: 'x' } } })));
  out.push(only('Application', 'schema', 'status written by the author', (o) => void (o.status = { sync: { status: 'Synced' } })));
  return out;
}

function projectMutations(): Mutation[] {
  const out: Mutation[] = [];
  const project = (klass: MutationClass, description: string, edit: (spec: KubeObject) => void) => out.push(only('AppProject', klass, description, (o) => edit(o.spec)));
  project('schema', 'no spec', (spec) => void Object.keys(spec).forEach((key) => delete spec[key]));
  project('schema', 'whitelist entry without kind', (spec) => void (spec.clusterResourceWhitelist = [{ group: '' }]));
  project('schema', 'whitelist entry with a name', (spec) => void (spec.clusterResourceWhitelist = [{ group: '', kind: 'Namespace', name: 'product-dev' }]));
  project('schema', 'sourceRepos a string', (spec) => void (spec.sourceRepos = '*'));
  project('schema', 'destination port field', (spec) => void (spec.destinations[0].port = 443));
  project('schema', 'role without a name', (spec) => void (spec.roles = [{ policies: ['p, proj:dev:ci, applications, sync, dev/*, allow'] }]));
  project('schema', 'role with a JWT token iat a string', (spec) => void (spec.roles = [{ name: 'ci', jwtTokens: [{ iat: 'yesterday' }] }]));
  project('schema', 'role with groups', (spec) => void (spec.roles = [{ name: 'ci', groups: ['acme:ci'], policies: ['p, proj:dev:ci, applications, get, dev/*, allow'] }]));
  project('schema', 'sync window without schedule', (spec) => void (spec.syncWindows = [{ kind: 'deny', duration: '1h' }]));
  project('schema', 'sync window', (spec) => void (spec.syncWindows = [{ kind: 'deny', schedule: '0 22 * * *', duration: '8h', applications: ['*'] }]));
  project('schema', 'signatureKeys without keyID', (spec) => void (spec.signatureKeys = [{}]));
  project('schema', 'destinationServiceAccounts entry', (spec) => void (spec.destinationServiceAccounts = [{ server: 'https://kubernetes.default.svc', defaultServiceAccount: 'argocd-deployer' }]));
  project('schema', 'destinationServiceAccounts without server', (spec) => void (spec.destinationServiceAccounts = [{ defaultServiceAccount: 'argocd-deployer' }]));
  project('schema', 'orphanedResources warn', (spec) => void (spec.orphanedResources = { warn: true, ignore: [{ kind: 'ConfigMap', name: 'x' }] }));
  return out;
}

function externalSecretMutations(): Mutation[] {
  const out: Mutation[] = [];
  const es = (klass: MutationClass, description: string, edit: (spec: KubeObject) => void) => out.push(only('ExternalSecret', klass, description, (o) => edit(o.spec)));
  for (const kind of ['SecretStore', 'ClusterSecretStore', 'clustersecretstore', 'Vault']) es('enum', `secretStoreRef kind ${kind}`, (spec) => void (spec.secretStoreRef.kind = kind));
  for (const policy of ['Owner', 'Orphan', 'Merge', 'None', 'owner', 'Replace']) es('enum', `creationPolicy ${policy}`, (spec) => void (spec.target.creationPolicy = policy));
  for (const policy of ['Delete', 'Merge', 'Retain', 'retain']) es('enum', `deletionPolicy ${policy}`, (spec) => void (spec.target.deletionPolicy = policy));
  for (const policy of ['CreatedOnce', 'Periodic', 'OnChange', 'periodic']) es('enum', `refreshPolicy ${policy}`, (spec) => void (spec.refreshPolicy = policy));
  for (const strategy of ['Default', 'Unicode', 'unicode']) es('enum', `conversionStrategy ${strategy}`, (spec) => void (spec.data[0].remoteRef.conversionStrategy = strategy));
  for (const strategy of ['Auto', 'Base64', 'base64', 'Hex']) es('enum', `decodingStrategy ${strategy}`, (spec) => void (spec.data[0].remoteRef.decodingStrategy = strategy));
  for (const policy of ['None', 'Fetch', 'fetch']) es('enum', `metadataPolicy ${policy}`, (spec) => void (spec.data[0].remoteRef.metadataPolicy = policy));
  for (const key of ['password', 'db.password', 'db_password', 'db-password', 'db password', 'db/password', '']) es('spec-name', `secretKey ${JSON.stringify(key)}`, (spec) => void (spec.data[0].secretKey = key));
  for (const name of ['platform-secrets', 'Platform-Secrets', 'platform_secrets', 'platform.secrets', '-x']) es('spec-name', `secretStoreRef name ${name}`, (spec) => void (spec.secretStoreRef.name = name));
  for (const name of ['web-db', 'Web-DB', 'web_db', 'web.db']) es('spec-name', `target name ${name}`, (spec) => void (spec.target.name = name));
  es('schema', 'data entry without secretKey', (spec) => void delete spec.data[0].secretKey);
  es('schema', 'remoteRef without key', (spec) => void delete spec.data[0].remoteRef.key);
  es('schema', 'refreshInterval a number', (spec) => void (spec.refreshInterval = 3600));
  es('schema', 'dataFrom extract', (spec) => void (spec.dataFrom = [{ extract: { key: 'llm-product/postgres' } }]));
  es('schema', 'dataFrom extract without key', (spec) => void (spec.dataFrom = [{ extract: {} }]));
  es('schema', 'dataFrom find by regexp', (spec) => void (spec.dataFrom = [{ find: { name: { regexp: '^db-' } } }]));
  es('schema', 'template with engineVersion v2', (spec) => void (spec.target.template = { engineVersion: 'v2', data: { url: 'postgres://app:{{ .password }}@db/app' } }));
  es('enum', 'template engineVersion v1', (spec) => void (spec.target.template = { engineVersion: 'v1' }));
  es('enum', 'template mergePolicy merge', (spec) => void (spec.target.template = { mergePolicy: 'merge' }));
  es('enum', 'generatorRef kind Password', (spec) => void (spec.dataFrom = [{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name: 'pw' } } }]));
  es('enum', 'generatorRef kind password', (spec) => void (spec.dataFrom = [{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'password', name: 'pw' } } }]));
  es('schema', 'unknown target field', (spec) => void (spec.target.immutable = true));
  return out;
}

function secretStoreMutations(): Mutation[] {
  const out: Mutation[] = [];
  const store = (klass: MutationClass, description: string, edit: (provider: KubeObject) => void) => out.push(only('SecretStore', klass, description, (o) => edit(o.spec.provider)));
  const bao = (klass: MutationClass, description: string, edit: (openBao: KubeObject) => void) => store(klass, `openBao: ${description}`, (provider) => edit(provider.openBao));
  bao('cel', 'auth with tokenSecretRef and userPass', (p) => void (p.auth.userPass = { path: 'userpass', username: 'eso', secretRef: { name: 'bao-pass', key: 'password' } }));
  bao('cel', 'auth with no method', (p) => void (p.auth = {}));
  bao('cel', 'auth with userPass only', (p) => void (p.auth = { userPass: { path: 'userpass', username: 'eso', secretRef: { name: 'bao-pass', key: 'password' } } }));
  bao('cel', 'appRole with roleId', (p) => void (p.auth = { appRole: { path: 'approle', roleId: 'r', secretRef: { name: 's', key: 'k' } } }));
  bao('cel', 'appRole with roleId and roleRef', (p) => void (p.auth = { appRole: { path: 'approle', roleId: 'r', roleRef: { name: 'r', key: 'k' }, secretRef: { name: 's', key: 'k' } } }));
  bao('cel', 'appRole with neither roleId nor roleRef', (p) => void (p.auth = { appRole: { path: 'approle', secretRef: { name: 's', key: 'k' } } }));
  bao('cel', 'caBundle and caProvider', (p) => Object.assign(p, { caBundle: 'Y2E=', caProvider: { type: 'Secret', name: 'ca', key: 'ca.crt' } }));
  bao('cel', 'caProvider only', (p) => void (p.caProvider = { type: 'ConfigMap', name: 'ca', key: 'ca.crt' }));
  for (const type of ['Secret', 'secret', 'File']) bao('enum', `caProvider type ${type}`, (p) => void (p.caProvider = { type, name: 'ca' }));
  for (const v of ['v1', 'v2', 'v3', 'V2']) bao('enum', `version ${v}`, (p) => void (p.version = v));
  bao('schema', 'no server', (p) => void delete p.server);
  bao('schema', 'server a number', (p) => void (p.server = 8200));
  store('cel', 'secretserver with a token', (provider) => void (provider.secretserver = { serverURL: 'https://ss.example.com', token: { value: 't' } }));
  store('cel', 'secretserver with neither token nor username and password', (provider) => void (provider.secretserver = { serverURL: 'https://ss.example.com' }));
  store('cel', 'secretserver token with value and secretRef', (provider) => void (provider.secretserver = { serverURL: 'https://ss.example.com', token: { value: 't', secretRef: { name: 's', key: 'k' } } }));
  store('cel', 'secretserver token with neither value nor secretRef', (provider) => void (provider.secretserver = { serverURL: 'https://ss.example.com', token: {} }));
  store('cel', 'secretserver username and password', (provider) =>
    void (provider.secretserver = { serverURL: 'https://ss.example.com', username: { value: 'u' }, password: { secretRef: { name: 's', key: 'k' } } }));
  store('cel', 'secretserver username without password', (provider) => void (provider.secretserver = { serverURL: 'https://ss.example.com', username: { value: 'u' } }));
  store('cel', 'pulumi with auth and accessToken', (provider) =>
    void (provider.pulumi = { organization: 'acme', project: 'p', environment: 'e', accessToken: { secretRef: { name: 's', key: 'k' } }, auth: { accessToken: { secretRef: { name: 's', key: 'k' } } } }));
  store('cel', 'pulumi with accessToken only', (provider) => void (provider.pulumi = { organization: 'acme', project: 'p', environment: 'e', accessToken: { secretRef: { name: 's', key: 'k' } } }));
  store('cel', 'aws customSessionTags with esoNamespace', (provider) =>
    void (provider.aws = { service: 'SecretsManager', region: 'eu-west-1', sessionTags: [], customSessionTags: { esoNamespace: 'x' } }));
  store('cel', 'aws customSessionTags of the author', (provider) => void (provider.aws = { service: 'SecretsManager', region: 'eu-west-1', customSessionTags: { team: 'web' } }));
  store('cel', 'crd provider without auth or authRef', (provider) => void (provider.crd = { apiVersion: 'v1', kind: 'ConfigMap' }));
  store('schema', 'two providers', (provider) => void (provider.fake = { data: [{ key: 'k', value: 'v' }] }));
  out.push(only('SecretStore', 'schema', 'no provider', (o) => void delete o.spec.provider));
  out.push(only('SecretStore', 'schema', 'refreshInterval a string', (o) => void (o.spec.refreshInterval = '1h')));
  return out;
}

/** The test CRD (test/fixtures/fidelity/widgets-crd.yaml): its CEL rules, formats and schema keywords. */
function widgetMutations(): Mutation[] {
  const out: Mutation[] = [];
  const widget = (klass: MutationClass, description: string, edit: (spec: KubeObject) => void) => out.push(only('Widget', klass, description, (o) => edit(o.spec)));
  for (const [min, max] of [[0, 5], [5, 5], [6, 5], [3, 0], [0, 0]] as const) {
    widget('cel', `minReplicas ${min} maxReplicas ${max}`, (spec) => Object.assign(spec, { minReplicas: min, maxReplicas: max }));
  }
  widget('cel', 'minReplicas defaulted above maxReplicas', (spec) => {
    delete spec.minReplicas;
    spec.maxReplicas = 0;
  });
  widget('cel', 'both replica counts defaulted', (spec) => {
    delete spec.minReplicas;
    delete spec.maxReplicas;
  });
  widget('cel', 'suspended without a reason', (spec) => void (spec.suspended = true));
  widget('cel', 'suspended with a reason', (spec) => Object.assign(spec, { suspended: true, reason: 'maintenance' }));
  widget('cel', 'not suspended', (spec) => void (spec.suspended = false));
  for (const max of [2, 3]) widget('cel', `mode Burst with maxReplicas ${max}`, (spec) => Object.assign(spec, { mode: 'Burst', maxReplicas: max, minReplicas: 1 }));
  for (const endpoint of ['https://widgets.example.com/api', 'http://widgets.example.com', 'widgets.example.com', 'https://', 'https://[::1]:8443/x', 'ftp://files.example.com/', '/relative/path', 'https://a b.example.com']) {
    widget('cel', `endpoint ${JSON.stringify(endpoint)}`, (spec) => void (spec.endpoint = endpoint));
  }
  for (const size of ['1Gi', '10Gi', '11Gi', '0', '-1Gi', '500m', '1e3', '1GB', 'big', '0.5Gi', '10240Mi', '10241Mi']) widget('cel', `size ${size}`, (spec) => void (spec.size = size));
  for (const owner of ['team-a', 'Team-A', 'team_a', '-team', 'a', 'team-']) widget('cel', `owner ${owner}`, (spec) => void (spec.owner = owner));
  widget('cel', 'id set (transition rule, not evaluated on create)', (spec) => void (spec.id = '7d0d0f9a-1c2b-4b5e-9d5e-5f6a7b8c9d0e'));
  for (const tags of [['web', 'db'], ['Web'], ['kubernetes.io-x'], ['web', 'web'], [], ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']]) {
    widget('cel', `tags ${JSON.stringify(tags)}`, (spec) => void (spec.tags = tags));
  }
  widget('cel', 'two ports with one number', (spec) => void spec.ports.push({ name: 'alt', port: 8080 }));
  widget('cel', 'two ports', (spec) => void spec.ports.push({ name: 'metrics', port: 9090 }));
  widget('schema', 'two ports with one name', (spec) => void spec.ports.push({ name: 'http', port: 9090 }));
  widget('schema', 'port without a name', (spec) => void spec.ports.push({ port: 9090 }));
  for (const port of [0, 65536]) widget('range', `port ${port}`, (spec) => void (spec.ports[0].port = port));
  for (const [key, count] of [['short', 2], ['a-very-long-label-key-indeed', 1], ['k', 5]] as const) {
    widget('cel', `labels ${key} x${count}`, (spec) => void (spec.labels = Object.fromEntries(Array.from({ length: count }, (_, i) => [`${key}${i}`, 'v']))));
  }
  for (const mode of ['Fast', 'fast', 'Turbo', '']) widget('enum', `mode ${JSON.stringify(mode)}`, (spec) => void (spec.mode = mode));
  for (const value of [-1, 101]) widget('range', `replicas bound ${value}`, (spec) => void (value < 0 ? (spec.minReplicas = value) : (spec.maxReplicas = value)));
  for (const code of ['ABC-123', 'abc-123', 'ABC123', 'ABCD-1234']) widget('range', `code ${code}`, (spec) => void (spec.code = code));
  widget('schema', 'no size', (spec) => void delete spec.size);
  widget('schema', 'size a number', (spec) => void (spec.size = 1));
  widget('schema', 'reason of 129 characters', (spec) => void (spec.reason = 'r'.repeat(129)));
  const formats: Array<[string, string[]]> = [
    ['timeout', ['30s', '1h30m', '1.5h', '-5m', '30', 'forever', '1d', '300ms', '2µs']],
    ['endpoint', ['https://example.com', 'not a uri', 'mailto:ops@example.com', '://x']],
    ['host', ['widgets.example.com', 'Widgets.Example.com', 'widgets_x.example.com', '-widgets.example.com', 'localhost', `${'a'.repeat(64)}.example.com`]],
    ['network', ['10.0.0.0/8', '10.0.0.1/8', '10.0.0.0/33', '10.0.0.0', 'fd00::/8', 'not-a-cidr']],
    ['address', ['10.0.0.1', '10.0.0.256', '010.0.0.1', 'fd00::1', '10.0.0']],
    ['contact', ['ops@example.com', 'ops', 'ops@', 'Ops Team <ops@example.com>']],
    ['uid', ['7d0d0f9a-1c2b-4b5e-9d5e-5f6a7b8c9d0e', '7D0D0F9A-1C2B-4B5E-9D5E-5F6A7B8C9D0E', '7d0d0f9a1c2b4b5e9d5e5f6a7b8c9d0e', 'not-a-uuid']],
    ['since', ['2026-12-03T10:00:00Z', '2026-12-03T10:00:00+01:00', '2026-12-03 10:00:00', '2026-12-03', '2026-13-03T10:00:00Z']],
    ['day', ['2026-12-03', '2026-02-30', '03.12.2026', '2026-12-03T10:00:00Z']],
    ['blob', ['aGVsbG8=', 'aGVsbG8', 'not base64!', '']],
  ];
  for (const [field, values] of formats) {
    for (const value of values) widget('format', `${field} ${JSON.stringify(value.slice(0, 30))}`, (spec) => void (spec[field] = value));
  }
  return out;
}

export function customMutations(): Mutation[] {
  return [...crdMutations(), ...applicationMutations(), ...projectMutations(), ...externalSecretMutations(), ...secretStoreMutations(), ...widgetMutations()];
}
