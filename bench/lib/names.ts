// Word pools for realistic Chinese place and person names. Deterministic through the seeded random.
import type { Random } from '../../demo/random.js';

/** A word list written as whitespace-separated text. */
function words(text: string): readonly string[] {
  return text.split(/\s+/).filter(Boolean);
}

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 35 → 三十五, 105 → 一百零五 (enough for grid and building numbers). */
export function cnNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n];
  if (n < 20) return `十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  if (n < 100) return `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  const rest = n % 100;
  const head = `${CN_DIGITS[Math.floor(n / 100)]}百`;
  if (rest === 0) return head;
  return rest < 10 ? `${head}零${CN_DIGITS[rest]}` : `${head}${rest < 20 ? '一' : ''}${cnNumber(rest)}`;
}

export const STREET_WORDS: readonly string[] = words(`
  古南 东城 西湖 南苑 北辰 新华 建设 和平 友谊 长江 黄河 朝阳 解放
  人民 光明 胜利 红旗 幸福 龙泉 金沙 清水 白云 青山 桃源 柳林 松柏
`);

export const COMMUNITY_WORDS: readonly string[] = words(`
  锦绣 于家 南华 春晖 明珠 福安 永宁 康乐 天和 文华 新风 民安 宝丰
  兴隆 景泰 德馨 安康 丰泽 长乐 嘉禾 瑞祥 怡和 祥和 华新 东升 玉泉
  碧水 晨光 金桥 银河 彩虹 凤凰 麒麟 梧桐 芙蓉 牡丹 海棠 紫薇 丁香
`);

export const ESTATE_PREFIXES: readonly string[] = words(`
  阳光 金色 翠湖 碧桂 御景 龙湖 滨江 紫荆 枫林 丽景 华府 水岸 香榭
  富力 星河 蓝湾 世纪 时代 东方 鸿运 望江 听涛 观澜 锦江 天悦 云顶
  书香 翰林 学府 恒大 融创 万象 和园 橡树 湖畔 山水 雅苑 静安 上林
`);

export const ESTATE_SUFFIXES: readonly string[] = words(`
  花园 家园 小区 苑 新村 公寓 雅居 名邸 华庭 春天 府 城
`);

const SURNAMES: readonly string[] = words(`
  王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹
  彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金
  石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵
  欧阳 司马 上官 诸葛
`);

const GIVEN: readonly string[] = words(`
  伟 芳 娜 秀英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞 平 刚 桂英 建华 建国 建军 志强
  志明 海燕 海涛 晓东 晓红 玉兰 玉梅 春梅 文 斌 鑫 宇 浩 欣怡 子涵 梓萱 一诺 雨桐 俊杰 浩然 思远 佳怡
  婷 雪 琳 凯 鹏 辉 华 红 英 兰 梅 桂芳 淑珍 凤英 德明 振华 国庆 卫东 丽华 美玲 文博 博文 嘉怡 子轩
  雨欣
`);

export function personName(rnd: Random): string {
  return `${rnd.pick(SURNAMES)}${rnd.pick(GIVEN)}`;
}

/** Names drawn without repeating until the pool is exhausted, then with a numeral suffix. */
export function uniqueNames(rnd: Random, pool: readonly string[]) {
  const shuffled = [...pool];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rnd.next() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  let n = 0;
  return () => {
    const base = shuffled[n % shuffled.length];
    const round = Math.floor(n / shuffled.length);
    n += 1;
    return round === 0 ? base : `${base}${cnNumber(round + 1)}`;
  };
}

/** Splits `total` into `parts` positive counts that vary by about ±`spread` and sum exactly to `total`. */
export function spread(rnd: Random, total: number, parts: number, spreadBy = 0.35): number[] {
  if (parts <= 0) return [];
  if (total < parts) throw new Error(`cannot split ${total} into ${parts} non-empty parts`);
  const weights = Array.from({ length: parts }, () => 1 - spreadBy + 2 * spreadBy * rnd.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.max(1, Math.floor((w / sum) * total)));
  let diff = total - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % parts) {
    if (diff > 0) {
      counts[i] += 1;
      diff -= 1;
    } else if (counts[i] > 1) {
      counts[i] -= 1;
      diff += 1;
    }
  }
  return counts;
}
