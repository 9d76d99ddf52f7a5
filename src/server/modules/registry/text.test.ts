import { describe, expect, it } from 'vitest';
import { createPiiCipher } from '../../platform/pii/index.js';
import {
  addressKey,
  addressQuery,
  classifyQuery,
  nameGrams,
  namePinyin,
  piiKeys,
  piiQueryKeys,
  queryGrams,
} from './text.js';

describe('name grams', () => {
  it('hold every 1- and 2-character gram, and a search needs only its 2-character ones', () => {
    expect(nameGrams('欧阳娜娜').sort()).toEqual(['娜', '娜娜', '欧', '欧阳', '阳', '阳娜'].sort());
    expect(queryGrams('欧阳娜')).toEqual(['欧阳', '阳娜']);
    expect(queryGrams('娜')).toEqual(['娜']);
    // Every query of a name is covered by the name's grams: the GIN @> never misses a real match.
    for (const q of ['欧', '欧阳', '阳娜娜', '欧阳娜娜']) {
      expect(queryGrams(q).every((g) => nameGrams('欧阳娜娜').includes(g))).toBe(true);
    }
  });
});

describe('pinyin', () => {
  it('reads surnames as surnames and writes ü as v', () => {
    expect(namePinyin('单雄信')).toEqual({ full: 'shanxiongxin', initials: 'sxx' });
    expect(namePinyin('曾小贤')).toEqual({ full: 'zengxiaoxian', initials: 'zxx' });
    expect(namePinyin('吕布')).toEqual({ full: 'lvbu', initials: 'lb' });
    expect(namePinyin('张伟')).toEqual({ full: 'zhangwei', initials: 'zw' });
  });
});

describe('addresses', () => {
  it('turn the ways people write them into one key', () => {
    expect(addressKey('3栋', '2单元', '501')).toBe('3-2-501');
    expect(addressKey('3号楼', '第2单元', '501')).toBe('3-2-501');
    for (const q of ['3栋2单元501', '3-2-501', '3号楼2单元501室', '３栋２单元５０１', '3 栋 2 单元 501']) {
      expect(addressQuery(q), q).toEqual({ key: '3-2-501', exact: true });
    }
    expect(addressQuery('3栋2单元')).toEqual({ key: '3-2-', exact: false });
    expect(addressQuery('12幢')).toEqual({ key: '12-', exact: false });
    expect(addressQuery('张伟')).toBeNull();
  });
});

describe('query kinds', () => {
  it('tell addresses, digits, pinyin and names apart', () => {
    expect(classifyQuery('3-2-501').kind).toBe('address');
    expect(classifyQuery('1234')).toEqual({ kind: 'digits', digits: '1234' });
    expect(classifyQuery('12345x')).toEqual({ kind: 'digits', digits: '12345X' });
    expect(classifyQuery('138 0013 8000')).toEqual({ kind: 'digits', digits: '13800138000' });
    expect(classifyQuery('ZhangWei')).toEqual({ kind: 'pinyin', letters: 'zhangwei' });
    expect(classifyQuery(' 张 伟 ')).toEqual({ kind: 'name', text: '张伟' });
  });

  it('find a person by the tail of the ID or the phone through blind indexes only', () => {
    const pii = createPiiCipher('k'.repeat(64));
    const id = '11010519491231002X';
    const keys = piiKeys(pii, id, '13800138000');
    for (const q of ['002X', '231002X', id, '13800138000', '8000']) {
      expect(
        piiQueryKeys(pii, q).some((k) => keys.includes(k)),
        q,
      ).toBe(true);
    }
    expect(piiQueryKeys(pii, '9999').some((k) => keys.includes(k))).toBe(false);
    // Nothing in the keys reads as the number itself.
    expect(keys.join()).not.toContain('8000');
  });
});
