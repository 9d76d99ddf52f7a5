import type { Random } from './random.js';

// Name and origin material for the demo population. Frequencies follow the published surname
// rankings (2020 census, per mille, rounded), with the surnames common around Chongqing (谭, 向, 冉,
// 牟, 熊) weighted up; a few two-character surnames are kept rare, as they are.

const SURNAMES_WEIGHTED =
  '王:71 李:70 张:67 刘:54 陈:46 杨:31 黄:25 赵:23 吴:20 周:19 徐:15 孙:15 马:13 朱:13 胡:13 郭:11 何:11 ' +
  '林:10 罗:10 高:10 郑:9 梁:8 谢:8 宋:6 唐:6 许:6 韩:6 冯:6 邓:6 曹:5 彭:6 曾:5 肖:5 田:5 董:5 袁:4 ' +
  '潘:4 于:4 蒋:4 蔡:4 余:4 杜:4 叶:4 程:4 苏:3 魏:3 吕:3 丁:3 任:3 沈:3 姚:3 卢:3 姜:3 崔:3 钟:3 ' +
  '谭:6 陆:3 汪:3 范:3 金:3 石:2 廖:2 贾:2 夏:2 韦:2 付:2 方:2 白:2 邹:2 孟:2 熊:4 秦:2 邱:2 江:2 尹:2 ' +
  '薛:2 段:2 雷:2 侯:2 龙:2 史:2 陶:2 黎:2 贺:2 顾:1 毛:1 郝:1 龚:1 邵:1 万:1 钱:1 严:1 覃:1 武:1 ' +
  '戴:1 莫:1 孔:1 向:4 汤:1 冉:3 牟:2 况:1 舒:1 游:1 母:1 ' +
  '欧阳:0.5 司马:0.3 上官:0.2 诸葛:0.1';

const SURNAMES = SURNAMES_WEIGHTED.split(' ').map((s) => {
  const [name, w] = s.split(':');
  return { name, weight: Number(w) };
});
const SURNAME_TOTAL = SURNAMES.reduce((a, s) => a + s.weight, 0);

export function pickSurname(rnd: Random): string {
  let x = rnd.next() * SURNAME_TOTAL;
  for (const s of SURNAMES) {
    x -= s.weight;
    if (x < 0) return s.name;
  }
  return SURNAMES[0].name;
}

type Era = 'old' | 'middle' | 'young';
export type NameGender = 'male' | 'female';

/** Given names run in fashions: 建国 and 秀英 in the 1950s, 伟 and 芳 in the 1980s, 梓涵 today. */
const GIVEN: Record<NameGender, Record<Era, { whole: string[]; chars: string }>> = {
  male: {
    old: {
      whole: [
        '建国',
        '建华',
        '国庆',
        '志强',
        '德明',
        '明华',
        '永福',
        '文华',
        '志明',
        '国平',
        '建平',
        '光明',
        '德华',
        '春生',
        '玉林',
        '长江',
        '国强',
        '金福',
        '永和',
        '树林',
      ],
      chars: '国建明华德志文永福平军民林生强成富贵荣祥海泉山春发良才兴忠义全友昌',
    },
    middle: {
      whole: [
        '伟',
        '强',
        '磊',
        '军',
        '勇',
        '杰',
        '涛',
        '斌',
        '超',
        '鹏',
        '浩',
        '亮',
        '刚',
        '波',
        '辉',
        '峰',
        '小军',
        '建军',
        '海波',
        '志刚',
        '晓东',
        '俊杰',
        '文斌',
        '永红',
      ],
      chars: '伟强磊军勇杰涛斌超鹏浩亮刚波辉峰林飞鑫宇俊明洋健晨阳东平龙博凯毅剑松',
    },
    young: {
      whole: [
        '子轩',
        '浩然',
        '宇航',
        '梓豪',
        '俊熙',
        '一诺',
        '睿',
        '泽宇',
        '浩宇',
        '博文',
        '晨阳',
        '奕辰',
        '铭轩',
        '宇轩',
        '皓轩',
        '逸凡',
        '子墨',
        '嘉懿',
      ],
      chars: '子轩浩然宇航梓豪俊熙睿泽博文晨奕铭锦宸皓逸煜阳彬嘉烨昊霖天佑',
    },
  },
  female: {
    old: {
      whole: [
        '秀英',
        '桂英',
        '秀兰',
        '玉兰',
        '桂兰',
        '淑珍',
        '秀珍',
        '凤英',
        '玉珍',
        '素芬',
        '翠华',
        '玉梅',
        '桂芳',
        '淑华',
        '秀云',
        '素珍',
        '春兰',
        '德芬',
      ],
      chars: '秀英兰桂珍芳凤玉梅华琴芬翠淑素云霞莲菊香',
    },
    middle: {
      whole: [
        '芳',
        '丽',
        '静',
        '敏',
        '燕',
        '艳',
        '娟',
        '霞',
        '玲',
        '婷',
        '洁',
        '红',
        '晓梅',
        '春燕',
        '丽华',
        '小红',
        '海燕',
        '雪梅',
        '丽娟',
        '晓丽',
      ],
      chars: '芳丽静敏燕艳娟霞玲婷洁红梅琳倩雪晶慧颖莉丹萍蓉娜琴',
    },
    young: {
      whole: [
        '欣怡',
        '梓涵',
        '诗涵',
        '雨桐',
        '子涵',
        '可馨',
        '思彤',
        '若汐',
        '一诺',
        '佳怡',
        '语嫣',
        '紫萱',
        '梦琪',
        '雨萱',
        '欣妍',
        '沐晴',
      ],
      chars: '涵怡萱彤琪妍馨婷雅悦欣诗雨梓语佳可思若紫梦晴瑶',
    },
  },
};

