import { describe, expect, test } from 'vitest';
import { SHORTCUTS, actionForKey } from '../../src/app/shortcuts';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean }> = {}) =>
  actionForKey({ key, ctrlKey: false, altKey: false, metaKey: false, ...mods });

describe('keyboard shortcuts', () => {
  test('every key triggers exactly one action', () => {
    const seen = new Map<string, string>();
    for (const s of SHORTCUTS) for (const k of s.keys) {
      expect(seen.has(k), `key ${k} bound twice`).toBe(false);
      seen.set(k, s.action);
    }
  });
  test('maps keys to viewer actions', () => {
    expect(press('i')).toBe('invert');
    expect(press('r')).toBe('rotate-right');
    expect(press('R')).toBe('rotate-left');
    expect(press('PageDown')).toBe('next-page');
    expect(press(' ')).toBe('toggle-cine');
  });
  test('leaves browser shortcuts alone', () => {
    expect(press('r', { ctrlKey: true })).toBeNull();
    expect(press('f', { metaKey: true })).toBeNull();
  });
});
