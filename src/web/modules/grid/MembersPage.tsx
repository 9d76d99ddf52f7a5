import { IdcardOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { createPortal } from 'react-dom';
import { MEMBER_DUTIES, MEMBER_ROLES, type MemberRole } from '../../../shared/grid.js';
import { errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { dayjs } from '../../app/format.js';
import { useSaving, validValues } from '../../app/forms.js';
import { gridApi, gridKeys, type Member, type ServiceCard } from './api.js';
import { opts } from './meta.js';
import './grid.css';
import '../registry/tenancies/tenancies.css';

export function MembersPage() {
  const { can } = useAuth();
  const canManage = can('grid.manage');
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [placeId, setPlaceId] = useState<string>();
  const [q, setQ] = useState<string>();
  const [editing, setEditing] = useState<Member | 'new' | null>(null);
  const [card, setCard] = useState<Member | null>(null);
  const list = useQuery({
    queryKey: gridKeys.members({ placeId, q }),
    queryFn: () => gridApi.members({ placeId, q }),
  });

  const groups = new Map<string, { name: string; items: Member[] }>();
  for (const m of list.data?.items ?? []) {
    const g = groups.get(m.gridId) ?? { name: m.gridName, items: [] };
    g.items.push(m);
    groups.set(m.gridId, g);
  }

  const remove = (m: Member) =>
    modal.confirm({
      title: `移除网格成员「${m.name}」？`,
      content: `${m.name} 将不再出现在「${m.gridName}」的成员名单、公示牌和服务名片上。已记录的走访和事件不受影响。`,
      okText: '移除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          await gridApi.removeMember(m.id);
          message.success('已移除');
          await queryClient.invalidateQueries({ queryKey: ['grid', 'members'] });
        } catch (error) {
          message.error(errorMessage(error));
        }
      },
    });

  return (
    <div>
      <PageHeader
        title="网格成员"
        description="网格长、网格员、楼栋长与微网格员，以及印发给居民的服务名片"
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              添加成员
            </Button>
          )
        }
      />
      <Card className="anju-card anju-query-card">
        <Form layout="inline" className="anju-query-form">
          <Form.Item label="区域">
            <PlaceTreeSelect
              value={placeId}
              style={{ minWidth: 200 }}
              placeholder="全部区域"
              onChange={setPlaceId}
            />
          </Form.Item>
          <Form.Item label="姓名">
            <Input.Search
              allowClear
              maxLength={50}
              placeholder="姓名"
              onSearch={(v) => setQ(v.trim() || undefined)}
            />
          </Form.Item>
        </Form>
      </Card>
      {list.isError && (
        <Alert type="error" showIcon title={errorMessage(list.error)} className="anju-block-gap" />
      )}
      <Spin spinning={list.isFetching}>
        {list.data && groups.size === 0 && (
          <Card className="anju-card">
            <Empty description={`暂无网格成员${canManage ? '，可点击「添加成员」' : ''}`} />
          </Card>
        )}
        {[...groups.entries()].map(([gridId, g]) => (
          <Card key={gridId} className="anju-card" title={`${g.name}（${g.items.length} 人）`} size="small">
            <List
              className="anju-rg-card-list"
              dataSource={g.items}
              renderItem={(m) => (
                <List.Item data-testid="member-row">
                  <div className="anju-rg-card-head">
                    <span className="anju-rg-card-title">
                      {m.name}{' '}
                      <Tag color={m.role === 'leader' ? 'blue' : undefined}>{MEMBER_ROLES[m.role]}</Tag>
                    </span>
                    <span className="anju-mono">{m.servicePhone || '—'}</span>
                  </div>
                  <Typography.Text type="secondary" className="anju-grid-text">
                    {m.duties || MEMBER_DUTIES[m.role]}
                  </Typography.Text>
                  <div className="anju-rg-card-actions">
                    <Button icon={<IdcardOutlined />} onClick={() => setCard(m)}>
                      服务名片
                    </Button>
                    {canManage && <Button onClick={() => setEditing(m)}>编辑</Button>}
                    {canManage && (
                      <Button danger onClick={() => remove(m)}>
                        移除
                      </Button>
                    )}
                  </div>
                </List.Item>
              )}
            />
          </Card>
        ))}
      </Spin>
      {editing && (
        <MemberModal member={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
      {card && <CardModal member={card} onClose={() => setCard(null)} />}
    </div>
  );
}

interface Values {
  gridId?: string;
  name?: string;
  role?: MemberRole;
  servicePhone?: string;
  duties?: string;
  sortOrder?: number;
}

function MemberModal({ member, onClose }: { member: Member | null; onClose(): void }) {
  const [form] = Form.useForm<Values>();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const role = Form.useWatch('role', form);
  return (
    <Modal
      open
      title={member ? `编辑成员：${member.name}` : '添加网格成员'}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        const v = await validValues(form);
        if (!v) return;
        const body = {
          name: v.name?.trim() ?? '',
          role: v.role!,
          servicePhone: v.servicePhone?.trim() ?? '',
          duties: v.duties?.trim() ?? '',
          sortOrder: v.sortOrder ?? 0,
        };
        await run(async () => {
          if (member) await gridApi.updateMember(member.id, body);
          else await gridApi.createMember({ ...body, gridId: v.gridId! });
          message.success('已保存');
          await queryClient.invalidateQueries({ queryKey: ['grid', 'members'] });
          onClose();
        });
      }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          member ? { ...member } : { role: 'worker', sortOrder: 0, servicePhone: '', duties: '' }
        }
      >
        {!member && (
          <Form.Item name="gridId" label="网格" rules={[{ required: true, message: '请选择网格' }]}>
            <PlaceTreeSelect placeholder="选择网格" isDisabled={(p) => p.kind !== 'grid'} />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label="姓名"
          rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
        >
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="role" label="网格职务" rules={[{ required: true, message: '请选择网格职务' }]}>
          <Select options={opts(MEMBER_ROLES)} />
        </Form.Item>
        <Form.Item
          name="servicePhone"
          label="服务电话"
          rules={[
            { pattern: /^(1\d{10}|0\d{2,3}-?\d{7,8}|)$/, message: '服务电话应为手机号或带区号的座机号' },
          ]}
        >
          <Input maxLength={20} inputMode="tel" />
        </Form.Item>
        <Form.Item name="duties" label="职责（不填则用默认职责）">
          <Input.TextArea rows={3} maxLength={300} placeholder={role ? MEMBER_DUTIES[role] : undefined} />
        </Form.Item>
        <Form.Item name="sortOrder" label="排序">
          <InputNumber min={0} max={999} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Only an SVG the server generated goes into the page as markup; anything else is refused. */
function safeSvg(svg: string): string | null {
  const s = svg.trim();
  if (!(s.startsWith('<svg') || s.startsWith('<?xml'))) return null;
  if (/<script/i.test(s) || /\son\w+\s*=/i.test(s) || /javascript:/i.test(s)) return null;
  return s;
}

function CardModal({ member, onClose }: { member: Member; onClose(): void }) {
  const card = useQuery({ queryKey: gridKeys.card(member.id), queryFn: () => gridApi.card(member.id) });
  const c = card.data;
  const svg = c ? safeSvg(c.qrSvg) : null;
  const print = () => {
    // The print stylesheet shows only the card while this class is on <body>.
    document.body.classList.add('anju-printing');
    const done = () => {
      document.body.classList.remove('anju-printing');
      window.removeEventListener('afterprint', done);
    };
    window.addEventListener('afterprint', done);
    window.print();
    setTimeout(done, 1000);
  };
  return (
    <Modal
      open
      title="服务名片"
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>关闭</Button>
          <Button type="primary" icon={<PrinterOutlined />} disabled={!c} onClick={print}>
            打印
          </Button>
        </Space>
      }
    >
      {card.isError && <Alert type="error" showIcon title={errorMessage(card.error)} />}
      <Spin spinning={card.isLoading}>{c && <ServiceCardView card={c} svg={svg} />}</Spin>
      {c &&
        createPortal(
          <div className="anju-grid-print-root">
            <ServiceCardView card={c} svg={svg} />
            <p style={{ textAlign: 'center', fontSize: 12 }}>
              {c.estateName ?? c.communityName ?? ''} · 印制于 {dayjs().format('YYYY-MM-DD')}
            </p>
          </div>,
          document.body,
        )}
    </Modal>
  );
}

function ServiceCardView({ card: c, svg }: { card: ServiceCard; svg: string | null }) {
  return (
    <div className="anju-grid-card-print" data-testid="service-card">
      <div className="anju-grid-card-line">{[c.communityName, c.estateName].filter(Boolean).join(' · ')}</div>
      <h2>{c.name}</h2>
      <div className="anju-grid-card-role">
        {c.gridName} · {MEMBER_ROLES[c.role]}
      </div>
      {c.servicePhone && (
        <div className="anju-grid-card-line">
          服务电话：<strong className="anju-mono">{c.servicePhone}</strong>
        </div>
      )}
      <div className="anju-grid-card-duties anju-grid-text">{c.duties || MEMBER_DUTIES[c.role]}</div>
      {svg ? (
        // biome-ignore lint/security/noDangerouslySetInnerHtml: server-generated QR SVG, checked by safeSvg
        <div className="anju-grid-qr" dangerouslySetInnerHTML={{ __html: svg }} />
      ) : (
        <span>二维码无法显示</span>
      )}
      <div className="anju-grid-card-line">扫码反映诉求，我们及时办理</div>
    </div>
  );
}
