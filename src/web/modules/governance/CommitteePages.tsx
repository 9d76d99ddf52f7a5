import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  COMMITTEE_POSTS,
  FOUR_LISTS,
  LIST_KINDS,
  type ListKind,
  RULE_KINDS,
  type RuleKind,
} from '../../../shared/governance.js';
import { errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { formatDateTime } from '../../app/format.js';
import { useApiErrorHandler } from '../../app/forms.js';
import { govApi, govKeys, type ListSummaries, type RuleList } from './api.js';
import { EstatePicker, useEstate } from './estate.js';

// ── 业委会 and the property company ──

export function CommitteePage() {
  const { can } = useAuth();
  const estate = useEstate();
  const id = estate.estateId;
  const committees = useQuery({
    queryKey: govKeys.of('committees', id),
    queryFn: () => govApi.committees(id!),
    enabled: !!id,
  });
  const companies = useQuery({
    queryKey: govKeys.of('companies', id),
    queryFn: () => govApi.companies(id!),
    enabled: !!id,
  });
  const current = committees.data?.items.find((c) => c.current) ?? committees.data?.items[0];
  const company = companies.data?.items.find((c) => c.current) ?? companies.data?.items[0];
  const [editing, setEditing] = useState<'committee' | 'company' | null>(null);
  return (
    <div>
      <PageHeader
        title="业主委员会"
        description="业委会各届成员与任期、物业服务企业与合同期、业主身份核验"
        extra={
          <Space wrap>
            <EstatePicker state={estate} />
            {id && (
              <Button href={`/gov/e/${id}`} target="_blank">
                小区自治公示页
              </Button>
            )}
            {id && can('governance.manage') && (
              <Button onClick={() => setEditing('committee')}>登记新一届业委会</Button>
            )}
            {id && can('governance.manage') && (
              <Button onClick={() => setEditing('company')}>登记物业合同</Button>
            )}
          </Space>
        }
      />
      {committees.isError && <Alert type="error" showIcon title={errorMessage(committees.error)} />}
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card
            className="anju-card"
            title={current ? `${current.name}（${current.termStart} 至 ${current.termEnd}）` : '业主委员会'}
            loading={committees.isLoading}
          >
            {!current ? (
              <Empty description="尚未登记业委会" />
            ) : (
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={current.members}
                columns={[
                  {
                    title: '职务',
                    dataIndex: 'post',
                    render: (p: keyof typeof COMMITTEE_POSTS) => (
                      <Tag color={p === 'director' ? 'blue' : undefined}>{COMMITTEE_POSTS[p]}</Tag>
                    ),
                  },
                  { title: '姓名', dataIndex: 'name' },
                  { title: '分工', dataIndex: 'duties' },
                  {
                    title: '任期',
                    render: (_: unknown, m) => (
                      <span className="anju-mono">
                        {m.termStart} 至 {m.termEnd}
                      </span>
                    ),
                  },
                ]}
              />
            )}
            {(committees.data?.items.length ?? 0) > 1 && (
              <Typography.Paragraph type="secondary" className="anju-block-gap">
                往届：
                {committees
                  .data!.items.filter((c) => c !== current)
                  .map((c) => `${c.name}（${c.termStart} 至 ${c.termEnd}）`)
                  .join('；')}
              </Typography.Paragraph>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card className="anju-card" title="物业服务企业" loading={companies.isLoading}>
            {!company ? (
              <Empty description="尚未登记物业服务企业" />
            ) : (
              <Descriptions column={1} size="small">
                <Descriptions.Item label="企业">{company.name}</Descriptions.Item>
                <Descriptions.Item label="联系人">{company.contactName}</Descriptions.Item>
                <Descriptions.Item label="服务电话">{company.contactPhone}</Descriptions.Item>
                <Descriptions.Item label="合同期">
                  {company.contractStart} 至 {company.contractEnd}{' '}
                  {company.current ? <Tag color="success">履行中</Tag> : <Tag>已到期</Tag>}
                </Descriptions.Item>
              </Descriptions>
            )}
          </Card>
        </Col>
      </Row>
      {id && <OwnerAccountsCard estateId={id} manage={can('governance.manage')} />}
      {editing === 'committee' && id && <CommitteeModal estateId={id} onClose={() => setEditing(null)} />}
      {editing === 'company' && id && <CompanyModal estateId={id} onClose={() => setEditing(null)} />}
    </div>
  );
}

const POST_BY_LABEL = Object.fromEntries(Object.entries(COMMITTEE_POSTS).map(([k, v]) => [v, k])) as Record<
  string,
  keyof typeof COMMITTEE_POSTS
>;

function CommitteeModal({ estateId, onClose }: { estateId: string; onClose: () => void }) {
  const [form] = Form.useForm();
  const onError = useApiErrorHandler();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: async () => {
      const v = await form.validateFields();
      const [start, end] = v.term as [Dayjs, Dayjs];
      const termStart = start.format('YYYY-MM-DD');
      const termEnd = end.format('YYYY-MM-DD');
      const members = String(v.members ?? '')
        .split('\n')
        .map((line: string) => line.trim())
        .filter(Boolean)
        .map((line: string) => {
          const [postLabel, name = '', duties = ''] = line.split(/\s+/);
          return { post: POST_BY_LABEL[postLabel] ?? 'member', name, duties, termStart, termEnd };
        });
      return govApi.createCommittee({
        estateId,
        name: v.name,
        termStart,
        termEnd,
        note: v.note ?? '',
        members,
      });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: govKeys.all });
      onClose();
    },
    onError: (e) => onError(e, form),
  });
  return (
    <Modal
      open
      width={600}
      title="登记新一届业主委员会"
      onOk={() => save.mutate()}
      confirmLoading={save.isPending}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
          <Input placeholder="如：锦绣春天小区第三届业主委员会" maxLength={60} />
        </Form.Item>
        <Form.Item name="term" label="任期" rules={[{ required: true, message: '请选择任期' }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="members" label="成员（每行一人：职务 姓名 分工，职务为主任、副主任或委员）">
          <Input.TextArea
            rows={6}
            placeholder={'主任 赵志明 主持业委会工作\n副主任 刘丽华 分管物业监督\n委员 曹飞凯 联系1、2栋'}
          />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input placeholder="如：2029年4月业主大会选举产生" maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CompanyModal({ estateId, onClose }: { estateId: string; onClose: () => void }) {
  const [form] = Form.useForm();
  const onError = useApiErrorHandler();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: async () => {
      const v = await form.validateFields();
      const [start, end] = v.contract as [Dayjs, Dayjs];
      return govApi.createCompany({
        estateId,
        name: v.name,
        contactName: v.contactName ?? '',
        contactPhone: v.contactPhone ?? '',
        contractStart: start.format('YYYY-MM-DD'),
        contractEnd: end.format('YYYY-MM-DD'),
      });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: govKeys.all });
      onClose();
    },
    onError: (e) => onError(e, form),
  });
  return (
    <Modal
      open
      title="登记物业服务合同"
      onOk={() => save.mutate()}
      confirmLoading={save.isPending}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="name" label="物业服务企业" rules={[{ required: true, message: '请填写企业名称' }]}>
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="contactName" label="联系人">
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="contactPhone" label="服务电话（座机或 400 电话，将公开）">
          <Input placeholder="023-48661234" />
        </Form.Item>
        <Form.Item name="contract" label="合同期" rules={[{ required: true, message: '请选择合同期' }]}>
          <DatePicker.RangePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function OwnerAccountsCard({ estateId, manage }: { estateId: string; manage: boolean }) {
  const [adding, setAdding] = useState(false);
  const list = useQuery({
    queryKey: govKeys.of('owners', estateId),
    queryFn: () => govApi.ownerAccounts(estateId),
  });
  return (
    <Card
      className="anju-card"
      title="已核验的业主账号（可在线投票）"
      extra={manage && <Button onClick={() => setAdding(true)}>核验业主</Button>}
    >
      <Table
        rowKey="userId"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: '暂无已核验账号' }}
        pagination={{ pageSize: 10 }}
        columns={[
          { title: '业主', dataIndex: 'personName' },
          { title: '账号', render: (_: unknown, a) => `${a.displayName}（${a.username}）` },
          {
            title: '核验',
            render: (_: unknown, a) => `${a.verifiedByName} · ${formatDateTime(a.verifiedAt)}`,
          },
          { title: '说明', dataIndex: 'note' },
        ]}
      />
      {adding && <VerifyOwnerModal onClose={() => setAdding(false)} />}
    </Card>
  );
}

function VerifyOwnerModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm();
  const onError = useApiErrorHandler();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: async () => govApi.verifyOwner(await form.validateFields()),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: govKeys.all });
      onClose();
    },
    onError: (e) => onError(e, form),
  });
  return (
    <Modal
      open
      title="核验业主身份"
      onOk={() => save.mutate()}
      confirmLoading={save.isPending}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">
        核对业主的不动产权证书和身份证后，把其居民账号关联到房屋登记中的业主，业主即可在线投票。
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="username" label="居民登录账号" rules={[{ required: true, message: '请填写账号' }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="personId"
          label="业主在人口登记中的编号"
          rules={[{ required: true, message: '请填写人员编号' }]}
        >
          <Input placeholder="在「实有人口」中打开该业主，复制地址栏中的编号" />
        </Form.Item>
        <Form.Item name="note" label="核验说明">
          <Input placeholder="如：核验不动产权证书及身份证" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ── the four lists and the service list ──

export function ListsPage() {
  const { can } = useAuth();
  const estate = useEstate();
  const id = estate.estateId;
  const lists = useQuery({
    queryKey: govKeys.of('lists', id),
    queryFn: () => govApi.lists(id!),
    enabled: !!id,
  });
  const [editing, setEditing] = useState<ListKind | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  const byKind = new Map((lists.data?.items ?? []).map((l) => [l.kind, l]));
  const kinds: ListKind[] = [...FOUR_LISTS, 'property_service'];
  return (
    <div>
      <PageHeader
        title="四张清单"
        description="党支部责任清单、业委会工作清单、物业履职清单、社会组织活动清单，以及物业服务清单"
        extra={<EstatePicker state={estate} />}
      />
      {lists.isError && <Alert type="error" showIcon title={errorMessage(lists.error)} />}
      <Row gutter={[16, 16]}>
        {kinds.map((kind) => {
          const l = byKind.get(kind);
          return (
            <Col xs={24} lg={12} key={kind}>
              <Card
                className="anju-card"
                title={l?.title ?? LIST_KINDS[kind]}
                loading={lists.isLoading}
                extra={
                  <Space>
                    {l && (
                      <Tag>
                        第 {l.version} 版 · {l.changedOn}
                      </Tag>
                    )}
                    {l && (
                      <Button size="small" type="link" onClick={() => setHistory(l.id)}>
                        历次版本
                      </Button>
                    )}
                    {can('governance.manage') && (
                      <Button size="small" onClick={() => setEditing(kind)}>
                        {l ? '修订' : '编制'}
                      </Button>
                    )}
                  </Space>
                }
              >
                {l ? <ListItems items={l.items} /> : <Empty description="尚未编制" />}
              </Card>
            </Col>
          );
        })}
      </Row>
      {editing && id && (
        <ListModal
          estateId={id}
          kind={editing}
          current={byKind.get(editing)}
          onClose={() => setEditing(null)}
        />
      )}
      {history && <ListHistory id={history} onClose={() => setHistory(null)} />}
    </div>
  );
}

export function ListItems({ items }: { items: ListSummaries['items'][number]['items'] }) {
  return (
    <ol className="anju-gov-list">
      {items.map((i) => (
        <li key={`${i.title}${i.responsible}${i.detail}`}>
          <Typography.Text strong>{i.title}</Typography.Text>
          {i.responsible && <Tag className="anju-gov-tag">{i.responsible}</Tag>}
          {i.detail && <div className="anju-gov-muted">{i.detail}</div>}
        </li>
      ))}
    </ol>
  );
}

function ListModal({
  estateId,
  kind,
  current,
  onClose,
}: {
  estateId: string;
  kind: ListKind;
  current?: ListSummaries['items'][number];
  onClose: () => void;
}) {
  const [form] = Form.useForm();
  const onError = useApiErrorHandler();
  const qc = useQueryClient();
  const toText = (items: ListSummaries['items'][number]['items']) =>
    items.map((i) => [i.title, i.responsible, i.detail].join(' | ')).join('\n');
  const save = useMutation({
    mutationFn: async () => {
      const v = await form.validateFields();
      const items = String(v.items)
        .split('\n')
        .map((line: string) => line.trim())
        .filter(Boolean)
        .map((line: string) => {
          const [title, responsible = '', detail = ''] = line.split('|').map((s) => s.trim());
          return { title, responsible, detail };
        });
      return govApi.saveList({ estateId, kind, title: v.title ?? '', items, changeNote: v.changeNote ?? '' });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: govKeys.all });
      onClose();
    },
    onError: (e) => onError(e, form),
  });
  return (
    <Modal
      open
      width={680}
      title={`${current ? '修订' : '编制'}${LIST_KINDS[kind]}`}
      onOk={() => save.mutate()}
      confirmLoading={save.isPending}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ title: current?.title, items: current ? toText(current.items) : '' }}
      >
        <Form.Item name="title" label="标题">
          <Input maxLength={80} placeholder={LIST_KINDS[kind]} />
        </Form.Item>
        <Form.Item
          name="items"
          label="事项（每行一项：事项 | 责任方 | 内容与标准）"
          rules={[{ required: true, message: '请填写事项' }]}
        >
          <Input.TextArea rows={8} />
        </Form.Item>
        <Form.Item name="changeNote" label="修订说明">
          <Input maxLength={300} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ListHistory({ id, onClose }: { id: string; onClose: () => void }) {
  const detail = useQuery({ queryKey: govKeys.of('list', id), queryFn: () => govApi.list(id) });
  return (
    <Drawer open width={560} title={detail.data?.title ?? '历次版本'} onClose={onClose}>
      <Timeline
        items={(detail.data?.versions ?? []).map((v) => ({
          children: (
            <div>
              <Typography.Text strong>
                第 {v.version} 版 · {v.changedOn} · {v.changedByName}
              </Typography.Text>
              {v.changeNote && <div className="anju-gov-muted">{v.changeNote}</div>}
              <ListItems items={v.items} />
            </div>
          ),
        }))}
      />
    </Drawer>
  );
}

// ── rules ──

export function RulesPage() {
  const { can } = useAuth();
  const estate = useEstate();
  const id = estate.estateId;
  const rules = useQuery({
    queryKey: govKeys.of('rules', id),
    queryFn: () => govApi.rules(id!),
    enabled: !!id,
  });
  const [open, setOpen] = useState<string | null>(null);
  const [adding, setAdding] = useState<RuleKind | null>(null);
  const byKind = new Map((rules.data?.items ?? []).map((r) => [r.kind, r]));
  return (
    <div>
      <PageHeader
        title="规约与章程"
        description="管理规约、业主大会议事规则、业主委员会章程：历次版本及通过它的业主表决"
        extra={<EstatePicker state={estate} />}
      />
      {rules.isError && <Alert type="error" showIcon title={errorMessage(rules.error)} />}
      <Row gutter={[16, 16]}>
        {(Object.keys(RULE_KINDS) as RuleKind[]).map((kind) => {
          const r = byKind.get(kind);
          return (
            <Col xs={24} lg={8} key={kind}>
              <Card
                className="anju-card"
                title={r?.title ?? RULE_KINDS[kind]}
                loading={rules.isLoading}
                extra={
                  can('governance.manage') && (
                    <Button size="small" onClick={() => setAdding(kind)}>
                      新版本
                    </Button>
                  )
                }
              >
                {r?.current ? (
                  <RuleSummary r={r} onOpen={() => setOpen(r.id)} />
                ) : (
                  <Empty description="尚未登记" />
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
      {open && <RuleDrawer id={open} onClose={() => setOpen(null)} />}
      {adding && id && <RuleVersionModal estateId={id} kind={adding} onClose={() => setAdding(null)} />}
    </div>
  );
}

function RuleSummary({ r, onOpen }: { r: RuleList['items'][number]; onOpen: () => void }) {
  const c = r.current!;
  return (
    <Descriptions column={1} size="small">
      <Descriptions.Item label="现行版本">
        第 {c.version} 版，{c.effectiveOn} 起施行
      </Descriptions.Item>
      <Descriptions.Item label="通过方式">
        {c.adoptedByVote ? `业主表决：${c.adoptedByVote.title}` : c.changeNote || '—'}
      </Descriptions.Item>
      <Descriptions.Item label="版本">
        共 {r.versionCount} 版{' '}
        <Button size="small" type="link" onClick={onOpen}>
          查看全文与历次版本
        </Button>
      </Descriptions.Item>
    </Descriptions>
  );
}

function RuleDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const detail = useQuery({ queryKey: govKeys.of('rule', id), queryFn: () => govApi.rule(id) });
  const [version, setVersion] = useState<number>();
  const d = detail.data;
  const shown = d?.versions.find((v) => v.version === version) ?? d?.current;
  return (
    <Drawer
      open
      width={640}
      title={d?.title}
      onClose={onClose}
      extra={
        d && (
          <Button href={`/gov/rules/${d.id}`} target="_blank">
            公开页
          </Button>
        )
      }
    >
      {d && shown && (
        <>
          <Select
            value={shown.version}
            onChange={setVersion}
            options={d.versions.map((v) => ({
              value: v.version,
              label: `第 ${v.version} 版（${v.effectiveOn} 起）`,
            }))}
            style={{ minWidth: 220 }}
          />
          <Typography.Paragraph type="secondary" className="anju-block-gap">
            {shown.adoptedByVote ? `经业主表决“${shown.adoptedByVote.title}”通过。` : ''}
            {shown.changeNote}
          </Typography.Paragraph>
          <Typography.Paragraph className="anju-gov-text">{shown.content}</Typography.Paragraph>
        </>
      )}
    </Drawer>
  );
}

function RuleVersionModal({
  estateId,
  kind,
  onClose,
}: {
  estateId: string;
  kind: RuleKind;
  onClose: () => void;
}) {
  const [form] = Form.useForm();
  const onError = useApiErrorHandler();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const votes = useQuery({
    queryKey: govKeys.of('votes-passed', estateId),
    queryFn: () => govApi.votes({ estateId, pageSize: 100 }),
  });
  const save = useMutation({
    mutationFn: async () => {
      const v = await form.validateFields();
      return govApi.addRuleVersion({
        estateId,
        kind,
        content: v.content,
        changeNote: v.changeNote ?? '',
        effectiveOn: (v.effectiveOn as Dayjs).format('YYYY-MM-DD'),
        adoptedByVoteId: v.adoptedByVoteId ?? null,
      });
    },
    onSuccess: async () => {
      message.success('已登记新版本');
      await qc.invalidateQueries({ queryKey: govKeys.all });
      onClose();
    },
    onError: (e) => onError(e, form),
  });
  return (
    <Modal
      open
      width={720}
      title={`登记${RULE_KINDS[kind]}新版本`}
      onOk={() => save.mutate()}
      confirmLoading={save.isPending}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="adoptedByVoteId" label="通过它的业主表决（须已计票并通过）">
          <Select
            allowClear
            placeholder="选择表决"
            options={(votes.data?.items ?? [])
              .filter((v) => v.passed)
              .map((v) => ({ value: v.id, label: v.title }))}
          />
        </Form.Item>
        <Form.Item
          name="effectiveOn"
          label="施行日期"
          rules={[{ required: true, message: '请选择施行日期' }]}
        >
          <DatePicker />
        </Form.Item>
        <Form.Item name="changeNote" label="修订说明">
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="content" label="全文" rules={[{ required: true, message: '请填写全文' }]}>
          <Input.TextArea rows={10} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
