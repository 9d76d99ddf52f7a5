import { ArrowLeftOutlined, EditOutlined, HomeOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Grid,
  Result,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  ATTENTION_LEVELS,
  type AttentionLevel,
  CARE_GROUPS,
  type CareGroup,
  GENDERS,
  ID_TYPES,
  SPECIAL_GROUPS,
  type SpecialGroup,
} from '../../../../shared/registry.js';
import { errorMessage, isApiError } from '../../../app/api.js';
import { useAuth } from '../../../app/auth.js';
import { PageHeader } from '../../../app/components/PageHeader.js';
import { PageLoading } from '../../../app/components/PageLoading.js';
import { HouseCard } from '../houses/HouseCard.js';
import {
  type CaseRow,
  type PersonDetail,
  registryApi,
  registryKeys,
  type TenancyRow,
} from '../shared/api.js';
import { formatBirth } from '../shared/format.js';
import {
  PersonTags,
  PopulationTypeTag,
  relationLabel,
  TenancyStatusTag,
  tenancyPurposeLabel,
} from '../shared/labels.js';
import { MaskedValue } from '../shared/MaskedValue.js';
import { MoveInModal, MoveOutModal, type StayToEnd } from '../shared/ResidenceDialogs.js';
import '../shared/registry.css';
import { PersonFormDrawer, type PersonFormMode } from './PersonDialogs.js';

type Stay = PersonDetail['residencies'][number];

// Attention levels are warnings: the colour and the word together (UI.md).
const ATTENTION_COLORS: Record<AttentionLevel, string> = { high: 'red', medium: 'orange', low: 'green' };

function Stars({ level }: { level: number }) {
  return (
    <Tooltip title={`${level} 星级服务`}>
      <span className="anju-reg-stars" role="img" aria-label={`${level} 星`}>
        {'★'.repeat(level)}
        <span className="anju-reg-muted">{'☆'.repeat(Math.max(0, 3 - level))}</span>
      </span>
    </Tooltip>
  );
}

function CaseGroupTag({ c }: { c: CaseRow }) {
  return c.kind === 'special' ? (
    <Tag color="red">{SPECIAL_GROUPS[c.group as SpecialGroup] ?? c.group}</Tag>
  ) : (
    <Tag color="magenta">{CARE_GROUPS[c.group as CareGroup] ?? c.group}</Tag>
  );
}

/** 特殊人群: how closely they are watched (a warning: colour and word); 关爱: the service stars. */
function CaseLevel({ c }: { c: CaseRow }) {
  if (c.kind === 'special' && c.attention) {
    return <Tag color={ATTENTION_COLORS[c.attention]}>关注：{ATTENTION_LEVELS[c.attention]}</Tag>;
  }
  return c.level ? <Stars level={c.level} /> : <span className="anju-reg-muted">—</span>;
}

function NextVisit({ c }: { c: CaseRow }) {
  if (c.endedOn) return <span className="anju-reg-muted">—</span>;
  if (c.overdueDays > 0) {
    return (
      <Space size={4}>
        <Typography.Text type="danger">{c.nextVisitDue}</Typography.Text>
        <Tag color="red">逾期 {c.overdueDays} 天</Tag>
      </Space>
    );
  }
  return <span>{c.nextVisitDue}</span>;
}

/** The phone's version of a tab's table: one block per record, actions within reach. */
function MobileList<T extends { id: string }>({
  items,
  empty,
  render,
}: {
  items: T[];
  empty: string;
  render(item: T): ReactNode;
}) {
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  return (
    <div>
      {items.map((item) => (
        <div key={item.id} className="anju-reg-person-card">
          {render(item)}
        </div>
      ))}
    </div>
  );
}

