import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import JSZip from 'jszip';
import type { CaseDetail } from '../../../shared/api/mediation.js';
import {
  CASE_LEVELS,
  CASE_SOURCES,
  CASE_STATUSES,
  DOCUMENT_KINDS,
  FILE_ITEMS,
  FOLLOWUP_METHODS,
  OUTCOMES,
  PARTY_SIDES,
  REFERRALS,
} from '../../../shared/mediation.js';
import { AGREEMENT_EFFECT, agreementCopies, cnDate, partyLine } from '../../../shared/mediation-text.js';
import { shanghaiDate } from '../../platform/calendar/index.js';

const FONT = '宋体';
const run = (text: string, opts: { bold?: boolean; size?: number } = {}) =>
  new TextRun({ text, font: FONT, size: opts.size ?? 24, bold: opts.bold });
const para = (
  text: string,
  opts: { bold?: boolean; center?: boolean; size?: number; indent?: boolean } = {},
) =>
  new Paragraph({
    alignment: opts.center ? AlignmentType.CENTER : AlignmentType.LEFT,
    spacing: { after: 120, line: 360 },
    indent: opts.indent ? { firstLine: 480 } : undefined,
    children: [run(text, opts)],
  });
/** Multi-line text as paragraphs, each line its own, first-line indented as Chinese documents are. */
const body = (text: string) =>
  (text.trim() || '（无）').split(/\r?\n/).map((line) => para(line, { indent: true }));
const heading = (text: string) =>
  new Paragraph({
    heading: HeadingLevel.HEADING_2,
    spacing: { before: 240, after: 120 },
    children: [run(text, { bold: true, size: 28 })],
  });
const title = (text: string) =>
  new Paragraph({
    heading: HeadingLevel.HEADING_1,
    alignment: AlignmentType.CENTER,
    spacing: { after: 240 },
    children: [run(text, { bold: true, size: 36 })],
  });

const localDay = (iso: string | null) => (iso ? shanghaiDate(new Date(iso)) : null);
const localTime = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

function table(rows: [string, string][]) {
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      ([k, v]) =>
        new TableRow({
          children: [
            new TableCell({
              borders,
              width: { size: 25, type: WidthType.PERCENTAGE },
              children: [para(k, { bold: true })],
            }),
            new TableCell({
              borders,
              width: { size: 75, type: WidthType.PERCENTAGE },
              children: body(v).length ? body(v) : [para('')],
            }),
          ],
        }),
    ),
  });
}

const lineOf = (
  p: CaseDetail['parties'][number],
  idShown: (p: CaseDetail['parties'][number]) => string | null,
) => partyLine(p, idShown(p));

/**
 * The paragraphs of a 人民调解协议书 with everything 人民调解法 art. 29 asks: the parties' basic
 * information, the main facts, disputed points and responsibilities, the agreed content, the manner,
 * place and deadline of performance, the places for signatures, fingerprints and the seal, and the
 * number of copies.
 */
export function agreementParagraphs(
  c: CaseDetail,
  committeeName: string,
  idShown: (p: CaseDetail['parties'][number]) => string | null,
) {
  const a = c.agreement.content;
  const copies = a.copies ?? c.parties.length + 1;
  const signLines = c.parties.map((p) =>
    para(`${PARTY_SIDES[p.side]}（签名或按指印）：${p.name}            日期：____年__月__日`),
  );
  return [
    title('人民调解协议书'),
    para(`编号：${c.no}`, { center: true }),
    heading('当事人基本情况'),
    ...c.parties.map((p) => para(lineOf(p, idShown))),
    heading('一、纠纷的主要事实'),
    ...body(a.facts),
    heading('二、争议事项'),
    ...body(a.disputes),
    heading('三、各方当事人的责任'),
    ...body(a.responsibilities),
    para(`经${committeeName}调解，当事人自愿达成如下协议：`, { indent: true }),
    heading('四、协议内容'),
    ...body(a.terms),
    heading('五、履行方式、地点和期限'),
    para(`履行方式：${a.performanceManner || '（无）'}`, { indent: true }),
    para(`履行地点：${a.performancePlace || '（无）'}`, { indent: true }),
    para(`履行期限：${a.performanceDeadline ? `${cnDate(a.performanceDeadline)}前履行完毕` : '（无）'}`, {
      indent: true,
    }),
    heading('六、其他约定'),
    para(AGREEMENT_EFFECT, { indent: true }),
    para(agreementCopies(copies), { indent: true }),
    heading('签署'),
    ...signLines,
    para(
      `人民调解员（签名）：${c.mediators.map((m) => m.name).join('、') || '________'}            日期：____年__月__日`,
    ),
    para(`${committeeName}（盖章）`),
    para(c.agreement.signedOn ? cnDate(c.agreement.signedOn) : '____年__月__日'),
  ];
}

