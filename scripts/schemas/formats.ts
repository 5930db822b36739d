/**
 * The `format` values the built-in schemas keep, with the checks the API server's decoders apply.
 * Shared by the generator (which drops any other format, as the API server ignores them) and
 * the validate stage (which registers these with ajv and hands them to compiled standalone code).
 * CRD formats are checked differently (by apiextensions' OpenAPI validator): see crd-formats.ts.
 */
import { crdFormatDescriptions, crdFormats } from './crd-formats.ts';

export interface StringFormat {
  type: 'string';
  validate: (value: string) => boolean;
}

export interface NumberFormat {
  type: 'number';
  validate: (value: number) => boolean;
}

export type KubernetesFormat = StringFormat | NumberFormat;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_LIMIT = 9223372036854775807;

const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const rfc3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;
const fullDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const uuid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const ipv4 = /^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;

function validDate(year: string, month: string, day: string): boolean {
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(Number(year), m, 0)).getUTCDate();
  return d <= daysInMonth;
}

function validDateTime(value: string): boolean {
  const match = rfc3339.exec(value);
  if (!match) return false;
  const [, year, month, day, hour, minute, second, , , offsetHour, offsetMinute] = match;
  return (
    validDate(year!, month!, day!) &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59 &&
    (offsetHour === undefined || (Number(offsetHour) <= 23 && Number(offsetMinute) <= 59))
  );
}

function validFullDate(value: string): boolean {
  const match = fullDate.exec(value);
  return match !== null && validDate(match[1]!, match[2]!, match[3]!);
}

function validIpv6(value: string): boolean {
  // URL parsing is the cheapest complete IPv6 grammar available without a dependency.
  if (!/^[0-9a-fA-F:.]+$/.test(value) || !value.includes(':')) return false;
  try {
    new URL(`http://[${value}]/`);
    return true;
  } catch {
    return false;
  }
}

export const kubernetesFormats: Record<string, KubernetesFormat> = {
  int32: { type: 'number', validate: (n) => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX },
  int64: { type: 'number', validate: (n) => Number.isInteger(n) && Math.abs(n) <= INT64_LIMIT },
  float: { type: 'number', validate: (n) => Number.isFinite(n) },
  double: { type: 'number', validate: (n) => Number.isFinite(n) },
  // Go's base64 decoder skips line breaks, so a wrapped value decodes fine.
  byte: { type: 'string', validate: (s) => base64.test(s.replace(/[\r\n]/g, '')) },
  'date-time': { type: 'string', validate: validDateTime },
  date: { type: 'string', validate: validFullDate },
  uuid: { type: 'string', validate: (s) => uuid.test(s) },
  ipv4: { type: 'string', validate: (s) => ipv4.test(s) },
  ipv6: { type: 'string', validate: validIpv6 },
};

/** Every format a generated schema may name, built-in and CRD ones: what ajv is given. */
export const schemaFormats: Record<string, KubernetesFormat> = { ...kubernetesFormats, ...crdFormats };

/** Human wording for each format, used in messages. */
export const formatDescriptions: Record<string, string> = {
  ...crdFormatDescriptions,
  int32: 'a 32-bit integer (-2147483648 to 2147483647)',
  int64: 'a 64-bit integer',
  float: 'a finite number',
  double: 'a finite number',
  byte: 'base64-encoded data',
  'date-time': 'an RFC 3339 date-time such as 2024-01-31T12:00:00Z',
  date: 'a date such as 2024-01-31',
  uuid: 'a UUID',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
};

/** Format names as written in CRDs that mean one of ours. */
export const formatAliases: Record<string, string> = { datetime: 'date-time' };