export function PersonPage() {
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: registryKeys.person(id),
    queryFn: () => registryApi.getPerson(id),
    enabled: !!id,
  });

  if (query.isError) {
    const missing = isApiError(query.error) && (query.error.status === 404 || query.error.status === 400);
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? '人员不存在或无权查看' : '加载失败'}
        subTitle={missing ? '该人员可能已被删除，或不在您负责的区域内。' : errorMessage(query.error)}
        extra={
          <Space>
            {!missing && <Button onClick={() => query.refetch()}>重试</Button>}
            <Link to="/registry/people">
              <Button type="primary">返回实有人口</Button>
            </Link>
          </Space>
        }
      />
    );
  }
  if (!query.data) return <PageLoading />;
  return <PersonView person={query.data} />;
}

function PersonView({ person }: { person: PersonDetail }) {
  const { can } = useAuth();
  const canManage = can('registry.manage');
  const canSpecial = can('registry.special');
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;
  const [houseId, setHouseId] = useState<string | null>(null);
  const [formMode, setFormMode] = useState<PersonFormMode | null>(null);
  const [movingIn, setMovingIn] = useState(false);
  const [movingOut, setMovingOut] = useState<StayToEnd | null>(null);

  const current = person.residencies.filter((s) => !s.moveOut);
  const moveOut = (s: Stay) =>
    setMovingOut({ id: s.id, personName: person.name, address: s.address, moveIn: s.moveIn });
  const stayEmpty = canManage ? '没有居住记录，可点击「入住新房屋」登记' : '没有居住记录';
  const tenancyEmpty = '没有作为出租人或承租人的出租登记';

  const stayColumns: TableColumnsType<Stay> = [
    {
      title: '地址',
      dataIndex: 'address',
      render: (address: string, s) => (
        <Space size={6} wrap>
          <Typography.Link onClick={() => setHouseId(s.houseId)}>{address}</Typography.Link>
          {!s.moveOut && <Tag color="processing">现住</Tag>}
        </Space>
      ),
    },
    { title: '与户主关系', dataIndex: 'relation', width: 110, render: (r: string) => relationLabel(r) },
    {
      title: '入住日期',
      dataIndex: 'moveIn',
      width: 120,
      render: (d: string | null) => d ?? <span className="anju-reg-muted">不详</span>,
    },
    {
      title: '迁出日期',
      dataIndex: 'moveOut',
      width: 120,
      render: (d: string | null) => d ?? <span className="anju-reg-muted">—</span>,
    },
    ...(canManage
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 80,
            render: (_: unknown, s: Stay) =>
              !s.moveOut && (
                <Typography.Link type="danger" onClick={() => moveOut(s)}>
                  迁出
                </Typography.Link>
              ),
          },
        ]
      : []),
  ];

  const tenancyColumns: TableColumnsType<TenancyRow> = [
    {
      title: '房屋',
      dataIndex: 'address',
      render: (address: string, t) => (
        <Typography.Link onClick={() => setHouseId(t.houseId)}>{address}</Typography.Link>
      ),
    },
    {
      title: '身份',
      key: 'role',
      width: 80,
      render: (_, t) => (t.landlordId === person.id ? <Tag color="blue">出租人</Tag> : <Tag>承租人</Tag>),
    },
    {
      title: '出租人 / 承租人',
      key: 'parties',
      render: (_, t) => (
        <span>
          {t.landlordName}
          <Typography.Text type="secondary"> → </Typography.Text>
          {t.tenants.map((p) => p.name).join('、')}
        </span>
      ),
    },
    {
      title: '租期',
      key: 'period',
      width: 210,
      render: (_, t) => `${t.startDate} 至 ${t.endedOn ?? t.endDate}`,
    },
    { title: '用途', dataIndex: 'purpose', width: 70, render: (p: string) => tenancyPurposeLabel(p) },
    {
      title: '状态',
      dataIndex: 'status',
      width: 100,
      render: (s: TenancyRow['status']) => <TenancyStatusTag status={s} />,
    },
  ];

  const caseColumns: TableColumnsType<CaseRow> = [
    { title: '类别', key: 'group', render: (_, c) => <CaseGroupTag c={c} /> },
    { title: '关注程度 / 服务星级', key: 'level', width: 150, render: (_, c) => <CaseLevel c={c} /> },
    { title: '包联人', dataIndex: 'responsibleName', width: 100 },
    {
      title: '上次走访',
      dataIndex: 'lastVisitOn',
      width: 120,
      render: (d: string | null) => d ?? <span className="anju-reg-muted">未走访</span>,
    },
    { title: '下次走访', key: 'next', width: 170, render: (_, c) => <NextVisit c={c} /> },
    {
      title: '状态',
      key: 'status',
      width: 150,
      render: (_, c) =>
        c.endedOn ? (
          <Tag>已于 {c.endedOn} 结束</Tag>
        ) : (
          <Tag color="processing">在管 · 每 {c.visitEveryDays} 天走访</Tag>
        ),
    },
  ];

  const casesLabel = canSpecial ? '特殊人群/关爱' : '关爱';
  const caseEmpty = canSpecial ? '未列入特殊人群或关爱对象' : '未列入关爱对象';

  return (
    <div>
      <Link to="/registry/people" className="anju-reg-back">
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
          实有人口
        </Button>
      </Link>
      <PageHeader
        title={
          <span className="anju-reg-detail-tags">
            <span style={{ marginRight: 8 }}>{person.name}</span>
            <PopulationTypeTag type={person.populationType} />
            <PersonTags person={person} empty={null} />
          </span>
        }
        description={
          current.length ? `现住 ${current.map((s) => s.address).join('；')}` : '目前没有登记现住址'
        }
        extra={
          canManage && (
            <Space wrap>
              <Button icon={<EditOutlined />} onClick={() => setFormMode({ type: 'edit', person })}>
                编辑
              </Button>
              <Button type="primary" icon={<HomeOutlined />} onClick={() => setMovingIn(true)}>
                入住新房屋
              </Button>
            </Space>
          )
        }
      />
      <Card className="anju-card">
        <Descriptions
          column={{ xs: 1, sm: 2, lg: 3 }}
          size={isMobile ? 'small' : 'middle'}
          items={[
            { key: 'gender', label: '性别', children: person.gender ? GENDERS[person.gender] : '—' },
            { key: 'birth', label: '出生日期', children: formatBirth(person.birthDate) },
            { key: 'idType', label: '证件类型', children: ID_TYPES[person.idType] },
            {
              key: 'id',
              label: '证件号',
              children: (
                <MaskedValue
                  personId={person.id}
                  field="idNumber"
                  masked={person.idMasked}
                  personName={person.name}
                />
              ),
            },
            {
              key: 'phone',
              label: '手机',
              children: (
                <MaskedValue
                  personId={person.id}
                  field="phone"
                  masked={person.phoneMasked}
                  personName={person.name}
                />
              ),
            },
            { key: 'ethnicity', label: '民族', children: person.ethnicity || '—' },
            { key: 'type', label: '人口类型', children: <PopulationTypeTag type={person.populationType} /> },
            { key: 'hukou', label: '户籍地址', children: person.hukouAddress || '—' },
            {
              key: 'address',
              label: '现住址',
              children: current.length ? (
                <Space direction="vertical" size={0}>
                  {current.map((s) => (
                    <Typography.Link key={s.id} onClick={() => setHouseId(s.houseId)}>
                      {s.address}（{relationLabel(s.relation)}）
                    </Typography.Link>
                  ))}
                </Space>
              ) : canManage ? (
                <Typography.Link onClick={() => setMovingIn(true)}>未登记，点击登记入住</Typography.Link>
              ) : (
                '未登记'
              ),
            },
            ...(person.note ? [{ key: 'note', label: '备注', children: person.note, span: 3 }] : []),
          ]}
        />
      </Card>
      <Card className="anju-card">
        <Tabs
          items={[
            {
              key: 'stays',
              label: isMobile
                ? `居住 ${person.residencies.length}`
                : `居住历史（${person.residencies.length}）`,
              children: isMobile ? (
                <MobileList
                  items={person.residencies}
                  empty={stayEmpty}
                  render={(s) => (
                    <>
                      <div className="anju-reg-person-head">
                        <Space size={6} wrap>
                          <Typography.Link onClick={() => setHouseId(s.houseId)}>{s.address}</Typography.Link>
                          {!s.moveOut && <Tag color="processing">现住</Tag>}
                        </Space>
                        {canManage && !s.moveOut && (
                          <Button size="small" danger onClick={() => moveOut(s)}>
                            迁出
                          </Button>
                        )}
                      </div>
                      <Typography.Text type="secondary">
                        {relationLabel(s.relation)} · {s.moveIn ?? '入住日期不详'} 至 {s.moveOut ?? '今'}
                      </Typography.Text>
                    </>
                  )}
                />
              ) : (
                <Table<Stay>
                  rowKey="id"
                  size="middle"
                  columns={stayColumns}
                  dataSource={person.residencies}
                  pagination={false}
                  scroll={{ x: 640 }}
                  locale={{
                    emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={stayEmpty} />,
                  }}
                />
              ),
            },
            {
              key: 'tenancies',
              label: isMobile ? `出租 ${person.tenancies.length}` : `出租登记（${person.tenancies.length}）`,
              children: isMobile ? (
                <MobileList
                  items={person.tenancies}
                  empty={tenancyEmpty}
                  render={(t) => (
                    <>
                      <div className="anju-reg-person-head">
                        <Typography.Link onClick={() => setHouseId(t.houseId)}>{t.address}</Typography.Link>
                        <TenancyStatusTag status={t.status} />
                      </div>
                      <span>
                        {t.landlordName}
                        <Typography.Text type="secondary"> → </Typography.Text>
                        {t.tenants.map((p) => p.name).join('、')}
                      </span>
                      <Typography.Text type="secondary">
                        {t.startDate} 至 {t.endedOn ?? t.endDate} · {tenancyPurposeLabel(t.purpose)}
                      </Typography.Text>
                    </>
                  )}
                />
              ) : (
                <Table<TenancyRow>
                  rowKey="id"
                  size="middle"
                  columns={tenancyColumns}
                  dataSource={person.tenancies}
                  pagination={false}
                  scroll={{ x: 800 }}
                  locale={{
                    emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tenancyEmpty} />,
                  }}
                />
              ),
            },
            {
              key: 'cases',
              label: isMobile
                ? `${casesLabel} ${person.cases.length}`
                : `${casesLabel}（${person.cases.length}）`,
              children: (
                <>
                  {person.cases.some((c) => c.overdueDays > 0 && !c.endedOn) && (
                    <Alert
                      type="error"
                      showIcon
                      className="anju-block-gap"
                      title="有走访已逾期，请尽快安排走访并登记"
                    />
                  )}
                  {isMobile ? (
                    <MobileList
                      items={person.cases}
                      empty={caseEmpty}
                      render={(c) => (
                        <>
                          <div className="anju-reg-person-head">
                            <CaseGroupTag c={c} />
                            <CaseLevel c={c} />
                          </div>
                          <Typography.Text type="secondary">
                            包联人 {c.responsibleName} · 上次走访 {c.lastVisitOn ?? '未走访'}
                          </Typography.Text>
                          <span>
                            <Typography.Text type="secondary">下次走访 </Typography.Text>
                            <NextVisit c={c} />
                          </span>
                        </>
                      )}
                    />
                  ) : (
                    <Table<CaseRow>
                      rowKey="id"
                      size="middle"
                      columns={caseColumns}
                      dataSource={person.cases}
                      pagination={false}
                      scroll={{ x: 820 }}
                      locale={{
                        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={caseEmpty} />,
                      }}
                    />
                  )}
                </>
              ),
            },
          ]}
        />
      </Card>
      <HouseCard houseId={houseId} onClose={() => setHouseId(null)} />
      <PersonFormDrawer mode={formMode} onClose={() => setFormMode(null)} />
      <MoveInModal
        open={movingIn}
        person={{ id: person.id, name: person.name }}
        onClose={() => setMovingIn(false)}
      />
      <MoveOutModal stay={movingOut} onClose={() => setMovingOut(null)} />
    </div>
  );
}
