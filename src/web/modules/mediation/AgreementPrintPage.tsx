import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Result, Space } from 'antd';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { PARTY_SIDES } from '../../../shared/mediation.js';
import { AGREEMENT_EFFECT, agreementCopies, cnDate, partyLine } from '../../../shared/mediation-text.js';
import { errorMessage } from '../../app/api.js';
import { PageLoading } from '../../app/components/PageLoading.js';
import { mediationApi, mediationKeys } from './api.js';
import './mediation.css';

const paras = (text: string) =>
  (text.trim() || '（无）').split(/\r?\n/).map((line, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: lines of one text, never reordered
    <p key={i}>{line}</p>
  ));

/**
 * 人民调解协议书 as printed and signed: the same parts as the .docx (人民调解法 art. 29), on a page of
 * its own so the browser prints nothing else.
 */
export function AgreementPrintPage() {
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: mediationKeys.case(id), queryFn: () => mediationApi.case(id) });
  useEffect(() => {
    if (q.data) document.title = `${q.data.no} 人民调解协议书`;
  }, [q.data]);
  if (q.isLoading) return <PageLoading />;
  if (!q.data) return <Result status="warning" title="无法打开协议书" subTitle={errorMessage(q.error)} />;
  const c = q.data;
  const a = c.agreement.content;
  const copies = a.copies ?? c.parties.length + 1;
  return (
    <div style={{ background: '#f0f2f5', minHeight: '100vh', padding: '16px 0' }}>
      <Space
        className="anju-no-print"
        style={{ display: 'flex', justifyContent: 'center', marginBottom: 12 }}
      >
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
      </Space>
      <article className="anju-agreement" data-testid="agreement">
        <h1>人民调解协议书</h1>
        <p className="anju-agreement-no">编号：{c.no}</p>
        <h2>当事人基本情况</h2>
        {c.parties.map((p) => (
          <p key={p.id} className="no-indent">
            {partyLine(p, p.idMasked)}
          </p>
        ))}
        <h2>一、纠纷的主要事实</h2>
        {paras(a.facts)}
        <h2>二、争议事项</h2>
        {paras(a.disputes)}
        <h2>三、各方当事人的责任</h2>
        {paras(a.responsibilities)}
        <p>经{c.committeeName}调解，当事人自愿达成如下协议：</p>
        <h2>四、协议内容</h2>
        {paras(a.terms)}
        <h2>五、履行方式、地点和期限</h2>
        <p>履行方式：{a.performanceManner || '（无）'}</p>
        <p>履行地点：{a.performancePlace || '（无）'}</p>
        <p>履行期限：{a.performanceDeadline ? `${cnDate(a.performanceDeadline)}前履行完毕` : '（无）'}</p>
        <h2>六、其他约定</h2>
        <p>{AGREEMENT_EFFECT}</p>
        <p>{agreementCopies(copies)}</p>
        <div className="anju-agreement-sign">
          <h2>签署</h2>
          {c.parties.map((p) => (
            <p key={p.id}>
              {`${PARTY_SIDES[p.side]}（签名或按指印）：${p.name}　　　　日期：____年__月__日`}
            </p>
          ))}
          <p>
            {`人民调解员（签名）：${c.mediators.map((m) => m.name).join('、') || '________'}　　　　日期：____年__月__日`}
          </p>
          <p>{c.committeeName}（盖章）</p>
          <p>{cnDate(c.agreement.signedOn)}</p>
        </div>
      </article>
    </div>
  );
}
