/**
 * The `format`s of CRD schemas, as the API server's apiextensions validator checks them: the
 * format names it keeps (k8s.io/apiextensions-apiserver/pkg/apiserver/validation/formats.go,
 * StripUnsupportedFormatsPostProcessorForVersion) and, for each, kube-openapi's strfmt check
 * (k8s.io/kube-openapi/pkg/validation/strfmt) or its number range check (validate/values.go,
 * IsValueValidAgainstRange). Any other format is dropped, as the API server ignores it.
 *
 * These differ from the built-in formats of formats.ts (which model what the API server's typed
 * decoders refuse), so a CRD's format is written to the generated schema under its own name,
 * `crd-<name>`, and the built-in schemas are not affected.
 */
import type { KubernetesFormat } from './formats.ts';

/** The prefix of a CRD format's name in the generated schemas. */
export const CRD_FORMAT_PREFIX = 'crd-';

/** String formats, by go-openapi's normalised name (dashes removed), and the release that added them. */
const STRING_FORMATS = [
  'bsonobjectid', 'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'cidr', 'mac',
  'uuid', 'uuid3', 'uuid4', 'uuid5', 'isbn', 'isbn10', 'isbn13', 'creditcard', 'ssn',
  'hexcolor', 'rgbcolor', 'byte', 'password', 'date', 'duration', 'datetime',
  // Kubernetes 1.34. The schemas are not per Kubernetes version; the API server compiles CRD
  // schemas at its compatibility version (one minor back), which has them from 1.35 on.
  'k8sshortname', 'k8slongname',
] as const;

/**
 * The name a CRD's `format` is generated as, or undefined when the API server ignores it. As
 * upstream: on a string (or untyped) schema the name is compared with its dashes removed
 * (`date-time` is `datetime`); integers keep int32/int64, numbers float/double, other types none.
 */
export function crdFormatName(format: unknown, type: unknown): string | undefined {
  if (typeof format !== 'string' || format === '') return undefined;
  const schemaType: unknown = typeof type === 'string' ? type : Array.isArray(type) && type.length === 1 ? (type as unknown[])[0] : '';
  switch (schemaType) {
    case '':
    case 'string': {
      const normalized = format.replaceAll('-', '');
      return (STRING_FORMATS as readonly string[]).includes(normalized) ? CRD_FORMAT_PREFIX + normalized : undefined;
    }
    case 'integer':
      return format === 'int32' || format === 'int64' ? CRD_FORMAT_PREFIX + format : undefined;
    case 'number':
      return format === 'float' || format === 'double' ? CRD_FORMAT_PREFIX + format : undefined;
    default:
      return undefined;
  }
}

// ---- IP addresses -------------------------------------------------------------------------

/** Go 1.16's net.ParseIP, kept by k8s.io/utils as ParseIPSloppy: IPv4 fields may have leading zeros. */
function sloppyIPv4(s: string): boolean {
  let rest = s;
  for (let field = 0; field < 4; field++) {
    if (rest === '') return false;
    if (field > 0) {
      if (rest[0] !== '.') return false;
      rest = rest.slice(1);
    }
    const digits = /^[0-9]*/.exec(rest)![0];
    if (digits === '' || Number(digits.slice(0, 8)) > 0xff) return false;
    rest = rest.slice(digits.length);
  }
  return rest === '';
}

/**
 * An IPv6 address; `ipv4` checks an embedded IPv4 tail. Go's net/netip rules when `strict`
 * (at most 4 hex digits a group; no zone is accepted here), Go 1.16's (a group's value below
 * 0x10000, leading zeros allowed) when not.
 */
function ipv6(s: string, strict: boolean): boolean {
  let rest = s;
  let ellipsis = -1;
  let filled = 0;
  if (rest.startsWith('::')) {
    ellipsis = 0;
    rest = rest.slice(2);
    if (rest === '') return true;
  }
  while (filled < 16) {
    const hex = /^[0-9A-Fa-f]*/.exec(rest)![0];
    if (hex === '' || (strict && hex.length > 4) || (!strict && parseInt(hex.slice(0, 8), 16) > 0xffff)) return false;
    if (rest[hex.length] === '.') {
      if ((ellipsis < 0 && filled !== 12) || filled + 4 > 16) return false;
      if (!(strict ? strictIPv4(rest) : sloppyIPv4(rest))) return false;
      rest = '';
      filled += 4;
      break;
    }
    filled += 2;
    rest = rest.slice(hex.length);
    if (rest === '') break;
    if (rest[0] !== ':' || rest.length === 1) return false;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (ellipsis >= 0) return false;
      ellipsis = filled;
      rest = rest.slice(1);
      if (rest === '') break;
    }
  }
  if (rest !== '') return false;
  return filled < 16 ? ellipsis >= 0 : ellipsis < 0;
}

