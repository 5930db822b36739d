/**
 * Whether go-yaml v2 reads a plain scalar as a timestamp: Go's time.Parse with the layouts
 * `2006-1-2T15:4:5.999999999Z07:00`, the same with a lower-case `t`, `2006-1-2 15:4:5.999999999`
 * and `2006-1-2`. Decoded into an untyped value it stays the original string either way; the
 * type only matters for an explicit `!!timestamp` tag.
 */
export function isGoTimestamp(text: string): boolean {
  const reader = new DigitReader(text);
  const year = reader.fixedDigits(4);
  if (year === undefined || !reader.skip('-')) return false;
  const month = reader.oneOrTwoDigits();
  if (month === undefined || month < 1 || month > 12 || !reader.skip('-')) return false;
  const day = reader.oneOrTwoDigits();
  if (day === undefined || day < 1 || day > daysInMonth(year, month)) return false;
  if (reader.atEnd()) return true;

  const separator = text[reader.position];
  const withZone = separator === 'T' || separator === 't';
  if (withZone) reader.position += 1;
  else if (!reader.skipSpaces()) return false;
  if (!readClock(reader)) return false;
  if (withZone && !readZone(reader)) return false;
  return reader.atEnd();
}

function readClock(reader: DigitReader): boolean {
  const hour = reader.oneOrTwoDigits();
  if (hour === undefined || hour > 23 || !reader.skip(':')) return false;
  const minute = reader.oneOrTwoDigits();
  if (minute === undefined || minute > 59 || !reader.skip(':')) return false;
  const second = reader.oneOrTwoDigits();
  if (second === undefined || second > 59) return false;
  // An optional fraction: a period or comma and any number of digits.
  const mark = reader.text[reader.position];
  if ((mark === '.' || mark === ',') && reader.isDigitAt(reader.position + 1)) {
    reader.position += 1;
    while (reader.isDigitAt(reader.position)) reader.position += 1;
  }
  return true;
}

/** `Z` or `±hh:mm`; Go accepts offsets up to 24 hours and 60 minutes. */
function readZone(reader: DigitReader): boolean {
  if (reader.skip('Z')) return true;
  const sign = reader.text[reader.position];
  if (sign !== '+' && sign !== '-') return false;
  reader.position += 1;
  const hours = reader.fixedDigits(2);
  if (hours === undefined || hours > 24 || !reader.skip(':')) return false;
  const minutes = reader.fixedDigits(2);
  return minutes !== undefined && minutes <= 60;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

class DigitReader {
  position = 0;
  constructor(readonly text: string) {}

  atEnd(): boolean {
    return this.position === this.text.length;
  }

  isDigitAt(index: number): boolean {
    const code = this.text.charCodeAt(index);
    return code >= 48 && code <= 57;
  }

  skip(literal: string): boolean {
    if (this.text[this.position] !== literal) return false;
    this.position += 1;
    return true;
  }

  /** Go's layout space matches one or more spaces. */
  skipSpaces(): boolean {
    const start = this.position;
    while (this.text[this.position] === ' ') this.position += 1;
    return this.position > start;
  }

  fixedDigits(count: number): number | undefined {
    for (let index = 0; index < count; index += 1) {
      if (!this.isDigitAt(this.position + index)) return undefined;
    }
    const value = Number(this.text.slice(this.position, this.position + count));
    this.position += count;
    return value;
  }

  /** Go's getnum: one digit, or two when the second is a digit too (greedy, no backtracking). */
  oneOrTwoDigits(): number | undefined {
    if (!this.isDigitAt(this.position)) return undefined;
    return this.fixedDigits(this.isDigitAt(this.position + 1) ? 2 : 1);
  }
}
