/** The load stage: YAML/JSON text to deep-frozen Kubernetes objects that know where they came from. */
export { SourceFile, type ParserKind, type SourcePosition, type YamlProblem } from './source-file.ts';
export { readSourceFile } from './read-source.ts';
export { screenText } from './screen-text.ts';
export { loadManifests, type LoadedEntry, type LoadProblem } from './load-manifests.ts';
export { isYaml11Boolean } from './scalar-resolution.ts';