/** net/netip's IPv4: four decimal fields 0-255, no leading zeros. */
function strictIPv4(s: string): boolean {
  return /^(?:(?:0|[1-9][0-9]{0,2})\.){3}(?:0|[1-9][0-9]{0,2})$/.test(s) && s.split('.').every((field) => Number(field) <= 255);
}

/** Go's net.ParseIP (net/netip, without a zone). */
function goParseIP(s: string): boolean {
  for (const c of s) {
    if (c === '.') return strictIPv4(s);
    if (c === ':') return ipv6(s, true);
    if (c === '%') return false;
  }
  return false;
}

/** k8s.io/utils ParseIPSloppy. */
function sloppyParseIP(s: string): boolean {
  for (const c of s) {
    if (c === '.') return sloppyIPv4(s);
    if (c === ':') return ipv6(s, false);
  }
  return false;
}

/** k8s.io/utils ParseCIDRSloppy: address, `/`, a decimal prefix length that fits the family. */
function sloppyCIDR(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const address = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  const bits = sloppyIPv4(address) ? 32 : ipv6(address, false) ? 128 : 0;
  return bits > 0 && /^[0-9]+$/.test(mask) && Number(mask.slice(0, 8)) <= bits;
}

/** Go's net.ParseMAC: 6, 8 or 20 octets as xx:xx.., xx-xx.., xxxx.xxxx.. or plain hex. */
function goParseMAC(s: string): boolean {
  if (s.length < 12) return false;
  const octets = (n: number): boolean => n === 6 || n === 8 || n === 20;
  if (s[2] === ':' || s[2] === '-') {
    if ((s.length + 1) % 3 !== 0 || !octets((s.length + 1) / 3)) return false;
    const separator = s[2] === ':' ? ':' : '-';
    return s.split(separator).every((part) => /^[0-9A-Fa-f]{2}$/.test(part));
  }
  if (s[4] === '.') {
    if ((s.length + 1) % 5 !== 0 || !octets((2 * (s.length + 1)) / 5)) return false;
    return s.split('.').every((part) => /^[0-9A-Fa-f]{4}$/.test(part));
  }
  return s.length % 2 === 0 && octets(s.length / 2) && /^[0-9A-Fa-f]+$/.test(s);
}

// ---- URI: Go's url.ParseRequestURI ---------------------------------------------------------

/** ASCII characters Go's net/url accepts unescaped in a host (encodeHost). */
const hostCharacter = /[A-Za-z0-9!"$&'()*+,\-.:;<=>[\]_~]/;

/** net/url unescape: every `%` starts two hex digits; in a host, `%XX` below %80 only as %25. */
function validEscapes(s: string, mode: 'path' | 'host' | 'zone' | 'userinfo'): boolean {
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === '%') {
      if (i + 2 >= s.length || !/^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) return false;
      const value = parseInt(s.slice(i + 1, i + 3), 16);
      if (mode === 'host' && value < 0x80 && s.slice(i, i + 3) !== '%25') return false;
      if (mode === 'zone' && s.slice(i, i + 3) !== '%25' && value !== 0x20 && !(value >= 0x80 || hostCharacter.test(String.fromCharCode(value)))) return false;
      i += 3;
      continue;
    }
    if ((mode === 'host' || mode === 'zone') && c.charCodeAt(0) < 0x80 && !hostCharacter.test(c)) return false;
    i++;
  }
  return true;
}

function validPort(colonPort: string): boolean {
  return colonPort === '' || /^:[0-9]*$/.test(colonPort);
}

