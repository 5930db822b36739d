/** The parts of a container image reference: `registry:5000/team/app:1.2@sha256:…`. */
export interface ImageReference {
  /** Everything before the tag and digest: `registry:5000/team/app`. */
  repository: string;
  /** After the last colon that follows the last slash; a registry port is not a tag. */
  tag: string | undefined;
  /** After the `@`: `sha256:…`. */
  digest: string | undefined;
}

export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf('@');
  const name = at < 0 ? image : image.slice(0, at);
  const digest = at < 0 ? undefined : image.slice(at + 1);
  const colon = name.indexOf(':', name.lastIndexOf('/') + 1);
  return colon < 0 ? { repository: name, tag: undefined, digest } : { repository: name.slice(0, colon), tag: name.slice(colon + 1), digest };
}
