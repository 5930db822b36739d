import { dns1123Label, shown } from './names.ts';
import { quantityValue } from './quantity.ts';
import { asArray, asObject, asString, isObject, stringAt, type Findings, type Json } from './finding.ts';

/** Volume names (RFC 1123 labels, unique) and at most one source each; returns the names. */
export function validateVolumes(out: Findings, volumes: unknown[] | undefined, pointer: string): Set<string> {
  const names = new Set<string>();
  volumes?.forEach((volume, index) => {
    if (!isObject(volume)) return;
    const at = `${pointer}/${index}`;
    const name = asString(volume.name);
    if (name !== undefined && name !== '') {
      const problem = dns1123Label(name);
      if (problem !== undefined) out.push({ pointer: `${at}/name`, message: `volume name "${shown(name)}" ${problem}` });
      else if (names.has(name)) out.push({ pointer: `${at}/name`, message: `volume name "${name}" is used twice in this pod` });
      names.add(name);
    }
    // Every field but the name is a source; with none, the server defaults to an emptyDir.
    let sources = 0;
    for (const field in volume) if (field !== 'name' && volume[field] !== null && volume[field] !== undefined) sources++;
    if (sources > 1) out.push({ pointer: at, message: `a volume has exactly one source (configMap, secret, emptyDir, …); "${shown(name ?? '')}" has ${sources}` });
    for (const source of ['configMap', 'secret', 'downwardAPI', 'projected']) {
      const value = asObject(volume[source]);
      if (value !== undefined) validateFileMode(out, value.defaultMode, `${at}/${source}/defaultMode`);
    }
    for (const source of ['configMap', 'secret']) {
      asArray(asObject(volume[source])?.items)?.forEach((item, itemIndex) => {
        if (isObject(item)) validateKeyToPath(out, item, `${at}/${source}/items/${itemIndex}`);
      });
    }
    const sizeLimit = quantityValue(asObject(volume.emptyDir)?.sizeLimit);
    if (sizeLimit !== undefined && sizeLimit < 0) out.push({ pointer: `${at}/emptyDir/sizeLimit`, message: 'an emptyDir sizeLimit must not be negative' });
    requireNamed(out, asObject(volume.configMap), 'name', `${at}/configMap`, 'a configMap volume names its ConfigMap');
    requireNamed(out, asObject(volume.secret), 'secretName', `${at}/secret`, 'a secret volume names its Secret (secretName)');
    requireNamed(out, asObject(volume.persistentVolumeClaim), 'claimName', `${at}/persistentVolumeClaim`, 'a persistentVolumeClaim volume names its claim (claimName)');
  });
  return names;
}

/** A projected file: a key, a relative path that stays inside the volume, a mode that is one. */
function validateKeyToPath(out: Findings, item: Json, pointer: string): void {
  if ((asString(item.key) ?? '') === '') out.push({ pointer: `${pointer}/key`, message: 'a volume item needs the key it projects' });
  const path = asString(item.path) ?? '';
  const problem = path === '' ? 'a volume item needs a path' : localPathProblem(path) ?? (path.startsWith('..') ? `path ${shown(path)} must not start with '..'` : undefined);
  if (problem !== undefined) out.push({ pointer: `${pointer}/path`, message: problem });
  validateFileMode(out, item.mode, `${pointer}/mode`);
}

/** A path inside a volume: relative, and never climbing out with '..'. */
export function localPathProblem(path: string): string | undefined {
  if (path.startsWith('/')) return `path ${shown(path)} must be relative to the volume`;
  if (path.split('/').includes('..')) return `path ${shown(path)} must not contain '..'`;
  return undefined;
}

function validateFileMode(out: Findings, mode: unknown, pointer: string): void {
  if (typeof mode === 'number' && (mode < 0 || mode > 0o777)) {
    out.push({ pointer, message: `file mode ${mode} is not one: it must be between 0 and 0777 (octal), 511 in decimal` });
  }
}

function requireNamed(out: Findings, source: Json | undefined, field: string, pointer: string, message: string): void {
  if (source !== undefined && (stringAt(source, field) ?? '') === '') out.push({ pointer: `${pointer}/${field}`, message });
}