/** A given name for someone born in `birthYear`: one character about one time in six. */
export function pickGivenName(rnd: Random, gender: NameGender, birthYear: number): string {
  const era: Era = birthYear < 1968 ? 'old' : birthYear < 1995 ? 'middle' : 'young';
  const pool = GIVEN[gender][era];
  if (rnd.next() < 0.45) return rnd.pick(pool.whole);
  const chars = Array.from(pool.chars);
  const a = rnd.pick(chars);
  if (rnd.next() < 0.15) return a;
  let b = rnd.pick(chars);
  while (b === a) b = rnd.pick(chars);
  return a + b;
}

/** Where a person's ID was issued and their 户口 lies. */
export interface Origin {
  /** GB/T 2260 county code. */
  code: string;
  /** 省市县 as written in a 户籍地址. */
  prefix: string;
  towns: readonly string[];
  /** Chance of 土家族 or 苗族 (the Wuling mountains around 酉阳, 秀山, 彭水 and 恩施). */
  minority: number;
}

const o = (code: string, prefix: string, towns: string, minority = 0.01): Origin => ({
  code,
  prefix,
  towns: towns.split(' '),
  minority,
});

/** 綦江: 500222 (綦江县) on IDs issued before the county became a district in 2011, 500110 after. */
export const LOCAL = o('500222', '重庆市綦江区', '古南街道 文龙街道 三江街道 通惠街道', 0.01);
export const LOCAL_NEW_CODE = '500110';

/** Chongqing people who moved their 户口 here from another district keep their old ID number. */
export const CHONGQING_ORIGINS: readonly Origin[] = [
  o('500112', '重庆市渝北区', '龙溪街道 双龙湖街道'),
  o('500106', '重庆市沙坪坝区', '小龙坎街道 井口街道'),
  o('500113', '重庆市巴南区', '鱼洞街道 李家沱街道'),
  o('500231', '重庆市垫江县', '桂溪街道 澄溪镇'),
  o('500233', '重庆市忠县', '忠州街道 拔山镇'),
  o('500242', '重庆市酉阳土家族苗族自治县', '钟多街道 龙潭镇', 0.6),
  o('500241', '重庆市秀山土家族苗族自治县', '中和街道 清溪场镇', 0.6),
  o('500243', '重庆市彭水苗族土家族自治县', '汉葭街道 郁山镇', 0.6),
];

