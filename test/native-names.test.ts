import { describe, expect, it } from 'vitest';
import { labelValue, qualifiedName } from '../scripts/validate/native/names.ts';

// Valid values are remembered (label keys and values repeat on every object): the answers must
// not change with what was asked before, nor once the remembered set is full.
describe('qualifiedName and labelValue', () => {
  it('give the same answer the second time, for valid and invalid values', () => {
    for (let round = 0; round < 2; round++) {
      expect(qualifiedName('app.kubernetes.io/name')).toBeUndefined();
      expect(qualifiedName('example.com/Bad Key')).toMatch(/^must be a qualified name/);
      expect(qualifiedName('UPPER.example.com/name')).toMatch(/its prefix "UPPER.example.com" is not an RFC 1123 subdomain/);
      expect(labelValue('web')).toBeUndefined();
      expect(labelValue('')).toBeUndefined();
      expect(labelValue('-web')).toMatch(/^a label value must be empty or consist of/);
      expect(labelValue('a'.repeat(64))).toMatch(/at most 63 characters \(this one has 64\)/);
    }
  });

  it('still check every value once thousands of distinct valid ones were seen', () => {
    for (let index = 0; index < 10_000; index++) {
      expect(qualifiedName(`example.com/key-${index}`)).toBeUndefined();
      expect(labelValue(`value-${index}`)).toBeUndefined();
    }
    expect(qualifiedName('example.com/key-')).toMatch(/^must be a qualified name/);
    expect(labelValue('value-')).toMatch(/^a label value must be empty or consist of/);
    expect(qualifiedName(`${'a'.repeat(254)}/name`)).toMatch(/is not an RFC 1123 subdomain/);
  });
});