function validHost(scheme: string, host: string): boolean {
  const open = host.lastIndexOf('[');
  if (open > 0) return false;
  if (open === 0) {
    const close = host.lastIndexOf(']');
    if (close < 0) return false;
    const colonPort = host.slice(close + 1);
    if (!validPort(colonPort)) return false;
    const hostname = host.slice(1, close);
    const zone = hostname.indexOf('%25');
    const address = zone >= 0 ? hostname.slice(0, zone) : hostname;
    if (!validEscapes(address, 'host') || (zone >= 0 && !validEscapes(hostname.slice(zone), 'zone'))) return false;
    // netip.ParseAddr on the unescaped text; an IPv4 address is no IP-literal.
    const unescaped = decodeURIComponentSafe(address);
    const zoneText = zone >= 0 ? decodeURIComponentSafe(hostname.slice(zone + 3)) : undefined;
    if (zoneText === '') return false;
    return unescaped !== undefined && unescaped.includes(':') && ipv6(unescaped, true);
  }
  const first = host.indexOf(':');
  if (first !== -1) {
    // Go 1.26 (urlstrictcolons): for http and https the port starts at the first colon.
    const at = scheme === 'http' || scheme === 'https' ? first : host.lastIndexOf(':');
    if (!validPort(host.slice(at))) return false;
  }
  return validEscapes(host, 'host');
}

function decodeURIComponentSafe(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return s.includes('%') ? undefined : s;
  }
}

export function isRequestURI(raw: string): boolean {
  if (/[\x00-\x1f\x7f]/.test(raw)) return false;
  if (raw === '') return false;
  if (raw === '*') return true;
  let scheme = '';
  let rest = raw;
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+\-.]*):/.exec(raw);
  if (raw.startsWith(':')) return false; // "missing protocol scheme"
  if (schemeMatch !== null) {
    scheme = schemeMatch[1]!.toLowerCase();
    rest = raw.slice(schemeMatch[0].length);
  }
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) rest = rest.slice(0, -1);
  else if (rest.includes('?')) rest = rest.slice(0, rest.indexOf('?'));
  if (!rest.startsWith('/')) return scheme !== ''; // an opaque URI needs a scheme; a request path starts with /
  if (scheme !== '' && rest.startsWith('//')) {
    let authority = rest.slice(2);
    const slash = authority.indexOf('/');
    rest = slash >= 0 ? authority.slice(slash) : '';
    if (slash >= 0) authority = authority.slice(0, slash);
    const at = authority.lastIndexOf('@');
    if (!validHost(scheme, authority.slice(at + 1))) return false;
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return false;
      if (!userinfo.split(':').slice(0, 2).every((part) => validEscapes(part, 'userinfo'))) return false;
    }
  }
  return validEscapes(rest, 'path');
}

// ---- email: Go's net/mail.ParseAddress ---------------------------------------------------

const isVchar = (c: string): boolean => (c >= '!' && c <= '~') || c.codePointAt(0)! >= 0x80;
const specials = new Set(['(', ')', '<', '>', '[', ']', ':', ';', '@', '\\', ',', '"']);
const isAtext = (c: string, dot: boolean): boolean => (c === '.' ? dot : !specials.has(c) && isVchar(c));

/**
 * One mailbox as net/mail.ParseAddress reads it: an addr-spec (dot-atom or quoted local part,
 * dot-atom or [IP] domain) alone or followed by a (comment), or a display name (words or quoted
 * strings) before an <addr-spec>, with comments and spaces around. Not modelled: RFC 2047 encoded
 * words in a display name and the one-address group syntax (`name: a@b;`), both of which the
 * API server accepts and this check refuses.
 */