/** Where 于家一's and 锦绣春天's temporary residents come from: the neighbouring provinces. */
export const FLOATING_ORIGINS: readonly { origin: Origin; weight: number }[] = [
  { origin: o('511621', '四川省广安市岳池县', '九龙镇 花园镇 坪滩镇'), weight: 8 },
  { origin: o('511622', '四川省广安市武胜县', '沿口镇 中心镇'), weight: 5 },
  { origin: o('511322', '四川省南充市营山县', '朗池镇 双河镇'), weight: 5 },
  { origin: o('510521', '四川省泸州市泸县', '福集镇 玄滩镇'), weight: 6 },
  { origin: o('511923', '四川省巴中市平昌县', '江口镇 白衣镇'), weight: 3 },
  { origin: o('511025', '四川省内江市资中县', '水南镇 球溪镇'), weight: 3 },
  { origin: o('520322', '贵州省遵义市桐梓县', '娄山关街道 松坎镇'), weight: 9 },
  { origin: o('520323', '贵州省遵义市绥阳县', '洋川街道 郑场镇'), weight: 4 },
  { origin: o('520324', '贵州省遵义市正安县', '凤仪街道 安场镇'), weight: 4 },
  { origin: o('520521', '贵州省毕节市大方县', '顺德街道 羊场镇'), weight: 3 },
  { origin: o('522624', '贵州省黔东南苗族侗族自治州三穗县', '八弓镇 台烈镇', 0.5), weight: 1 },
  { origin: o('422801', '湖北省恩施土家族苗族自治州恩施市', '龙凤镇 崔家坝镇', 0.5), weight: 3 },
  { origin: o('422802', '湖北省恩施土家族苗族自治州利川市', '汪营镇 团堡镇', 0.5), weight: 2 },
  { origin: o('422826', '湖北省恩施土家族苗族自治州咸丰县', '高乐山镇 忠堡镇', 0.5), weight: 1 },
  // 跨区县 within Chongqing counts as floating too.
  { origin: CHONGQING_ORIGINS[5], weight: 2 },
  { origin: CHONGQING_ORIGINS[6], weight: 2 },
  { origin: CHONGQING_ORIGINS[7], weight: 2 },
  { origin: CHONGQING_ORIGINS[3], weight: 2 },
];
const FLOATING_TOTAL = FLOATING_ORIGINS.reduce((a, f) => a + f.weight, 0);

export function pickFloatingOrigin(rnd: Random): Origin {
  let x = rnd.next() * FLOATING_TOTAL;
  for (const f of FLOATING_ORIGINS) {
    x -= f.weight;
    if (x < 0) return f.origin;
  }
  return FLOATING_ORIGINS[0].origin;
}

const VILLAGES = '新桥 石板 龙井 白果 红岩 大坪 青龙 河坝 长岭 金竹 高坎 黄桷 水井 松林 柏树';

/** A rural 户籍地址 in the person's home county. */
export function ruralAddress(rnd: Random, origin: Origin): string {
  return `${origin.prefix}${rnd.pick(origin.towns)}${rnd.pick(VILLAGES.split(' '))}村${rnd.int(1, 12)}组`;
}

const STREETS = '沱湾路 九龙大道 南州大道 古南大道 文龙路 新街 通惠大道 滨河路';

/** An urban address in 綦江 for owners who live elsewhere. */
export function townAddress(rnd: Random): string {
  return `重庆市綦江区古南街道${rnd.pick(STREETS.split(' '))}${rnd.int(1, 300)}号`;
}

export function pickEthnicity(rnd: Random, origin: Origin): string {
  const x = rnd.next();
  if (x < origin.minority) return rnd.next() < 0.6 ? '土家族' : '苗族';
  if (x < origin.minority + 0.004) return rnd.pick(['回族', '彝族', '壮族']);
  return '汉族';
}

/** 境外人员 in the demo: people registered by passport (境外人员住宿登记). */
export const OVERSEAS = [
  { name: '阮氏梅', gender: 'female', passport: 'C4820193', country: '越南' },
  { name: '黎氏香', gender: 'female', passport: 'C5193726', country: '越南' },
  { name: '金敏俊', gender: 'male', passport: 'M73019284', country: '韩国' },
  { name: '山田健一', gender: 'male', passport: 'TZ1842093', country: '日本' },
] as const;
