import type { Manifest } from '../../core/manifest.ts';
import type { ScopeIndex } from '../scope.ts';
import type { Rule } from '../types.ts';
import { asRecord, objectItems, stringMap } from '../values.ts';
import { annotatedKinds, annotationOf, annotationPointer, atoi, isApplication, syncWaveAnnotation, waveOf } from './argocd-annotations.ts';

interface Options {
  /** Components in the order their Applications must sync: each in a later wave than those before it. */
  order: string[];
  /** A label on the Application naming its component; without it, the last segment of its source path. */
  componentLabel: string;
}

type MessageId = 'notInteger' | 'orderBroken';

interface OrderedApplication {
  manifest: Manifest;
  name: string;
  component: string;
  position: number;
  wave: number;
  /** Whether the wave is written as an integer (a wave Argo CD cannot read is reported as such, not again). */
  readable: boolean;
}

/** The component of an Application: its label when it carries one, else its (first) source path's last segment. */
function componentOf(manifest: Manifest, label: string): string | undefined {
  const { object } = manifest;
  const labelled = stringMap(object.metadata.labels)?.[label];
  if (labelled !== undefined && labelled !== '') return labelled;
  const spec = asRecord(object.spec);
  const sources = [asRecord(spec?.source), ...objectItems<Record<string, unknown>>(spec?.sources).map(([source]) => asRecord(source))];
  for (const source of sources) {
    const path = source?.path;
    if (typeof path !== 'string') continue;
    const segment = path.replace(/\/+$/, '').split('/').at(-1);
    if (segment !== undefined && segment !== '' && segment !== '.') return segment;
  }
  return undefined;
}

/**
 * The Applications of the scope by the target that renders them: waves order the objects of
 * one sync, so only Applications created by the same parent (app-of-apps) sync in order.
 */
function applicationsByParent(index: ScopeIndex): Map<string, Manifest[]> {
  const byParent = new Map<string, Manifest[]>();
  for (const manifest of index.byKind('Application').all) {
    if (!isApplication(manifest.object)) continue;
    const siblings = byParent.get(manifest.target);
    if (siblings === undefined) byParent.set(manifest.target, [manifest]);
    else siblings.push(manifest);
  }
  return byParent;
}

export const argocdSyncWaves: Rule<Options, MessageId> = {
  meta: {
    id: 'argocd-sync-waves',
    kinds: annotatedKinds,
    crossObject: true,
    description:
      'Sync waves are integers, and the Applications of one environment sync in the configured dependency order.',
    docs: {
      why: 'Argo CD reads `argocd.argoproj.io/sync-wave` with Go\'s `strconv.Atoi` (gitops-engine `syncwaves.Wave`): a sign and decimal digits, nothing else. `"1.5"`, `" 1"` or `"one"` is silently read as wave 0 (or as the `helm.sh/hook-weight`), so the object syncs with the first wave instead of after its dependencies, and nothing says so. Between Applications created by one parent (app-of-apps), the waves are the only dependency order: with the parent\'s Application health check (clusters/<env>/argocd-cm.yaml) it waits for each wave to be Healthy before the next. Each Application\'s component is the value of the label `componentLabel` when the Application carries it, else the last segment of its source path (`overlays/prod/db` is `db`); an Application whose component appears in `order` must be in a later wave than every sibling Application (same parent render target) of an earlier component. Same wave means no order: both sync at once. Waves act only while the parent syncs (bootstrap, a change to the Applications themselves); an ordinary change to one overlay syncs that Application alone, in no order with the others. Not checked here: whether a wave is held up by a resource whose health never settles (a CronJob, an Ingress without status) — that needs the objects of each Application.',
    },
    messages: {
      notInteger:
        'Sync wave "{{value}}" is not an integer; Argo CD (strconv.Atoi) silently syncs this {{kind}} in wave {{fallback}}. Write an integer such as "1" or "-1".',
      orderBroken:
        'Application {{name}} ({{component}}, wave {{wave}}) must sync after {{before}} ({{beforeComponent}}, wave {{beforeWave}}): give it a wave greater than {{beforeWave}} (order: {{order}}).',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        order: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          uniqueItems: true,
          description: 'Components in dependency order: each one\'s Applications sync in a later wave than those of the components before it.',
        },
        componentLabel: {
          type: 'string',
          minLength: 1,
          description: 'Label on an Application that names its component; without it, the last segment of its source path.',
        },
      },
    },
    defaultOptions: { order: ['namespace', 'db', 'llm', 'webapp'], componentLabel: 'app.kubernetes.io/component' },
  },
  check(context) {
    const { object, manifest, options } = context;
    const wave = annotationOf(object, syncWaveAnnotation);
    if (wave !== undefined && atoi(wave) === undefined) {
      context.report({
        at: annotationPointer(syncWaveAnnotation),
        messageId: 'notInteger',
        data: { value: wave, kind: object.kind, fallback: waveOf(object) },
      });
    }
    if (!isApplication(object)) return;
    const own = ordered(manifest, options);
    if (own === undefined || !own.readable) return;
    const siblings = context.index.derive(applicationsByParent).get(manifest.target) ?? [];
    let latest: OrderedApplication | undefined;
    for (const sibling of siblings) {
      if (sibling === manifest) continue;
      const other = ordered(sibling, options);
      if (other === undefined || !other.readable || other.position >= own.position || other.wave < own.wave) continue;
      if (latest === undefined || other.wave > latest.wave || (other.wave === latest.wave && other.name < latest.name)) latest = other;
    }
    if (latest === undefined) return;
    context.report({
      at: wave === undefined ? '/metadata/name' : annotationPointer(syncWaveAnnotation),
      messageId: 'orderBroken',
      data: {
        name: own.name,
        component: own.component,
        wave: own.wave,
        before: latest.name,
        beforeComponent: latest.component,
        beforeWave: latest.wave,
        order: options.order.join(' < '),
      },
    });
  },
};

function ordered(manifest: Manifest, options: Options): OrderedApplication | undefined {
  const component = componentOf(manifest, options.componentLabel);
  const position = component === undefined ? -1 : options.order.indexOf(component);
  if (component === undefined || position < 0) return undefined;
  const text = annotationOf(manifest.object, syncWaveAnnotation);
  return {
    manifest,
    name: manifest.object.metadata.name ?? '',
    component,
    position,
    wave: waveOf(manifest.object),
    readable: text === undefined || atoi(text) !== undefined,
  };
}
