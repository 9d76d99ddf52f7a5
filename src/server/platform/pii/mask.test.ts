import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPhone } from './mask.js';

function revealed(masked: string): number {
  return Array.from(masked).filter((c) => c !== '*').length;
}

describe('maskIdNumber', () => {
  it('keeps first 6 and last 4 of an 18-character ID', () => {
    expect(maskIdNumber('500222199001011237')).toBe('500222********1237');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber(' 50022219900101123X ')).toBe('500222********123X');
  });

  it('keeps at most first 3 / last 2 of other lengths, never more than a third', () => {
    expect(maskIdNumber('110105491231002')).toBe('110**********02');
    expect(maskIdNumber('H12345678')).toBe('H1******8');
    expect(maskIdNumber('AB123')).toBe('A****');
    expect(maskIdNumber('12')).toBe('**');
    expect(maskIdNumber('1')).toBe('*');
    for (let n = 1; n <= 40; n++) {
      if (n === 18) continue;
      const masked = maskIdNumber('7'.repeat(n));
      expect(masked).toHaveLength(n);
      expect(revealed(masked)).toBeLessThanOrEqual(Math.floor(n / 3));
      expect(revealed(masked)).toBeLessThanOrEqual(5);
    }
  });

  it('returns empty for empty input and never throws', () => {
    expect(maskIdNumber('')).toBe('');
    expect(maskIdNumber('   ')).toBe('');
    expect(maskIdNumber(null)).toBe('');
    expect(maskIdNumber(undefined)).toBe('');
    expect(maskIdNumber(42 as unknown as string)).toBe('');
  });
});

describe('maskPhone', () => {
  it('masks the middle four digits of an 11-digit mobile', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('19912345678')).toBe('199****5678');
  });

  it('normalises separators and the +86 prefix before masking a mobile', () => {
    expect(maskPhone('+86 138-0013-8000')).toBe('138****8000');
    expect(maskPhone('008613800138000')).toBe('138****8000');
  });

  it('keeps first 3 and last 2 of other numbers', () => {
    expect(maskPhone('02388886666')).toBe('023******66');
    expect(maskPhone('023-8888-6666')).toBe('023******66');
    expect(maskPhone('88886666')).toBe('888***66');
    expect(maskPhone('1380013800')).toBe('138*****00');
  });

  it('reveals at most a third of numbers shorter than 7 digits', () => {
    expect(maskPhone('12')).toBe('**');
    expect(maskPhone('110')).toBe('1**');
    expect(maskPhone('12345')).toBe('1****');
    expect(maskPhone('123456')).toBe('1****6');
  });

  it('returns empty for empty input and never throws', () => {
    expect(maskPhone('')).toBe('');
    expect(maskPhone(null)).toBe('');
    expect(maskPhone(undefined)).toBe('');
    expect(maskPhone({} as unknown as string)).toBe('');
  });
});

describe('maskName', () => {
  it('keeps the first character and stars the rest', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('欧阳锋')).toBe('欧**');
    expect(maskName(' 李四 ')).toBe('李*');
  });

  it('counts characters outside the BMP as one', () => {
    expect(maskName('𠮷田')).toBe('𠮷*');
    expect(maskName('王𠮷')).toBe('王*');
  });

  it('masks a single-character name completely', () => {
    expect(maskName('王')).toBe('*');
  });

  it('returns empty for empty input and never throws', () => {
    expect(maskName('')).toBe('');
    expect(maskName('  ')).toBe('');
    expect(maskName(null)).toBe('');
    expect(maskName(undefined)).toBe('');
  });
});