function doc(children: (Paragraph | Table)[]) {
  return new Document({
    creator: '安居 Anju',
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [
      {
        properties: { page: { margin: { top: 1440, bottom: 1440, left: 1560, right: 1560 } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ children: ['第 ', PageNumber.CURRENT, ' 页'], font: FONT, size: 18 }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
}

export async function agreementDocx(
  c: CaseDetail,
  committeeName: string,
  idShown: (p: CaseDetail['parties'][number]) => string | null,
) {
  return Packer.toBuffer(doc(agreementParagraphs(c, committeeName, idShown)));
}

const pageBreak = () => new Paragraph({ children: [new PageBreak()] });

/** The 卷宗 as one .docx: cover, contents, then each record in the order reviewers read them. */
export async function caseFileDocx(
  c: CaseDetail,
  committeeName: string,
  idShown: (p: CaseDetail['parties'][number]) => string | null,
) {
  const sections: { name: string; children: (Paragraph | Table)[] }[] = [];
  sections.push({
    name: '受理登记表',
    children: [
      title('人民调解受理登记表'),
      table([
        ['案件编号', c.no],
        ['案件名称', c.title],
        ['纠纷类别', c.categoryLabel],
        ['案件来源', CASE_SOURCES[c.source]],
        ['纠纷地点', c.placeName],
        ['受理调委会', committeeName],
        ['当事人', c.parties.map((p) => `${PARTY_SIDES[p.side]} ${p.name}`).join('\n') || '（无）'],
        ['纠纷简要情况', c.description],
        ['争议金额', c.amount ? `${c.amount} 元` : '—'],
        ['登记日期', cnDate(localDay(c.createdAt))],
        ['受理日期', cnDate(localDay(c.acceptedAt))],
      ]),
    ],
  });
  sections.push({
    name: '权利义务告知书',
    children: [
      title('人民调解权利义务告知书'),
      para(
        '根据《中华人民共和国人民调解法》，当事人在人民调解活动中享有下列权利：选择或者接受人民调解员；接受调解、拒绝调解或者要求终止调解；要求调解公开进行或者不公开进行；自主表达意愿、自愿达成调解协议。',
        { indent: true },
      ),
      para(
        '当事人在人民调解活动中履行下列义务：如实陈述纠纷事实；遵守调解现场秩序，尊重人民调解员；尊重对方当事人行使权利。人民调解不收取任何费用。',
        { indent: true },
      ),
      para(
        c.rightsNotifiedAt ? `已于${cnDate(localDay(c.rightsNotifiedAt))}告知当事人。` : '（尚未记录告知）',
      ),
    ],
  });
  sections.push({
    name: '当事人身份情况',
    children: [title('当事人身份情况'), ...c.parties.map((p) => para(lineOf(p, idShown)))],
  });
  sections.push({
    name: '调解记录',
    children: [
      title('人民调解记录'),
      ...(c.sessions.length === 0
        ? [para('（无调解记录）')]
        : c.sessions.flatMap((s, i) => [
            heading(`第 ${i + 1} 次调解`),
            table([
              ['时间', localTime(s.heldAt)],
              ['地点', s.place],
              ['参加人员', s.attendees],
              ['记录人', s.recordedBy],
              ['调解笔录', s.record],
            ]),
          ])),
    ],
  });
  if (c.outcome === 'written')
    sections.push({ name: '人民调解协议书', children: agreementParagraphs(c, committeeName, idShown) });
  else if (c.outcome === 'oral')
    sections.push({
      name: '口头调解协议',
      children: [
        title('口头调解协议登记'),
        para('当事人达成口头调解协议，协议内容记录如下：', { indent: true }),
        ...body(c.oralContent ?? ''),
      ],
    });
  else if (c.outcome === 'failed')
    sections.push({
      name: '调解终结',
      children: [
        title('调解终结告知'),
        para(
          `本纠纷经调解未能达成协议。已告知当事人可以通过${c.referral ? REFERRALS[c.referral] : ''}途径解决，去向：${c.referralDestination ?? ''}。`,
          { indent: true },
        ),
      ],
    });
  if (c.followups.length)
    sections.push({
      name: '回访记录',
      children: [
        title('回访记录'),
        ...c.followups.flatMap((f) => [
          table([
            ['应回访日期', cnDate(f.dueOn)],
            ['回访时间', f.doneAt ? localTime(f.doneAt) : '（未回访）'],
            ['方式', f.method ? FOLLOWUP_METHODS[f.method] : '—'],
            ['回访人', f.byName ?? '—'],
            ['回访情况', f.note],
          ]),
          para(''),
        ]),
      ],
    });
  sections.push({
    name: '证据及材料清单',
    children: [
      title('证据及材料清单'),
      para('每份材料在上传时计算 SHA-256 摘要，可用于核对材料未被改动。', { indent: true }),
      ...(c.documents.length === 0
        ? [para('（无）')]
        : c.documents.map((d, i) =>
            para(`${i + 1}. 【${DOCUMENT_KINDS[d.kind]}】${d.name}（${d.size} 字节）SHA-256：${d.sha256}`),
          )),
    ],
  });
  const explained = Object.entries(c.explanations).filter(([, v]) => v.trim());
  if (explained.length)
    sections.push({
      name: '情况说明',
      children: [
        title('情况说明'),
        ...explained.map(([k, v]) =>
          para(`${FILE_ITEMS[k as keyof typeof FILE_ITEMS] ?? k}：${v}`, { indent: true }),
        ),
      ],
    });
  sections.push({
    name: '封底（卷内备考表）',
    children: [
      title('卷内备考表'),
      table([
        ['本卷情况说明', `本卷共 ${sections.length + 3} 部分，证据及材料 ${c.documents.length} 份。`],
        ['结案方式', c.outcome ? OUTCOMES[c.outcome] : CASE_STATUSES[c.status]],
        ['立卷人', c.mediators.find((m) => m.lead)?.name ?? '—'],
        ['结案日期', cnDate(localDay(c.closedAt ?? c.resolvedAt))],
      ]),
    ],
  });

  const cover = [
    para(''),
    para(''),
    title(`${committeeName}`),
    title('人民调解卷宗'),
    para(''),
    table([
      ['案号', c.no],
      ['案由', `${c.title}（${c.categoryLabel}）`],
      ['当事人', c.parties.map((p) => p.name).join('、') || '—'],
      ['调解员', c.mediators.map((m) => m.name).join('、') || '—'],
      ['层级', CASE_LEVELS[c.level]],
      ['受理日期', cnDate(localDay(c.acceptedAt))],
      ['结案日期', cnDate(localDay(c.closedAt ?? c.resolvedAt))],
      ['调解结果', c.outcome ? OUTCOMES[c.outcome] : CASE_STATUSES[c.status]],
    ]),
  ];
  const contents = [title('卷内目录'), ...sections.map((s, i) => para(`${i + 1}. ${s.name}`))];
  const children: (Paragraph | Table)[] = [...cover, pageBreak(), ...contents];
  for (const s of sections) children.push(pageBreak(), ...s.children);
  return Packer.toBuffer(doc(children));
}

/** The 卷宗 .docx and every evidence file, with a SHA-256 manifest, in one .zip. */
export async function caseFileZip(
  c: CaseDetail,
  docx: Buffer,
  evidence: { name: string; kind: string; sha256: string; bytes: Buffer }[],
): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(`${c.no}-卷宗.docx`, docx);
  const used = new Set<string>();
  const lines = ['SHA-256 摘要  文件'];
  evidence.forEach((e, i) => {
    let name = `${String(i + 1).padStart(2, '0')}-${e.name}`;
    while (used.has(name)) name = `_${name}`;
    used.add(name);
    zip.file(`证据材料/${name}`, e.bytes);
    lines.push(`${e.sha256}  证据材料/${name}`);
  });
  zip.file('证据清单-SHA256.txt', `${lines.join('\n')}\n`);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
