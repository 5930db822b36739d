/**
 * A CronJob schedule as the API server parses it (five fields: minute, hour, day of month, month,
 * day of week; or a descriptor such as @daily). Returns what is wrong, or undefined. What this
 * cannot judge (the duration of @every) it leaves to the server.
 */
const fields = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
] as const;

const descriptors = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

export function cronScheduleProblem(schedule: string): string | undefined {
  const parts = schedule.trim().split(/\s+/);
  if (parts[0]!.startsWith('@')) {
    // A duration has digits; which ones Go's duration parser takes is left to the server.
    if (parts[0] === '@every') return /\d/.test(parts.slice(1).join('')) ? undefined : `"@every" needs a duration such as 1h30m`;
    if (parts.length === 1 && descriptors.has(parts[0]!)) return undefined;
    return `"${parts[0]}" is not a schedule descriptor: use @yearly, @monthly, @weekly, @daily, @hourly or @every <duration>`;
  }
  if (parts.length !== 5) return `a schedule has 5 fields (minute hour day-of-month month day-of-week), this one has ${parts.length}`;
  for (let index = 0; index < 5; index++) {
    const problem = fieldProblem(parts[index]!, fields[index]!);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function fieldProblem(text: string, field: (typeof fields)[number]): string | undefined {
  for (const part of text.split(',')) {
    // The server's parser skips empty entries ("0," is "0").
    if (part === '') continue;
    const pieces = part.split('/');
    if (pieces.length > 2) return `${field.name} "${text}" has more than one '/'`;
    const [range, step] = pieces as [string, string | undefined];
    if (step !== undefined && !/^\d+$/.test(step)) return `${field.name} "${text}": a step after '/' is a whole number`;
    if (step !== undefined && Number(step) === 0) return `${field.name} "${text}": a step must be more than 0`;
    if (range === '*' || range === '?') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `${field.name} "${text}" is not a value or a range`;
    const values = bounds.map((bound) => value(bound, field));
    if (values.some((entry) => entry === undefined)) return `${field.name} "${text}" must be * or values from ${field.min} to ${field.max}${'names' in field ? ' (or their names)' : ''}`;
    if (values.length === 2 && values[0]! > values[1]!) return `${field.name} "${text}": a range must not end before it starts`;
  }
  return undefined;
}

function value(text: string, field: (typeof fields)[number]): number | undefined {
  if (/^\d+$/.test(text)) {
    const number = Number(text);
    return number >= field.min && number <= field.max ? number : undefined;
  }
  if (!('names' in field)) return undefined;
  const index = (field.names as readonly string[]).indexOf(text.toLowerCase());
  return index < 0 ? undefined : index + field.min;
}
