import { useQuery } from '@tanstack/react-query';
import { Card, Empty, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { PageHeader } from '../../app/components/PageHeader.js';
import { mediationApi, mediationKeys } from './api.js';
import { CaseStatusTag, day, RiskTag } from './meta.js';
import './mediation.css';

/** 预警: open cases at risk of escalating (预警 → 调解 → 处置), and the follow-ups due. */
export function WarningsPage() {
  const warnings = useQuery({ queryKey: mediationKeys.warnings, queryFn: mediationApi.warnings });
  const due = useQuery({ queryKey: mediationKeys.due, queryFn: mediationApi.due });
  return (
    <div>
      <PageHeader
        title="纠纷预警"
        description="有激化风险的在办案件，高风险在前；重大案件须包案，群体性纠纷启动应急联动"
      />
      <Card className="anju-card" title={`预警案件（${warnings.data?.items.length ?? 0}）`}>
        <List
          loading={warnings.isLoading}
          dataSource={warnings.data?.items ?? []}
          locale={{ emptyText: <Empty description="目前没有需要预警的案件" /> }}
          renderItem={(w) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Link to={`/mediation/cases/${w.id}`}>{w.title}</Link>
                    <RiskTag flag={w.riskFlag} level={w.riskLevel} />
                    <CaseStatusTag status={w.status} />
                    {w.emergency && <Tag color="red">应急联动中</Tag>}
                    {w.needsLead && <Tag color="orange">未包案</Tag>}
                    {w.leadDeadline && <Tag>包案时限 {w.leadDeadline}</Tag>}
                  </Space>
                }
                description={`${w.no} · ${w.placeName} · ${w.categoryLabel} · 登记于 ${day(w.createdAt)}${w.riskNote ? ` · ${w.riskNote}` : ''}`}
              />
            </List.Item>
          )}
        />
      </Card>
      <Card className="anju-card" title="近期回访">
        <List
          loading={due.isLoading}
          dataSource={due.data?.items ?? []}
          locale={{ emptyText: <Empty description="近三天没有待回访的案件" /> }}
          renderItem={(f) => (
            <List.Item>
              <Space wrap>
                <span className="anju-mono">{f.dueOn}</span>
                {f.overdue ? <Tag color="red">逾期</Tag> : <Tag>待回访</Tag>}
                <Link to={`/mediation/cases/${f.caseId}`}>
                  {f.caseNo} {f.caseTitle}
                </Link>
              </Space>
            </List.Item>
          )}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          达成协议后第 7 天、第 30 天各回访一次；到期当天上午提醒主办调解员。
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
