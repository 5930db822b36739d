import { describe, expect, it } from 'vitest';
import { valueText } from '../scripts/core/describe-value.ts';

describe('valueText', () => {
  it('writes a scalar as String() does', () => {
    expect([valueText('25%'), valueText(2), valueText(true), valueText(null)]).toEqual(['25%', '2', 'true', 'null']);
  });

  it('writes a list or an object as short JSON, not [object Object]', () => {
    expect(valueText({ percent: 25 })).toBe('{"percent":25}');
    expect(valueText([1, 2])).toBe('[1,2]');
  });
});