export function isEmail(address: string): boolean {
  const chars = [...address];
  let at = 0;
  const peek = (): string | undefined => chars[at];
  const skipSpace = (): void => {
    while (peek() === ' ' || peek() === '\t') at++;
  };
  const consume = (c: string): boolean => {
    if (peek() !== c) return false;
    at++;
    return true;
  };
  const comment = (): boolean => {
    let depth = 1;
    while (at < chars.length && depth > 0) {
      if (peek() === '\\' && at + 1 < chars.length) at++;
      else if (peek() === '(') depth++;
      else if (peek() === ')') depth--;
      at++;
    }
    return depth === 0;
  };
  const skipCFWS = (): boolean => {
    skipSpace();
    while (consume('(')) {
      if (!comment()) return false;
      skipSpace();
    }
    return true;
  };
  const quotedString = (): string | undefined => {
    let i = at + 1;
    let escaped = false;
    let text = '';
    for (;;) {
      const c = chars[i];
      if (c === undefined) return undefined;
      if (escaped) {
        if (!isVchar(c) && c !== ' ' && c !== '\t') return undefined;
        text += c;
        escaped = false;
      } else if ((isVchar(c) && c !== '\\' && c !== '"') || c === ' ' || c === '\t') text += c;
      else if (c === '"') break;
      else if (c === '\\') escaped = true;
      else return undefined;
      i++;
    }
    at = i + 1;
    return text;
  };
  const atom = (permissive: boolean): string | undefined => {
    const start = at;
    while (at < chars.length && isAtext(chars[at]!, true)) at++;
    const text = chars.slice(start, at).join('');
    if (text === '') return undefined;
    if (!permissive && (text.startsWith('.') || text.endsWith('.') || text.includes('..'))) return undefined;
    return text;
  };
  const addrSpec = (): boolean => {
    const start = at;
    const fail = (): boolean => {
      at = start;
      return false;
    };
    skipSpace();
    if (at >= chars.length) return fail();
    if (peek() === '"') {
      const local = quotedString();
      if (local === undefined || local === '') return fail();
    } else if (atom(false) === undefined) return fail();
    if (!consume('@')) return fail();
    skipSpace();
    if (at >= chars.length) return fail();
    if (peek() === '[') {
      at++;
      const literalStart = at;
      while (peek() !== ']') {
        const c = peek();
        if (c === undefined || c === '[' || c === '\\' || !isVchar(c)) return fail();
        at++;
      }
      const literal = chars.slice(literalStart, at).join('');
      at++;
      if (!goParseIP(literal)) return fail();
    } else if (atom(false) === undefined) return fail();
    return true;
  };
  const parseAddress = (): boolean => {
    skipSpace();
    if (at >= chars.length) return false;
    if (addrSpec()) {
      skipSpace();
      if (peek() === '(') {
        at++;
        if (!comment()) return false;
      }
      return true;
    }
    if (peek() !== '<') {
      // a phrase: words until one fails to parse
      let words = 0;
      for (;;) {
        if (words > 0 && !skipCFWS()) return false;
        skipSpace();
        if (at >= chars.length) break;
        const word = peek() === '"' ? quotedString() : atom(true);
        if (word === undefined) break;
        words++;
      }
      if (words === 0) return false;
    }
    skipSpace();
    if (!consume('<')) return false;
    if (!addrSpec()) return false;
    return consume('>');
  };
  return parseAddress() && skipCFWS() && at >= chars.length;
}

// ---- durations: kube-openapi strfmt.ParseDuration ---------------------------------------

const GO_UNITS: Record<string, bigint> = {
  ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n,
};
const MAX_DURATION = 1n << 63n;

