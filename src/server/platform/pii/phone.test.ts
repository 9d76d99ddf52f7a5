import { describe, expect, it } from 'vitest';
import { validateMobile } from './phone.js';

const MESSAGE = '手机号码格式不正确，应为 11 位手机号';

describe('validateMobile', () => {
  it.each([
    ['plain', '13800138000', '13800138000'],
    ['+86 prefix', '+8613800138000', '13800138000'],
    ['86 prefix', '8613800138000', '13800138000'],
    ['0086 prefix', '008613800138000', '13800138000'],
    ['spaces', ' 138 0013 8000 ', '13800138000'],
    ['hyphens', '138-0013-8000', '13800138000'],
    ['+86 with space and hyphens', '+86 138-0013-8000', '13800138000'],
    ['tab and full-width space', '138\t0013\u30008000', '13800138000'],
    ['starting with 19', '19912345678', '19912345678'],
    ['starting with 13', '13000000000', '13000000000'],
  ])('accepts %s', (_name, input, value) => {
    expect(validateMobile(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['empty', ''],
    ['10 digits', '1380013800'],
    ['12 digits', '138001380001'],
    ['starting with 12', '12800138000'],
    ['starting with 10', '10800138000'],
    ['starting with 2', '23800138000'],
    ['letter inside', '1380013800a'],
    ['landline', '02388886666'],
    ['other country code', '+85213800138000'],
    ['+86 followed by too few digits', '+86138001380'],
    ['double prefix', '+868613800138000'],
    ['plus without country code', '+13800138000'],
    ['parentheses', '(138)00138000'],
    ['dots', '138.0013.8000'],
    ['full-width digits', '１３８００１３８０００'],
  ])('rejects %s', (_name, input) => {
    expect(validateMobile(input)).toEqual({ ok: false, message: MESSAGE });
  });

  it('never throws on non-string input from untyped callers', () => {
    expect(validateMobile(undefined as unknown as string)).toEqual({ ok: false, message: MESSAGE });
    expect(validateMobile(13800138000 as unknown as string)).toEqual({ ok: false, message: MESSAGE });
  });
});
