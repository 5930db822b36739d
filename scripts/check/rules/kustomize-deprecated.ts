import { joinPointer } from '../../core/pointer.ts';
import type { Rule } from '../types.ts';

/** Deprecated kustomization fields and what replaces them (kustomize 5). */
const replacements: readonly [field: string, replacement: string][] = [
  ['bases', '`resources`'],
  ['patchesStrategicMerge', '`patches`'],
  ['patchesJson6902', '`patches` (with a target)'],
  ['commonLabels', '`labels` (with `includeSelectors: true` only where selectors must change)'],
  ['vars', '`replacements`'],
  ['imageTags', '`images`'],
];

type MessageId = 'deprecatedField';

export const kustomizeDeprecated: Rule<Record<string, never>, MessageId> = {
  meta: {
    id: 'kustomize-deprecated',
    kinds: [
      { group: 'kustomize.config.k8s.io', kind: 'Kustomization' },
      { group: 'kustomize.config.k8s.io', kind: 'Component' },
    ],
    description: 'Kustomization files use no deprecated fields.',
    docs: {
      why: 'Deprecated fields still build today and are removed in a later kustomize; Argo CD upgrades its bundled kustomize on its own schedule, and the day it drops them every Application using them fails to render at once. `commonLabels` also rewrites selectors, which makes the label set of a Deployment immutable in practice. `kustomize edit fix` migrates most of them.',
    },
    messages: {
      deprecatedField: '`{{field}}` is deprecated; use {{replacement}}.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    for (const [field, replacement] of replacements) {
      if (context.object[field] === undefined) continue;
      context.report({ at: joinPointer('', field), messageId: 'deprecatedField', data: { field, replacement } });
    }
  },
};