/** Go's time.ParseDuration, in nanoseconds: [-+]?([0-9]*(\.[0-9]*)?unit)+ or "0", within int64; undefined when it fails. */
export function goDurationNanos(input: string): bigint | undefined {
  let s = input;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return undefined;
  let total = 0n;
  while (s !== '') {
    const number = /^([0-9]*)(?:\.([0-9]*))?/.exec(s)!;
    const whole = number[1]!;
    const fraction = number[2];
    if (whole === '' && (fraction === undefined || fraction === '')) return undefined;
    s = s.slice(number[0].length);
    const unitText = /^[^0-9.]*/.exec(s)![0];
    if (unitText === '') return undefined;
    s = s.slice(unitText.length);
    const unit = GO_UNITS[unitText];
    if (unit === undefined) return undefined;
    const value = whole === '' ? 0n : BigInt(whole);
    if (value > MAX_DURATION) return undefined; // leadingInt overflow
    if (value > MAX_DURATION / unit) return undefined;
    let nanoseconds = value * unit;
    if (fraction !== undefined && fraction !== '') {
      // leadingFraction: uint64 digits until they would overflow, then float64 arithmetic as Go.
      let f = 0n;
      let scale = 1;
      let overflow = false;
      for (const digit of fraction) {
        if (overflow) continue;
        if (f > (MAX_DURATION - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const next = f * 10n + BigInt(digit);
        if (next > MAX_DURATION) {
          overflow = true;
          continue;
        }
        f = next;
        scale *= 10;
      }
      nanoseconds += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (nanoseconds > MAX_DURATION) return undefined;
    }
    total += nanoseconds;
    if (total > MAX_DURATION) return undefined;
  }
  if (negative) return -total;
  return total <= MAX_DURATION - 1n ? total : undefined;
}

export function isGoDuration(input: string): boolean {
  return goDurationNanos(input) !== undefined;
}

const SCALA_UNITS: readonly (readonly string[])[] = [
  ['ns', 'nano'], ['us', 'µs', 'micro'], ['ms', 'milli'], ['s', 'sec'], ['m', 'min'], ['h', 'hr', 'hour'], ['d', 'day'], ['w', 'wk', 'week'],
];
const SCALA_MULTIPLIERS = [1n, 1000n, 1_000_000n, 1_000_000_000n, 60_000_000_000n, 3_600_000_000_000n, 86_400_000_000_000n, 604_800_000_000_000n];

/**
 * strfmt.ParseDuration, in nanoseconds: Go's syntax, else the sum of every `<digits><space>*<letters>`
 * group in the text whose unit is one of its names (`ns`/`nano`, ..., `h`/`hr`/`hour`, `d`/`day`,
 * `w`/`wk`/`week`; the last name of each also as a prefix, so `5 days` and `2 hours` pass), in
 * int64 arithmetic that wraps as Go's does. The groups need not cover the whole text, as upstream.
 */
export function strfmtDurationNanos(value: string): bigint | undefined {
  const go = goDurationNanos(value);
  if (go !== undefined) return go;
  let ok = false;
  let total = 0n;
  for (const match of value.matchAll(/([0-9]+)[\t\n\f\r ]*([A-Za-zµ]+)/g)) {
    const factor = BigInt(match[1]!);
    if (factor > MAX_DURATION - 1n) return undefined; // strconv.Atoi fails
    const unit = match[2]!.toLowerCase();
    SCALA_UNITS.forEach((variants, group) => {
      const last = variants.length - 1;
      variants.forEach((variant, index) => {
        if ((index === last && unit.startsWith(variant)) || variant === unit) {
          ok = true;
          total = BigInt.asIntN(64, total + BigInt.asIntN(64, factor * SCALA_MULTIPLIERS[group]!));
        }
      });
    });
  }
  return ok ? total : undefined;
}

export function isDuration(value: string): boolean {
  return strfmtDurationNanos(value) !== undefined;
}

// ---- dates --------------------------------------------------------------------------------

/** Go's time.Parse("2006-01-02"): four-digit year, two-digit month and day of that month. */
export function isDate(value: string): boolean {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(value);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = month === 2 ? (leapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= daysInMonth;
}

function leapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/**
 * strfmt.IsDateTime: lower-cased and split at every `t`, the first part a date and the second
 * `hh:mm:ss`, an optional fraction (any one character, then digits) and `z` or `±hh:mm`; hour
 * <= 23, minute and second <= 59. Parts after a further `t` are not looked at, as upstream.
 */
export function isDateTime(value: string): boolean {
  if ([...value].length < 4) return false;
  const parts = value.toLowerCase().split('t');
  if (parts.length < 2 || !isDate(parts[0]!)) return false;
  const time = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/u.exec(parts[1]!);
  return time !== null && time[1]! <= '23' && time[2]! <= '59' && time[3]! <= '59';
}

// ---- checksums ----------------------------------------------------------------------------

function isISBN10(value: string): boolean {
  const digits = value.replace(/[\s-]+/g, '');
  if (!/^(?:[0-9]{9}X|[0-9]{10})$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (i + 1) * Number(digits[i]);
  sum += digits[9] === 'X' ? 100 : 10 * Number(digits[9]);
  return sum % 11 === 0;
}

function isISBN13(value: string): boolean {
  const digits = value.replace(/[\s-]+/g, '');
  if (!/^[0-9]{13}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * Number(digits[i]);
  return Number(digits[12]) - ((10 - (sum % 10)) % 10) === 0;
}

function isCreditCard(value: string): boolean {
  const digits = value.replace(/[^0-9]+/g, '');
  if (!/^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11})$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = Number(digits[i]);
    if (double) {
      digit *= 2;
      sum += digit >= 10 ? (digit % 10) + 1 : digit;
    } else sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

// ---- names and the rest ---------------------------------------------------------------------

const utf8Length = (value: string): number => Buffer.byteLength(value, 'utf8');

/** strfmt.IsHostname: RFC 1034 labels (letters, digits, symbols, any Unicode letter), <= 255 bytes, labels <= 63 bytes. */
function isHostname(value: string): boolean {
  const pattern =
    /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
  return pattern.test(value) && utf8Length(value) <= 255 && value.split('.').every((label) => utf8Length(label) <= 63);
}

const shortName = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';

const stringChecks: Record<string, (value: string) => boolean> = {
  bsonobjectid: (s) => /^[0-9A-Fa-f]{24}$/.test(s),
  uri: isRequestURI,
  email: isEmail,
  hostname: isHostname,
  ipv4: (s) => sloppyParseIP(s) && s.includes('.'),
  ipv6: (s) => goParseIP(s) && s.includes(':'),
  cidr: sloppyCIDR,
  mac: goParseMAC,
  uuid: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
  uuid3: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
  uuid4: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s),
  uuid5: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s),
  isbn: (s) => isISBN10(s) || isISBN13(s),
  isbn10: isISBN10,
  isbn13: isISBN13,
  creditcard: isCreditCard,
  ssn: (s) => s.length === 11 && /^[0-9]{3}[- ]?[0-9]{2}[- ]?[0-9]{4}$/.test(s),
  hexcolor: (s) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s),
  rgbcolor: (s) =>
    /^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$/.test(s),
  // govalidator.IsBase64: whole groups of four, padded; no line breaks, and not empty.
  byte: (s) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/.test(s),
  password: () => true,
  date: isDate,
  duration: isDuration,
  datetime: isDateTime,
  k8sshortname: (s) => s.length <= 63 && new RegExp(`^${shortName}$`).test(s),
  k8slongname: (s) => s.length <= 253 && new RegExp(`^${shortName}(\\.${shortName})*$`).test(s),
};

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_LIMIT = 2 ** 63;

/** Every CRD format under its generated name. */
export const crdFormats: Record<string, KubernetesFormat> = {
  ...Object.fromEntries(
    Object.entries(stringChecks).map(([name, validate]) => [CRD_FORMAT_PREFIX + name, { type: 'string', validate }]),
  ),
  // swag.ConvertInt32/ConvertInt64 of the value's decimal text.
  'crd-int32': { type: 'number', validate: (n) => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX },
  'crd-int64': { type: 'number', validate: (n) => Number.isInteger(n) && n >= -INT64_LIMIT && n < INT64_LIMIT },
  // strconv.ParseFloat(text, 32) fails when the value overflows a float32.
  'crd-float': { type: 'number', validate: (n) => Number.isFinite(Math.fround(n)) },
  // No check: a value beyond float64 cannot be decoded at all.
  'crd-double': { type: 'number', validate: () => true },
};

/** Wording of each CRD format, for messages. */
export const crdFormatDescriptions: Record<string, string> = {
  'crd-bsonobjectid': 'a BSON object ID (24 hex digits)',
  'crd-uri': 'a URI as Go\'s url.ParseRequestURI reads it (absolute, or a path starting with /)',
  'crd-email': 'an email address as Go\'s net/mail.ParseAddress reads it',
  'crd-hostname': 'an RFC 1034 host name',
  'crd-ipv4': 'an IPv4 address',
  'crd-ipv6': 'an IPv6 address',
  'crd-cidr': 'a CIDR such as 10.0.0.0/8 or fd00::/8',
  'crd-mac': 'a MAC address such as 00:00:5e:00:53:01',
  'crd-uuid': 'a UUID',
  'crd-uuid3': 'a version 3 UUID',
  'crd-uuid4': 'a version 4 UUID',
  'crd-uuid5': 'a version 5 UUID',
  'crd-isbn': 'an ISBN-10 or ISBN-13',
  'crd-isbn10': 'an ISBN-10',
  'crd-isbn13': 'an ISBN-13',
  'crd-creditcard': 'a credit card number',
  'crd-ssn': 'a U.S. social security number such as 123-45-6789',
  'crd-hexcolor': 'a hex color such as #ff0000',
  'crd-rgbcolor': 'an RGB color such as rgb(255,0,0)',
  'crd-byte': 'base64-encoded data (whole groups of four characters, no line breaks)',
  'crd-password': 'a string',
  'crd-date': 'a date such as 2024-01-31',
  'crd-duration': 'a duration such as 30s, 1h30m or 5 days',
  'crd-datetime': 'an RFC 3339 date-time such as 2024-01-31T12:00:00Z',
  'crd-k8sshortname': 'a short Kubernetes name (lowercase RFC 1123 label, at most 63 characters)',
  'crd-k8slongname': 'a long Kubernetes name (lowercase RFC 1123 subdomain, at most 253 characters)',
  'crd-int32': 'a 32-bit integer (-2147483648 to 2147483647)',
  'crd-int64': 'a 64-bit integer',
  'crd-float': 'a number within the range of a 32-bit float',
  'crd-double': 'a number',
};
