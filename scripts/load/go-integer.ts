/**
 * Go's strconv.ParseInt / ParseUint with bitSize 64, as go-yaml v2 calls them to type a plain
 * scalar. Values come back as JavaScript numbers (the nearest double, which is what JSON.parse
 * makes of Go's output); `undefined` means Go reports a syntax or range error.
 */

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

const digitPatterns: Record<number, RegExp> = {
  2: /^[01]+$/,
  8: /^[0-7]+$/,
  10: /^[0-9]+$/,
  16: /^[0-9a-fA-F]+$/,
};
const bigIntPrefixes: Record<number, string> = { 2: '0b', 8: '0o', 10: '', 16: '0x' };
/** Below these digit counts parseInt is exact and the value is far inside the 64-bit range. */
const smallDigitCounts: Record<number, number> = { 2: 53, 8: 17, 10: 16, 16: 13 };

/** ParseUint(text, base, 64); base 0 reads the 0x/0o/0b/0 prefixes. No sign allowed. */
export function parseGoUnsigned(text: string, base: 0 | 2): number | undefined {
  const magnitude = unsignedMagnitude(text, base);
  if (typeof magnitude !== 'bigint') return magnitude;
  return magnitude > UINT64_MAX ? undefined : Number(magnitude);
}

/** ParseInt(text, base, 64): an optional sign, then ParseUint's syntax, within int64. */
export function parseGoSigned(text: string, base: 0 | 2): number | undefined {
  const negative = text.startsWith('-');
  const magnitude = unsignedMagnitude(negative || text.startsWith('+') ? text.slice(1) : text, base);
  if (magnitude === undefined) return undefined;
  if (typeof magnitude === 'bigint' && magnitude > (negative ? INT64_MAX + 1n : INT64_MAX)) return undefined;
  const value = Number(magnitude);
  // Go has no negative zero: "-0" is the integer 0.
  return negative && value !== 0 ? -value : value;
}

/** The digits' value: a number when small, a bigint when it needs a range check. */
function unsignedMagnitude(text: string, base: 0 | 2): number | bigint | undefined {
  let radix: number = base;
  let digits = text;
  if (base === 0) {
    radix = 10;
    if (text[0] === '0') {
      const prefix = text.length >= 3 ? text[1]!.toLowerCase() : '';
      const hasLetterPrefix = prefix === 'x' || prefix === 'o' || prefix === 'b';
      radix = prefix === 'x' ? 16 : prefix === 'b' ? 2 : 8;
      digits = text.slice(hasLetterPrefix ? 2 : 1);
      // "0" alone is an octal prefix with no digits after it: zero.
      if (digits === '') return 0;
    }
  }
  if (!digitPatterns[radix]!.test(digits)) return undefined;
  if (digits.length < smallDigitCounts[radix]!) return parseInt(digits, radix);
  return BigInt(bigIntPrefixes[radix] + digits);
}
