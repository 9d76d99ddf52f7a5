import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import {
  CHOICES,
  ELECTION_POSTS,
  VOTE_KINDS,
  VOTE_MATTERS,
  VOTE_RULES,
  VOTE_STATUSES,
  type VoteStatus,
  voteRuleOf,
} from '../../../shared/governance.js';
import { errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { formatDateTime } from '../../app/format.js';
import { useApiErrorHandler } from '../../app/forms.js';
import {
  type ElectorateList,
  fileToBase64,
  govApi,
  govKeys,
  type VoteDetail,
  type VoteResult,
} from './api.js';
import { EstatePicker, useEstate, withEstate } from './estate.js';

const STATUS_COLOR: Record<VoteStatus, string> = {
  draft: 'default',
  open: 'processing',
  closed: 'warning',
  published: 'success',
};
const opts = (m: Record<string, string>) => Object.entries(m).map(([value, label]) => ({ value, label }));

export function VoteStatusTag({ status }: { status: VoteStatus }) {
  return <Tag color={STATUS_COLOR[status]}>{VOTE_STATUSES[status]}</Tag>;
}

export function PassedTag({ passed }: { passed: boolean | null }) {
  if (passed === null) return <Typography.Text type="secondary">—</Typography.Text>;
  return passed ? <Tag color="success">通过</Tag> : <Tag color="error">未通过</Tag>;
}

// ── list ──

export function VotesPage() {
  const { can } = useAuth();
  const estate = useEstate();
  const [search, setSearch] = useSearchParams();
  const page = Math.max(1, Number(search.get('page')) || 1);
  const status = search.get('status') || undefined;
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: govKeys.of('votes', estate.estateId, status, page),
    queryFn: () => govApi.votes({ estateId: estate.estateId, status, page }),
    enabled: !!estate.estateId,
  });
  return (
    <div>
      <PageHeader
        title="业主表决"
        description="按《民法典》第二百七十八条：专有部分面积和业主人数双过线，结果精确到 0.01 平方米"
        extra={
          <Space wrap>
            <EstatePicker state={estate} />
            {can('governance.manage') && estate.estateId && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                发起表决
              </Button>
            )}
          </Space>
        }
      />
      <Card className="anju-card anju-query-card">
        <Form layout="inline">
          <Form.Item label="状态">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 140 }}
              value={status}
              options={opts(VOTE_STATUSES)}
              onChange={(v) => {
                const next = new URLSearchParams(search);
                if (v) next.set('status', v);
                else next.delete('status');
                next.delete('page');
                setSearch(next);
              }}
            />
          </Form.Item>
        </Form>
      </Card>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Card className="anju-card">
        <Table
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description="暂无表决，可点击「发起表决」" /> }}
          pagination={{
            current: page,
            total: list.data?.total ?? 0,
            pageSize: 20,
            showTotal: (n) => `共 ${n} 项`,
            onChange: (p) => {
              const next = new URLSearchParams(search);
              next.set('page', String(p));
              setSearch(next);
            },
          }}
          columns={[
            {
              title: '表决事项',
              dataIndex: 'title',
              render: (t: string, r) => (
                <Link to={withEstate(`/gov/votes/${r.id}`, estate.estateId)}>{t}</Link>
              ),
            },
            { title: '类型', dataIndex: 'kind', render: (k: keyof typeof VOTE_KINDS) => VOTE_KINDS[k] },
            {
              title: '规则',
              dataIndex: 'rule',
              render: (r: 'majority' | 'supermajority') =>
                r === 'supermajority' ? '四分之三以上' : '过半数',
            },
            {
              title: '表决期间',
              render: (_: unknown, r) => (
                <span className="anju-mono">
                  {formatDateTime(r.startsAt)} 至 {formatDateTime(r.endsAt)}
                </span>
              ),
            },
            { title: '状态', dataIndex: 'status', render: (s: VoteStatus) => <VoteStatusTag status={s} /> },
            { title: '结果', dataIndex: 'passed', render: (p: boolean | null) => <PassedTag passed={p} /> },
          ]}
        />
      </Card>
      {creating && estate.estateId && (
        <CreateVoteModal estateId={estate.estateId} onClose={() => setCreating(false)} />
      )}
    </div>
  );
}

