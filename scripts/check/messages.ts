/** Message templates: `{{name}}` placeholders, filled from a report's data. */

const placeholder = /\{\{\s*([\w-]+)\s*\}\}/g;

/**
 * Replaces `{{name}}` with `data.name`. A placeholder without data is a bug in the rule (a typo
 * such as `{{knd}}`): it throws rather than show users the raw template.
 */
export function fill(template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(placeholder, (_, key: string) => {
    if (!Object.hasOwn(data, key)) throw new Error(`message "${template}" has no data for placeholder {{${key}}}`);
    return String(data[key]);
  });
}

/** The placeholder names of a template, in order. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(placeholder)].map((match) => match[1] ?? '');
}
