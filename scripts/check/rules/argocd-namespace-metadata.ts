import type { ClusterView, ModelApplication } from '../../argocd/index.ts';
import type { ScopeIndex } from '../scope.ts';
import type { Rule } from '../types.ts';
import { asRecord, stringMap } from '../values.ts';
import { isApplication } from './argocd-annotations.ts';

type MessageId = 'managedTwice' | 'namespaceContradicts';

interface Managed {
  application: ModelApplication;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
}

/** The Applications of the cluster that set managedNamespaceMetadata, by destination namespace (in model order). */
function managedByNamespace(view: ClusterView): Map<string, Managed[]> {
  const byNamespace = new Map<string, Managed[]>();
  for (const application of [...view.model.root, ...view.model.applications]) {
    const syncPolicy = asRecord(asRecord(application.object['spec'])?.['syncPolicy']);
    const managed = asRecord(syncPolicy?.['managedNamespaceMetadata']);
    const namespace = application.destination.namespace;
    if (managed === undefined || namespace === undefined || namespace === '') continue;
    const entry = { application, labels: stringMap(managed['labels']) ?? {}, annotations: stringMap(managed['annotations']) ?? {} };
    const list = byNamespace.get(namespace);
    if (list === undefined) byNamespace.set(namespace, [entry]);
    else list.push(entry);
  }
  return byNamespace;
}

/** managedByNamespace of the scope's cluster, built once per scope. */
function managedOfScope(index: ScopeIndex): Map<string, Managed[]> {
  return index.argocd === undefined ? new Map<string, Managed[]>() : managedByNamespace(index.argocd);
}

function missing(wanted: Readonly<Record<string, string>>, actual: Readonly<Record<string, string>> | undefined): string[] {
  return Object.entries(wanted)
    .filter(([key, value]) => actual?.[key] !== value)
    .map(([key, value]) => `${key}=${value}`);
}

export const argocdNamespaceMetadata: Rule<Record<string, never>, MessageId> = {
  meta: {
    id: 'argocd-namespace-metadata',
    kinds: [{ kind: 'Application', group: 'argoproj.io' }, { kind: 'Namespace', apiVersion: 'v1' }],
    crossObject: true,
    description: 'One Application per namespace sets `managedNamespaceMetadata`, and no Namespace object contradicts it.',
    docs: {
      why: "`managedNamespaceMetadata` (with `CreateNamespace=true`) makes Argo CD write labels and annotations on the destination namespace, such as the Pod Security labels. Under server-side apply Argo CD writes them as one field manager for every Application: when two Applications of one namespace set it, the one that syncs last decides, and a label only one of them lists comes and goes. A Namespace object of the same name deployed by an Application is a second source of truth: applied by the same field manager without those labels, it removes them, and the namespace loses its Pod Security enforcement without any change to the Application that set them. The rule reads the model of each cluster.",
    },
    messages: {
      managedTwice: 'Application {{application}} sets managedNamespaceMetadata for namespace {{namespace}}, as {{other}} already does: the last to sync wins. Set it on one Application.',
      namespaceContradicts:
        'Namespace {{namespace}} is deployed by Application {{deployer}} without {{missing}}, which {{application}} sets through managedNamespaceMetadata: under server-side apply the Namespace object removes them. Drop the Namespace object, or give it the same labels and annotations.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    const view = context.index.argocd;
    if (view === undefined) return;
    const managed = context.index.derive(managedOfScope);
    const { object } = context;
    if (isApplication(object)) {
      const application = view.applicationOf(object);
      const namespace = application?.destination.namespace;
      if (application === undefined || namespace === undefined) return;
      const list = managed.get(namespace) ?? [];
      const index = list.findIndex((entry) => entry.application === application);
      if (index > 0) {
        context.report({ at: '/spec/syncPolicy/managedNamespaceMetadata', messageId: 'managedTwice', data: { application: application.name, namespace, other: list[0]!.application.name } });
      }
      return;
    }
    const name = object.metadata.name ?? '';
    for (const deployment of view.deploymentsOf(object)) {
      for (const entry of managed.get(name) ?? []) {
        const absent = [...missing(entry.labels, object.metadata.labels), ...missing(entry.annotations, object.metadata.annotations)];
        if (absent.length === 0) continue;
        const at = object.metadata.labels === undefined ? '/metadata' : '/metadata/labels';
        context.report({ at, messageId: 'namespaceContradicts', data: { namespace: name, deployer: deployment.application.name, missing: absent.join(', '), application: entry.application.name } });
      }
    }
  },
};
