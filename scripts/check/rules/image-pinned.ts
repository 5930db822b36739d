import { parseImageReference } from '../../core/image-reference.ts';
import { joinPointer } from '../../core/pointer.ts';
import { containersOf, podTemplates, podTemplateKinds } from '../pods.ts';
import type { Rule } from '../types.ts';

interface Options {
  requireDigest: boolean;
}

type MessageId = 'latestTag' | 'untagged' | 'digestRequired';

export const imagePinned: Rule<Options, MessageId> = {
  meta: {
    id: 'image-pinned',
    kinds: podTemplateKinds,
    description: 'Images carry a version tag (not `latest`), and a digest where `requireDigest` is set (production).',
    docs: {
      why: 'An untagged or `latest` image changes under the same manifest: two nodes run different code, a rollback rolls back nothing, and Git no longer says what runs. A tag can still be moved; a digest (`@sha256:…`) cannot, so production requires one (`requireDigest`, set per environment in the configuration). An image with a digest is pinned whatever its tag says.',
    },
    messages: {
      latestTag: 'Image "{{image}}" uses the latest tag; pin a version.',
      untagged: 'Image "{{image}}" has no tag (it means latest); pin a version.',
      digestRequired: 'Image "{{image}}" is not pinned by digest, which this environment requires.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { requireDigest: { type: 'boolean', description: 'Require `@sha256:` digests.' } },
    },
    defaultOptions: { requireDigest: false },
  },
  check(context) {
    for (const pod of podTemplates(context.object)) {
      for (const ref of containersOf(pod)) {
        const image = ref.container.image;
        if (typeof image !== 'string' || image === '') continue;
        const { tag, digest } = parseImageReference(image);
        const at = joinPointer(ref.pointer, 'image');
        if (digest !== undefined) continue;
        if (tag === undefined) context.report({ at, messageId: 'untagged', data: { image } });
        else if (tag === 'latest') context.report({ at, messageId: 'latestTag', data: { image } });
        else if (context.options.requireDigest) context.report({ at, messageId: 'digestRequired', data: { image } });
      }
    }
  },
};
