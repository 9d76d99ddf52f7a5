import type { AgreementContent } from '../../../shared/api/mediation.js';
import { FILE_ITEMS, type FileItem } from '../../../shared/mediation.js';

/** What the completeness check needs to know about a case; pure, so the rules test without a database. */
export interface CaseFileFacts {
  status: string;
  outcome: string | null;
  acceptedAt: Date | null;
  rightsNotifiedAt: Date | null;
  parties: { name: string; idMasked: string | null; representative: string }[];
  documentKinds: readonly string[];
  sessions: number;
  agreement: AgreementContent | null;
  agreementSignedOn: string | null;
  partiesSigned: boolean;
  mediatorSigned: boolean;
  sealed: boolean;
  oralContent: string | null;
  referral: string | null;
  referralDestination: string | null;
  followupsDone: number;
  judicialStatus: string;
  explanations: Record<string, string>;
}

/** Items a 情况说明 may stand in for; a missing record, agreement or signature never passes review. */
export const EXPLAINABLE: readonly FileItem[] = [
  'rights_notice',
  'id_proof',
  'power_of_attorney',
  'followup',
  'judicial',
];

/** The parts of a written agreement the law asks for (人民调解法 art. 29), with their labels. */
export const AGREEMENT_PARTS: readonly [keyof AgreementContent, string][] = [
  ['facts', '纠纷的主要事实'],
  ['disputes', '争议事项'],
  ['responsibilities', '各方当事人的责任'],
  ['terms', '当事人达成调解协议的内容'],
  ['performanceManner', '履行方式'],
  ['performanceDeadline', '履行期限'],
];

export function missingAgreementParts(a: AgreementContent | null): string[] {
  if (!a) return AGREEMENT_PARTS.map(([, label]) => label);
  return AGREEMENT_PARTS.filter(([key]) => {
    const v = a[key];
    return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
  }).map(([, label]) => label);
}

/**
 * The 卷宗 check before a case closes (DOMAIN.md: 申请书或受理登记表, 权利义务告知书, 身份证明, 调解记录,
 * 协议书, 封底; as needed 委托书, 回访记录, 司法确认材料 …). The 受理登记表 and 封底 are generated from
 * the case itself, so they are present once the case was accepted. Returns what is missing, each
 * with what to do about it.
 */
export function missingItems(f: CaseFileFacts): { item: FileItem; label: string; hint: string }[] {
  const out: { item: FileItem; hint: string }[] = [];
  const explained = (item: FileItem) =>
    EXPLAINABLE.includes(item) && (f.explanations[item] ?? '').trim() !== '';
  const need = (item: FileItem, ok: boolean, hint: string) => {
    if (!ok && !explained(item)) out.push({ item, hint });
  };
  const has = (kind: string) => f.documentKinds.includes(kind);

  need('register', f.acceptedAt !== null, '案件尚未受理，受理后系统生成受理登记表');
  need('rights_notice', f.rightsNotifiedAt !== null, '请向当事人告知权利义务并在案件中确认，或上传情况说明');
  const noId = f.parties.filter((p) => !p.idMasked).map((p) => p.name);
  need(
    'id_proof',
    f.parties.length > 0 && (noId.length === 0 || has('id_proof')),
    f.parties.length === 0
      ? '案件还没有当事人'
      : `以下当事人缺少身份证明：${noId.join('、')}（登记证件号或上传身份证明）`,
  );
  need('record', f.sessions > 0, '至少需要一次调解记录（调解笔录）');
  if (f.outcome === 'written') {
    const parts = missingAgreementParts(f.agreement);
    need('agreement', parts.length === 0, `调解协议书缺少：${parts.join('、')}`);
    const unsigned = [
      !f.partiesSigned && '当事人签名或捺印',
      !f.mediatorSigned && '调解员签名',
      !f.sealed && '调解委员会印章',
      !f.agreementSignedOn && '签订日期',
    ].filter(Boolean);
    need('signatures', unsigned.length === 0, `协议书缺少：${unsigned.join('、')}`);
  }
  if (f.outcome === 'oral')
    need('agreement', (f.oralContent ?? '').trim() !== '', '口头协议的内容需要记录在案');
  if (f.outcome === 'failed')
    need('referral', !!f.referral && !!f.referralDestination?.trim(), '请记录调解不成后引导当事人去向的单位');
  const represented = f.parties.filter((p) => p.representative.trim() !== '');
  if (represented.length > 0)
    need(
      'power_of_attorney',
      has('power_of_attorney'),
      `有代理人的当事人（${represented.map((p) => p.name).join('、')}）需要委托书`,
    );
  if (f.outcome === 'written' || f.outcome === 'oral')
    need('followup', f.followupsDone > 0, '达成协议后至少需要一次回访记录');
  if (f.judicialStatus !== 'none') need('judicial', has('judicial'), '已申请司法确认，请上传司法确认材料');
  return out.map((m) => ({ ...m, label: FILE_ITEMS[m.item] }));
}
