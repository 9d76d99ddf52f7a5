import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Radio,
  Result,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { CHOICES, type Choice, COMMITTEE_POSTS, LIST_KINDS, VOTE_RULES } from '../../../shared/governance.js';
import { errorMessage } from '../../app/api.js';
import { formatDateTime } from '../../app/format.js';
import { govApi, govKeys, type MyVotes, type ResultNotice } from './api.js';
import './governance.css';
import '../requests/public.css';

// Residents' pages: their open votes (signed in, phone-sized), and the public estate board, result
// notices and rules (no login, opened from a QR code or a link in WeChat). Plain words, large type.

function shanghaiDate(iso: string) {
  return formatDateTime(iso).slice(0, 10);
}

// ── my votes ──

export function MyVotesPage() {
  const mine = useQuery({ queryKey: govKeys.of('mine'), queryFn: govApi.myVotes });
  if (mine.isError) return <Alert type="error" showIcon title={errorMessage(mine.error)} />;
  if (!mine.data) return <Spin />;
  const d = mine.data;
  return (
    <div className="anju-gov-phone">
      <Typography.Title level={4}>我的表决</Typography.Title>
      {!d.verified ? (
        <Result
          status="info"
          title="尚未核验业主身份"
          subTitle="请携带不动产权证书和身份证到小区业委会办理核验，核验后即可在手机上参与业主表决。"
        />
      ) : d.items.length === 0 ? (
        <Empty description="目前没有需要您参与的表决" />
      ) : (
        d.items.map((v) => <MyVoteCard key={v.id} v={v} />)
      )}
    </div>
  );
}

function MyVoteCard({ v }: { v: MyVotes['items'][number] }) {
  const open = v.status === 'open' && new Date(v.endsAt).getTime() > Date.now();
  return (
    <Card className="anju-gov-vote-card" data-testid="my-vote">
      <div className="anju-gov-vote-title">{v.title}</div>
      <div className="anju-gov-muted">
        {v.estateName} · 截止 {formatDateTime(v.endsAt)}{' '}
        {open ? (
          <Tag color="processing">表决中</Tag>
        ) : v.passed === null ? (
          <Tag>已截止</Tag>
        ) : v.passed ? (
          <Tag color="success">已通过</Tag>
        ) : (
          <Tag color="error">未通过</Tag>
        )}
      </div>
      {v.description && (
        <Typography.Paragraph className="anju-gov-text">{v.description}</Typography.Paragraph>
      )}
      <div className="anju-gov-muted">表决规则：{VOTE_RULES[v.rule]}</div>
      {v.houses.map((h) => (
        <HouseBallot key={h.houseId} v={v} h={h} open={open} />
      ))}
    </Card>
  );
}

