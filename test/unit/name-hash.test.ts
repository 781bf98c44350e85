import { describe, expect, it } from 'vitest';
import { normaliseName } from '../../src/shared/person-name.js';

describe('a party name as the exact name search compares it', () => {
  it.each([
    ['Piet Jansen', 'jansen piet'],
    ['  JANSEN,   Piet ', 'jansen piet'],
    ['Piet Jänsen', 'jansen piet'],
    ['Zoë van den Berg', 'berg den van zoe'],
    ['Łukasz Nowak', 'nowak łukasz'],
    ['', null],
    ['  -- ', null],
    [null, null],
  ])('reads %j as %j', (input, expected) => {
    expect(normaliseName(input)).toBe(expected);
  });
});
