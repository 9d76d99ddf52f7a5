import { GENDERS, PARTY_SIDES, type PartySide } from './mediation.js';

// The wording of the mediation documents, shared by the .docx the server writes and the page the
// browser prints, so both say exactly the same.

/** 2026年11月23日 from YYYY-MM-DD (or an ISO instant's date part); blanks to fill in by hand when unknown. */
export function cnDate(day: string | null | undefined): string {
  if (!day) return '____年__月__日';
  const [y, m, d] = day.slice(0, 10).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

export interface PartyFacts {
  side: PartySide;
  name: string;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  ethnicity: string;
  occupation: string;
  address: string;
  phoneMasked: string | null;
  representative: string;
  representativeRole: string;
}

/** 当事人的基本情况 in one line: 申请人：王某，女，1961年3月5日出生，汉族，退休，住…，公民身份号码…。 */
export function partyLine(p: PartyFacts, idShown: string | null): string {
  const bits = [
    p.name,
    p.gender ? GENDERS[p.gender] : null,
    p.birthDate ? `${cnDate(p.birthDate)}出生` : null,
    p.ethnicity || null,
    p.occupation || null,
    p.address ? `住${p.address}` : null,
    idShown ? `公民身份号码${idShown}` : null,
    p.phoneMasked ? `联系电话${p.phoneMasked}` : null,
  ].filter(Boolean);
  const rep = p.representative ? `。${p.representativeRole || '委托代理人'}：${p.representative}` : '';
  return `${PARTY_SIDES[p.side]}：${bits.join('，')}${rep}。`;
}

/** 人民调解法 arts. 29, 31 and 33, as the closing clauses of every written agreement. */
export const AGREEMENT_EFFECT =
  '本协议自各方当事人签名（盖章）或按指印、人民调解员签名并加盖人民调解委员会印章之日起生效。人民调解委员会对调解协议的履行情况进行监督，督促当事人履行约定的义务。';
export const agreementCopies = (copies: number) =>
  `当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。本协议一式${copies}份，当事人各执一份，人民调解委员会留存一份。`;