function HouseBallot({
  v,
  h,
  open,
}: {
  v: MyVotes['items'][number];
  h: MyVotes['items'][number]['houses'][number];
  open: boolean;
}) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [choice, setChoice] = useState<Choice>();
  const [picks, setPicks] = useState<string[]>([]);
  const cast = useMutation({
    mutationFn: () =>
      govApi.castOnline(
        v.id,
        v.kind === 'matter' ? { houseId: h.houseId, choice } : { houseId: h.houseId, candidateIds: picks },
      ),
    onSuccess: async () => {
      message.success('投票成功，感谢您的参与');
      await qc.invalidateQueries({ queryKey: govKeys.of('mine') });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <div className="anju-gov-house">
      <div className="anju-gov-house-head">
        {h.address}（{h.area} m²）
      </div>
      {h.voted ? (
        <Alert
          type="success"
          showIcon
          title={`已投票：${
            h.choice
              ? CHOICES[h.choice]
              : `选择 ${(h.candidateIds ?? []).map((c) => v.candidates.find((x) => x.id === c)?.name).join('、') || '（弃权）'}`
          }`}
          description={h.castAt ? `投票时间 ${formatDateTime(h.castAt)}，每户只能投一次` : undefined}
        />
      ) : !h.isVoter ? (
        <Typography.Text type="secondary">
          本户由共有人 {h.voterName ?? '（未指定）'} 投票
          {open ? '；如需改由您投票，请在投票前与其他共有人一起到业委会办理' : ''}。
        </Typography.Text>
      ) : !open ? (
        <Typography.Text type="secondary">未投票，表决已截止</Typography.Text>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {v.kind === 'matter' ? (
            <Radio.Group
              className="anju-gov-choices"
              value={choice}
              onChange={(e) => setChoice(e.target.value)}
              optionType="button"
              buttonStyle="solid"
              size="large"
              options={Object.entries(CHOICES).map(([value, label]) => ({ value, label }))}
            />
          ) : (
            <Checkbox.Group
              value={picks}
              onChange={(x) => setPicks((x as string[]).slice(0, v.seats ?? 1))}
              options={v.candidates.map((c) => ({ value: c.id, label: c.name }))}
            />
          )}
          <Button
            type="primary"
            size="large"
            block
            disabled={v.kind === 'matter' && !choice}
            loading={cast.isPending}
            onClick={() => cast.mutate()}
          >
            提交表决票
          </Button>
          <Typography.Text type="secondary">提交后不能修改。</Typography.Text>
        </Space>
      )}
    </div>
  );
}

// ── public ──

export function PublicEstatePage() {
  const { estateId = '' } = useParams();
  const board = useQuery({
    queryKey: govKeys.of('public', estateId),
    queryFn: () => govApi.publicEstate(estateId),
  });
  if (board.isError) return <PublicError error={board.error} />;
  if (!board.data) return <Spin />;
  const b = board.data;
  return (
    <div className="public-page anju-gov-public">
      <div className="public-header">
        <Typography.Title level={4}>{b.estateName}</Typography.Title>
        <Typography.Text type="secondary">业主自治公示</Typography.Text>
      </div>
      {b.notices.length > 0 && (
        <Card title="表决结果公告" size="small" className="anju-block-gap">
          {b.notices.map((n) => (
            <div key={n.id} className="anju-gov-public-row">
              <Link to={`/gov/notices/${n.id}`}>{n.title}</Link>{' '}
              {n.passed ? <Tag color="success">通过</Tag> : <Tag color="error">未通过</Tag>}
              <span className="anju-gov-muted"> {shanghaiDate(n.publishedAt)}</span>
            </div>
          ))}
        </Card>
      )}
      {b.committee && (
        <Card title={b.committee.name} size="small" className="anju-block-gap">
          <div className="anju-gov-muted">
            任期 {b.committee.termStart} 至 {b.committee.termEnd}
          </div>
          {b.committee.members.map((m) => (
            <div key={m.id} className="anju-gov-public-row">
              {COMMITTEE_POSTS[m.post]}：{m.name}
            </div>
          ))}
        </Card>
      )}
      {b.propertyCompany && (
        <Card title="物业服务企业" size="small" className="anju-block-gap">
          <div>{b.propertyCompany.name}</div>
          <div className="anju-gov-muted">
            服务电话 {b.propertyCompany.contactPhone} · 合同期 {b.propertyCompany.contractStart} 至{' '}
            {b.propertyCompany.contractEnd}
          </div>
        </Card>
      )}
      {b.rules.length > 0 && (
        <Card title="规约与章程" size="small" className="anju-block-gap">
          {b.rules.map((r) => (
            <div key={r.id} className="anju-gov-public-row">
              <Link to={`/gov/rules/${r.id}`}>{r.title}</Link>
              {r.current && (
                <span className="anju-gov-muted">
                  （第 {r.current.version} 版，{r.current.effectiveOn} 起施行）
                </span>
              )}
            </div>
          ))}
        </Card>
      )}
      {b.lists.map((l) => (
        <Card key={l.id} title={l.title || LIST_KINDS[l.kind]} size="small" className="anju-block-gap">
          <ol className="anju-gov-list">
            {l.items.map((i) => (
              <li key={`${i.title}${i.responsible}${i.detail}`}>
                {i.title}
                {i.responsible && <span className="anju-gov-muted">（{i.responsible}）</span>}
                {i.detail && <div className="anju-gov-muted">{i.detail}</div>}
              </li>
            ))}
          </ol>
          <div className="anju-gov-muted">
            第 {l.version} 版 · {l.changedOn} 更新
          </div>
        </Card>
      ))}
    </div>
  );
}

function PublicError({ error }: { error: unknown }) {
  return (
    <div className="public-page">
      <Result status="404" title="页面不存在" subTitle={errorMessage(error)} />
    </div>
  );
}

/** The result notice, on A4 when printed: estate, date, figures for area and headcount separately. */
export function PublicNoticePage() {
  const { id = '' } = useParams();
  const notice = useQuery({ queryKey: govKeys.of('notice', id), queryFn: () => govApi.publicNotice(id) });
  if (notice.isError) return <PublicError error={notice.error} />;
  if (!notice.data) return <Spin />;
  return <NoticeSheet n={notice.data} />;
}

export function NoticeSheet({ n }: { n: ResultNotice }) {
  const r = n.result;
  const row = (label: string, x: { area: string; heads: number; houses: number }) => (
    <tr>
      <th>{label}</th>
      <td className="anju-mono">{x.area}</td>
      <td className="anju-mono">{x.heads}</td>
      <td className="anju-mono">{x.houses}</td>
    </tr>
  );
  return (
    <div className="anju-gov-sheet" data-testid="result-notice">
      <div className="anju-gov-sheet-actions">
        <Button onClick={() => window.print()}>打印</Button>
      </div>
      <h1>{n.title}</h1>
      <p className="anju-gov-sheet-meta">{n.estateName}</p>
      <table className="anju-gov-figures">
        <thead>
          <tr>
            <th />
            <th>专有部分面积（m²）</th>
            <th>业主人数（人）</th>
            <th>户数</th>
          </tr>
        </thead>
        <tbody>
          {row('全体业主', r.total)}
          {row('参与表决', r.participating)}
          {r.kind === 'matter' && row('同意', r.yes)}
          {r.kind === 'matter' && row('反对', r.no)}
          {r.kind === 'matter' && row('弃权', r.abstain)}
          {r.kind === 'election' &&
            r.candidates.map((c) =>
              row(
                `${n.candidates.find((x) => x.id === c.candidateId)?.name ?? ''}${c.elected ? '（当选）' : ''}`,
                c.support,
              ),
            )}
        </tbody>
      </table>
      <div className="anju-gov-sheet-body">
        {n.body.split('\n').map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
      <p className="anju-gov-sheet-sign">
        {n.estateName}业主委员会
        <br />
        {shanghaiDate(n.publishedAt)}
      </p>
    </div>
  );
}

export function PublicRulePage() {
  const { id = '' } = useParams();
  const rule = useQuery({ queryKey: govKeys.of('public-rule', id), queryFn: () => govApi.publicRule(id) });
  const [version, setVersion] = useState<number>();
  if (rule.isError) return <PublicError error={rule.error} />;
  if (!rule.data) return <Spin />;
  const d = rule.data;
  const shown = d.versions.find((v) => v.version === version) ?? d.current;
  return (
    <div className="public-page anju-gov-public">
      <div className="public-header">
        <Typography.Title level={4}>{d.title}</Typography.Title>
        <Typography.Text type="secondary">{d.estateName}</Typography.Text>
      </div>
      {shown ? (
        <>
          <Select
            value={shown.version}
            onChange={setVersion}
            style={{ width: '100%' }}
            options={d.versions.map((v) => ({
              value: v.version,
              label: `第 ${v.version} 版（${v.effectiveOn} 起施行）`,
            }))}
          />
          <p className="anju-gov-muted">
            {shown.adoptedByVote ? `经业主表决“${shown.adoptedByVote.title}”通过。` : ''}
            {shown.changeNote}
          </p>
          <div className="anju-gov-text anju-gov-rule-text">{shown.content}</div>
        </>
      ) : (
        <Empty />
      )}
    </div>
  );
}