function CreateVoteModal({ estateId, onClose }: { estateId: string; onClose: () => void }) {
  const [form] = Form.useForm();
  const onError = useApiErrorHandler();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const kind = Form.useWatch('kind', form) ?? 'matter';
  const matter = Form.useWatch('matter', form);
  const save = useMutation({
    mutationFn: async () => {
      const v = await form.validateFields();
      const [starts, ends] = v.window as [Dayjs, Dayjs];
      return govApi.createVote({
        estateId,
        kind: v.kind,
        matter: v.kind === 'election' ? (v.post === 'committee_member' ? 'committee' : 'other') : v.matter,
        title: v.title,
        description: v.description ?? '',
        startsAt: starts.toISOString(),
        endsAt: ends.toISOString(),
        post: v.kind === 'election' ? v.post : null,
        seats: v.kind === 'election' ? v.seats : null,
        candidates:
          v.kind === 'election'
            ? String(v.candidates ?? '')
                .split(/[\n,，、]/)
                .map((s: string) => s.trim())
                .filter(Boolean)
                .map((name: string) => ({ name }))
            : [],
      });
    },
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: govKeys.all });
      navigate(withEstate(`/gov/votes/${r.id}`, estateId));
    },
    onError: (e) => onError(e, form),
  });
  return (
    <Modal
      open
      title="发起表决"
      okText="保存为草稿"
      onOk={() => save.mutate()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'matter', seats: 1, post: 'committee_member' }}
      >
        <Form.Item name="kind" label="类型">
          <Radio.Group options={opts(VOTE_KINDS)} optionType="button" />
        </Form.Item>
        {kind === 'matter' ? (
          <Form.Item
            name="matter"
            label="事项类别（决定表决规则）"
            rules={[{ required: true, message: '请选择事项类别' }]}
          >
            <Select options={opts(VOTE_MATTERS)} placeholder="按《民法典》第二百七十八条第一款选择" />
          </Form.Item>
        ) : (
          <Space>
            <Form.Item name="post" label="选举职务">
              <Select options={opts(ELECTION_POSTS)} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="seats" label="应选人数">
              <InputNumber min={1} max={99} />
            </Form.Item>
          </Space>
        )}
        {kind === 'matter' && matter && (
          <Alert
            type="info"
            showIcon
            className="anju-block-gap"
            title={`表决规则：${VOTE_RULES[voteRuleOf(matter)]}`}
          />
        )}
        <Form.Item name="title" label="表决事项" rules={[{ required: true, message: '请填写表决事项' }]}>
          <Input maxLength={100} placeholder="如：关于使用专项维修资金维修2栋外墙的表决" />
        </Form.Item>
        <Form.Item name="description" label="事项说明">
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Form.Item name="window" label="表决期间" rules={[{ required: true, message: '请选择表决期间' }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        {kind === 'election' && (
          <Form.Item
            name="candidates"
            label="候选人（每行一名）"
            rules={[{ required: true, message: '请填写候选人' }]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

// ── detail ──

function Turnout({
  label,
  percent,
  text,
  met,
}: {
  label: string;
  percent: string;
  text: string;
  met: boolean;
}) {
  const value = Number(percent.replace('%', ''));
  return (
    <div className="anju-gov-turnout">
      <div className="anju-gov-turnout-head">
        <span>{label}</span>
        <span>
          {text}（{percent}）
          {met ? <Tag color="success">已达三分之二</Tag> : <Tag color="warning">未达三分之二</Tag>}
        </span>
      </div>
      <Progress percent={value} showInfo={false} strokeColor={met ? '#52c41a' : '#1677ff'} />
      <div className="anju-gov-quorum-mark" title="三分之二" />
    </div>
  );
}

export function ResultView({
  result,
  candidates,
}: {
  result: VoteResult;
  candidates: VoteDetail['candidates'];
}) {
  const f = (x: { area: string; heads: number; houses: number }) => (
    <span className="anju-mono">
      {x.area} m² · {x.heads} 人 · {x.houses} 户
    </span>
  );
  const met = (m: boolean) => (m ? <Tag color="success">达到</Tag> : <Tag color="error">未达到</Tag>);
  return (
    <div data-testid="vote-result">
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label="表决规则">{VOTE_RULES[result.rule]}</Descriptions.Item>
        <Descriptions.Item label="全体业主">{f(result.total)}</Descriptions.Item>
        <Descriptions.Item label="参与表决">
          {f(result.participating)}　面积 {result.shares.turnoutArea} {met(result.quorum.areaMet)}　人数{' '}
          {result.shares.turnoutHeads} {met(result.quorum.headsMet)}
        </Descriptions.Item>
        {result.kind === 'matter' && (
          <>
            <Descriptions.Item label="同意">
              {f(result.yes)}　占参与面积 {result.shares.yesArea} {met(result.approval.areaMet)}　占参与人数{' '}
              {result.shares.yesHeads} {met(result.approval.headsMet)}
            </Descriptions.Item>
            <Descriptions.Item label="反对">{f(result.no)}</Descriptions.Item>
            <Descriptions.Item label="弃权">{f(result.abstain)}</Descriptions.Item>
          </>
        )}
        <Descriptions.Item label="结果">
          <PassedTag passed={result.passed} />
          {result.kind === 'matter' && !result.quorum.met && '参与表决未达到面积和人数的三分之二'}
        </Descriptions.Item>
      </Descriptions>
      {result.kind === 'election' && (
        <Table
          className="anju-block-gap"
          size="small"
          rowKey="candidateId"
          pagination={false}
          dataSource={result.candidates}
          columns={[
            {
              title: '候选人',
              render: (_: unknown, c) => candidates.find((x) => x.id === c.candidateId)?.name,
            },
            { title: '得票', render: (_: unknown, c) => f(c.support) },
            { title: '过半数', render: (_: unknown, c) => met(c.approval.met) },
            {
              title: '结果',
              render: (_: unknown, c) =>
                c.elected ? (
                  <Tag color="success">当选</Tag>
                ) : c.tiedForLastSeat ? (
                  <Tag color="warning">票数相同</Tag>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      )}
    </div>
  );
}

export function VotePage() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const { modal, message } = App.useApp();
  const onError = useApiErrorHandler();
  const qc = useQueryClient();
  const vote = useQuery({ queryKey: govKeys.of('vote', id), queryFn: () => govApi.vote(id) });
  const refresh = () => qc.invalidateQueries({ queryKey: govKeys.all });
  const act = useMutation({
    mutationFn: async (action: 'open' | 'remind' | 'close' | 'publish' | 'recount') => {
      if (action === 'open') return govApi.openVote(id).then(() => '已开始表决，业主名册已锁定');
      if (action === 'remind')
        return govApi
          .remind(id)
          .then((r) => `已提醒 ${r.notified} 位业主；${r.withoutAccount} 户未关联账号，请电话或上门提醒`);
      if (action === 'close')
        return govApi.close(id).then((r) => (r.result.passed ? '计票完成：通过' : '计票完成：未通过'));
      if (action === 'publish') return govApi.publish(id).then(() => '结果公告已发布');
      return govApi
        .recount(id)
        .then((r) =>
          r.matches ? '复核一致：重新计算的结果与已公告结果完全相同' : '复核不一致，请联系管理员',
        );
    },
    onSuccess: async (text) => {
      message.success(text);
      await refresh();
    },
    onError: (e) => onError(e),
  });
  const v = vote.data;
  if (vote.isError) return <Alert type="error" showIcon title={errorMessage(vote.error)} />;
  if (!v) return <Card loading />;
  const manage = can('governance.manage');
  const confirm = (title: string, content: string, action: Parameters<typeof act.mutate>[0]) =>
    modal.confirm({
      title,
      content,
      okText: '确定',
      cancelText: '取消',
      onOk: () => act.mutateAsync(action),
    });
  const early = new Date(v.endsAt).getTime() > Date.now();
  return (
    <div>
      <PageHeader
        title={
          <Space wrap>
            {v.title}
            <VoteStatusTag status={v.status} />
            {v.passed !== null && <PassedTag passed={v.passed} />}
          </Space>
        }
        description={`${v.estateName} · ${VOTE_MATTERS[v.matter]} · ${formatDateTime(v.startsAt)} 至 ${formatDateTime(v.endsAt)}`}
        extra={
          manage && (
            <Space wrap>
              {v.status === 'draft' && (
                <Button
                  type="primary"
                  onClick={() =>
                    confirm(
                      '开始表决',
                      '开始后将锁定本小区的业主名册（房屋、专有面积、业主与表决人），表决期间房屋转让不改变本次表决人。',
                      'open',
                    )
                  }
                >
                  开始表决
                </Button>
              )}
              {v.status === 'open' && <Button onClick={() => act.mutate('remind')}>提醒未投票业主</Button>}
              {v.status === 'open' && (
                <Button
                  type="primary"
                  danger={early}
                  onClick={() =>
                    confirm(
                      '截止并计票',
                      early
                        ? '表决尚未到截止时间，提前截止须有业委会决定。截止后不再接受投票。'
                        : '截止后不再接受投票，系统将按第二百七十八条精确计票。',
                      'close',
                    )
                  }
                >
                  截止并计票
                </Button>
              )}
              {v.status === 'closed' && (
                <Button
                  type="primary"
                  onClick={() =>
                    confirm('公告结果', '结果公告将在小区公示页和通知公告中发布，发布后不可撤回。', 'publish')
                  }
                >
                  公告结果
                </Button>
              )}
              {(v.status === 'closed' || v.status === 'published') && (
                <Button onClick={() => act.mutate('recount')}>复核计票</Button>
              )}
              {v.noticeId && (
                <Button href={`/gov/notices/${v.noticeId}`} target="_blank">
                  打印公告
                </Button>
              )}
            </Space>
          )
        }
      />
      {v.description && (
        <Card className="anju-card" size="small">
          <Typography.Paragraph className="anju-gov-text">{v.description}</Typography.Paragraph>
        </Card>
      )}
      {v.progress && (
        <Card
          className="anju-card"
          title={v.status === 'open' ? '投票进度' : '参与情况'}
          data-testid="vote-progress"
        >
          <Turnout
            label="按专有部分面积"
            percent={v.progress.turnoutArea}
            text={`${v.progress.voted.area} / ${v.progress.total.area} m²`}
            met={v.progress.quorumArea}
          />
          <Turnout
            label="按业主人数"
            percent={v.progress.turnoutHeads}
            text={`${v.progress.voted.heads} / ${v.progress.total.heads} 人`}
            met={v.progress.quorumHeads}
          />
          <Typography.Text type="secondary">
            已投 {v.progress.voted.houses} / {v.progress.total.houses} 户：线上 {v.progress.online} 户，纸质{' '}
            {v.progress.paper} 户{v.remindedAt && `；最近提醒 ${formatDateTime(v.remindedAt)}`}
          </Typography.Text>
        </Card>
      )}
      {v.result && (
        <Card className="anju-card" title="计票结果">
          <ResultView result={v.result} candidates={v.candidates} />
        </Card>
      )}
      {v.kind === 'election' && !v.result && (
        <Card
          className="anju-card"
          title={`候选人（应选 ${v.seats} 名${v.post ? ELECTION_POSTS[v.post] : ''}）`}
        >
          {v.candidates.map((c) => (
            <Tag key={c.id}>{c.name}</Tag>
          ))}
        </Card>
      )}
      {v.status !== 'draft' && <ElectorateCard vote={v} manage={manage} />}
    </div>
  );
}

function ElectorateCard({ vote, manage }: { vote: VoteDetail; manage: boolean }) {
  const [q, setQ] = useState('');
  const [voted, setVoted] = useState<string>();
  const [page, setPage] = useState(1);
  const [entering, setEntering] = useState<ElectorateList['items'][number] | null>(null);
  const [designating, setDesignating] = useState<ElectorateList['items'][number] | null>(null);
  const list = useQuery({
    queryKey: govKeys.of('electorate', vote.id, q, voted, page),
    queryFn: () => govApi.electorate(vote.id, { q, voted, page, pageSize: 20 }),
  });
  return (
    <Card className="anju-card" title="业主名册（表决开始时锁定）">
      <Form layout="inline" className="anju-block-gap">
        <Form.Item label="房屋">
          <Input.Search
            allowClear
            placeholder="如 1栋1单元801"
            onSearch={(v) => {
              setQ(v);
              setPage(1);
            }}
          />
        </Form.Item>
        <Form.Item label="投票">
          <Select
            allowClear
            placeholder="全部"
            style={{ width: 120 }}
            value={voted}
            onChange={(v) => {
              setVoted(v);
              setPage(1);
            }}
            options={[
              { value: 'true', label: '已投票' },
              { value: 'false', label: '未投票' },
            ]}
          />
        </Form.Item>
      </Form>
      <Table
        rowKey="houseId"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: page,
          total: list.data?.total ?? 0,
          pageSize: 20,
          onChange: setPage,
          showTotal: (n) => `共 ${n} 户`,
        }}
        scroll={{ x: 760 }}
        columns={[
          { title: '房屋', dataIndex: 'address' },
          {
            title: '专有面积',
            dataIndex: 'area',
            render: (a: string) => <span className="anju-mono">{a} m²</span>,
          },
          {
            title: '业主',
            render: (_: unknown, r) => r.owners.map((o) => o.name).join('、') || '（未登记）',
          },
          {
            title: '表决人',
            render: (_: unknown, r) => (
              <Space size={4}>
                {r.voterName ?? '—'}
                {r.voterBasis === 'designated' && <Tag>共有人指定</Tag>}
              </Space>
            ),
          },
          {
            title: '投票',
            render: (_: unknown, r) =>
              r.voted ? (
                <Space size={4}>
                  <Tag color="success">{r.channel === 'paper' ? '纸质' : '线上'}</Tag>
                  <span className="anju-mono">{formatDateTime(r.castAt)}</span>
                  {r.hasScan && (
                    <a href={govApi.scanUrl(vote.id, r.houseId)} target="_blank" rel="noreferrer">
                      扫描件
                    </a>
                  )}
                </Space>
              ) : (
                <Tag>未投票</Tag>
              ),
          },
          ...(manage && vote.status === 'open'
            ? [
                {
                  title: '操作',
                  render: (_: unknown, r: ElectorateList['items'][number]) =>
                    !r.voted && r.voterPersonId ? (
                      <Space size={4}>
                        <Button size="small" type="link" onClick={() => setEntering(r)}>
                          录入纸质票
                        </Button>
                        {r.owners.length > 1 && (
                          <Button size="small" type="link" onClick={() => setDesignating(r)}>
                            变更表决人
                          </Button>
                        )}
                      </Space>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {entering && <PaperBallotModal vote={vote} row={entering} onClose={() => setEntering(null)} />}
      {designating && <DesignateModal vote={vote} row={designating} onClose={() => setDesignating(null)} />}
    </Card>
  );
}

function PaperBallotModal({
  vote,
  row,
  onClose,
}: {
  vote: VoteDetail;
  row: ElectorateList['items'][number];
  onClose: () => void;
}) {
  const [form] = Form.useForm();
  const [file, setFile] = useState<File | null>(null);
  const onError = useApiErrorHandler();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: async () => {
      const v = await form.validateFields();
      if (!file) throw new Error('请上传表决票扫描件或照片');
      const data = await fileToBase64(file);
      return govApi.paperBallot(vote.id, {
        houseId: row.houseId,
        ...(vote.kind === 'matter' ? { choice: v.choice } : { candidateIds: v.candidateIds ?? [] }),
        scan: { name: file.name, data },
      });
    },
    onSuccess: async () => {
      message.success(`${row.address} 的纸质表决票已录入`);
      await qc.invalidateQueries({ queryKey: govKeys.all });
      onClose();
    },
    onError: (e) => onError(e, form),
  });
  return (
    <Modal
      open
      title={`录入纸质表决票：${row.address}`}
      okText="录入"
      onOk={() => save.mutate()}
      confirmLoading={save.isPending}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">
        表决人：{row.voterName}（专有面积 {row.area}{' '}
        m²）。请核对表决票上的签名后录入，并上传扫描件或清晰照片。
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        {vote.kind === 'matter' ? (
          <Form.Item name="choice" label="表决意见" rules={[{ required: true, message: '请选择表决意见' }]}>
            <Radio.Group options={opts(CHOICES)} optionType="button" buttonStyle="solid" />
          </Form.Item>
        ) : (
          <Form.Item name="candidateIds" label={`选择候选人（最多 ${vote.seats} 名，不选为弃权）`}>
            <Checkbox.Group options={vote.candidates.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
        )}
        <Form.Item label="表决票扫描件" required>
          <input
            type="file"
            accept="image/jpeg,image/png,image/webp,application/pdf"
            aria-label="表决票扫描件"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DesignateModal({
  vote,
  row,
  onClose,
}: {
  vote: VoteDetail;
  row: ElectorateList['items'][number];
  onClose: () => void;
}) {
  const [personId, setPersonId] = useState(row.voterPersonId ?? undefined);
  const onError = useApiErrorHandler();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: () => govApi.designate(vote.id, row.houseId, personId!),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: govKeys.all });
      onClose();
    },
    onError: (e) => onError(e),
  });
  return (
    <Modal
      open
      title={`变更表决人：${row.address}`}
      onOk={() => save.mutate()}
      confirmLoading={save.isPending}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">
        共有人书面指定一人行使本户表决权（投票前可变更）。
      </Typography.Paragraph>
      <Select
        style={{ width: '100%' }}
        value={personId}
        onChange={setPersonId}
        options={row.owners.map((o) => ({ value: o.personId, label: o.name }))}
      />
    </Modal>
  );
}
