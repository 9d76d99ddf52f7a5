import { DeleteOutlined, DownOutlined, EditOutlined, TeamOutlined, UserAddOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Dropdown,
  Empty,
  Grid,
  Space,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { GENDERS } from '../../../../shared/registry.js';
import { errorMessage } from '../../../app/api.js';
import { useAuth } from '../../../app/auth.js';
import { PageLoading } from '../../../app/components/PageLoading.js';
import { formatDateTime } from '../../../app/format.js';
import { type HouseCard as HouseCardData, type Residency, registryApi, registryKeys } from '../shared/api.js';
import { ageOf, formatArea } from '../shared/format.js';
import {
  FreeTags,
  HouseUseTag,
  PersonTags,
  PopulationTypeTag,
  relationLabel,
  TenancyStatusTag,
  tenancyPurposeLabel,
} from '../shared/labels.js';
import { MaskedValue } from '../shared/MaskedValue.js';
import { MoveInModal, MoveOutModal, type StayToEnd } from '../shared/ResidenceDialogs.js';
import '../shared/registry.css';
import { HouseFormModal, type HouseFormMode, OwnersModal } from './HouseDialogs.js';

type Person = Residency['person'];

function personLine(p: Person): string {
  const age = ageOf(p.birthDate);
  return [p.gender ? GENDERS[p.gender] : null, age === null ? null : `${age} 岁`].filter(Boolean).join(' · ');
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <span className="anju-reg-field">
      <span className="anju-reg-field-label">{label}</span>
      {children}
    </span>
  );
}

function PersonName({ person }: { person: Person }) {
  return (
    <Link to={`/registry/people/${person.id}`} className="anju-reg-person-name">
      {person.name}
    </Link>
  );
}

/**
 * The house card: who owns it, who lives there now and before, its tenancies and its history.
 * Opened from the 楼盘表, the house list and a person's 现住址.
 */
export function HouseCard({ houseId, onClose }: { houseId: string | null; onClose(): void }) {
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;
  const card = useQuery({
    queryKey: registryKeys.house(houseId ?? ''),
    queryFn: () => registryApi.getHouse(houseId!),
    enabled: !!houseId,
  });
  const data = card.data;

  return (
    <Drawer
      open={!!houseId}
      onClose={onClose}
      size={isMobile ? '100%' : 720}
      title={data ? data.house.address : '房屋信息'}
      destroyOnHidden
    >
      <div data-testid="house-card" className="anju-reg-house-card">
        {card.isError ? (
          <Alert
            type="error"
            showIcon
            title={errorMessage(card.error)}
            action={
              <Button size="small" onClick={() => card.refetch()}>
                重试
              </Button>
            }
          />
        ) : !data ? (
          <PageLoading />
        ) : (
          <HouseCardBody data={data} onDeleted={onClose} />
        )}
      </div>
    </Drawer>
  );
}

function HouseCardBody({ data, onDeleted }: { data: HouseCardData; onDeleted(): void }) {
  const { can } = useAuth();
  const canManage = can('registry.manage');
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const { house, owners, residents, former, tenancies, history } = data;
  const screens = Grid.useBreakpoint();
  // Five tabs fit a phone only with short names.
  const tabLabel = (long: string, short: string, n?: number) =>
    screens.md === false
      ? `${short}${n === undefined ? '' : ` ${n}`}`
      : n === undefined
        ? long
        : `${long}（${n}）`;

  const [editing, setEditing] = useState<HouseFormMode | null>(null);
  const [movingIn, setMovingIn] = useState(false);
  const [movingOut, setMovingOut] = useState<StayToEnd | null>(null);
  const [editingOwners, setEditingOwners] = useState(false);

  const confirmDelete = () => {
    const inUse = residents.length > 0;
    modal.confirm({
      title: `删除房屋「${house.address}」？`,
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      content: inUse ? (
        <Typography.Paragraph type="danger">
          该房屋现住 {residents.length} 人，系统会拒绝删除；请先为住户办理迁出。
        </Typography.Paragraph>
      ) : (
        <Typography.Paragraph>
          将同时删除其产权人信息，删除后不可恢复。有居住或出租记录的房屋无法删除。此操作将记入审计日志。
        </Typography.Paragraph>
      ),
      onOk: async () => {
        try {
          await registryApi.deleteHouse(house.id);
        } catch (error) {
          modal.error({ title: '无法删除', content: errorMessage(error) });
          return;
        }
        message.success(`已删除房屋「${house.address}」`);
        queryClient.removeQueries({ queryKey: registryKeys.house(house.id) });
        await queryClient.invalidateQueries({ queryKey: registryKeys.all });
        onDeleted();
      },
    });
  };

  const residentItems = residents.length ? (
    <ul className="anju-reg-people">
      {residents.map((r) => (
        <li key={r.id} className="anju-reg-person" data-testid="house-resident">
          <div className="anju-reg-person-head">
            <Space size={6} wrap>
              <PersonName person={r.person} />
              <Tag className="anju-reg-tag">{relationLabel(r.relation)}</Tag>
              <PopulationTypeTag type={r.person.populationType} />
              <Typography.Text type="secondary">{personLine(r.person)}</Typography.Text>
            </Space>
            {canManage && (
              <Button
                size="small"
                danger
                onClick={() =>
                  setMovingOut({
                    id: r.id,
                    personName: r.person.name,
                    address: house.address,
                    moveIn: r.moveIn,
                  })
                }
              >
                迁出
              </Button>
            )}
          </div>
          <div className="anju-reg-person-fields">
            <Field label="证件">
              <MaskedValue
                personId={r.person.id}
                field="idNumber"
                masked={r.person.idMasked}
                personName={r.person.name}
              />
            </Field>
            <Field label="手机">
              <MaskedValue
                personId={r.person.id}
                field="phone"
                masked={r.person.phoneMasked}
                personName={r.person.name}
              />
            </Field>
            <Field label="入住">{r.moveIn ?? '未登记'}</Field>
          </div>
          <PersonTags person={r.person} empty={null} />
        </li>
      ))}
    </ul>
  ) : (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={canManage ? '暂无住户，可点击「登记入住」添加' : '暂无住户'}
    />
  );

  const ownerItems = (
    <>
      {owners.length ? (
        <ul className="anju-reg-people">
          {owners.map((o) => (
            <li key={o.person.id} className="anju-reg-person">
              <div className="anju-reg-person-head">
                <Space size={6} wrap>
                  <PersonName person={o.person} />
                  <Typography.Text type="secondary">{personLine(o.person)}</Typography.Text>
                </Space>
                <Typography.Text strong>份额 {Number(o.share).toFixed(2)}%</Typography.Text>
              </div>
              <div className="anju-reg-person-fields">
                <Field label="证件">
                  <MaskedValue
                    personId={o.person.id}
                    field="idNumber"
                    masked={o.person.idMasked}
                    personName={o.person.name}
                  />
                </Field>
                <Field label="手机">
                  <MaskedValue
                    personId={o.person.id}
                    field="phone"
                    masked={o.person.phoneMasked}
                    personName={o.person.name}
                  />
                </Field>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={canManage ? '未登记产权人，可点击「编辑产权人」添加' : '未登记产权人'}
        />
      )}
      {canManage && (
        <Button
          icon={<TeamOutlined />}
          onClick={() => setEditingOwners(true)}
          className="anju-reg-section-action"
        >
          编辑产权人
        </Button>
      )}
    </>
  );

  const formerItems = former.length ? (
    <ul className="anju-reg-people">
      {former.map((r) => (
        <li key={r.id} className="anju-reg-person">
          <div className="anju-reg-person-head">
            <Space size={6} wrap>
              <PersonName person={r.person} />
              <Tag className="anju-reg-tag">{relationLabel(r.relation)}</Tag>
              <Typography.Text type="secondary">{personLine(r.person)}</Typography.Text>
            </Space>
          </div>
          <div className="anju-reg-person-fields">
            <Field label="居住">
              {r.moveIn ?? '入住日期不详'} 至 {r.moveOut}
            </Field>
          </div>
        </li>
      ))}
    </ul>
  ) : (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有曾住人员记录；住户迁出后会出现在这里" />
  );

  const tenancyItems = tenancies.length ? (
    <ul className="anju-reg-people">
      {tenancies.map((t) => (
        <li key={t.id} className="anju-reg-person">
          <div className="anju-reg-person-head">
            <Space size={6} wrap>
              <Typography.Text strong>
                {t.startDate} 至 {t.endedOn ?? t.endDate}
              </Typography.Text>
              <TenancyStatusTag status={t.status} />
              <Tag className="anju-reg-tag">{tenancyPurposeLabel(t.purpose)}</Tag>
            </Space>
          </div>
          <div className="anju-reg-person-fields">
            <Field label="出租人">
              {t.landlordId ? (
                <Link to={`/registry/people/${t.landlordId}`}>{t.landlordName}</Link>
              ) : (
                t.landlordName
              )}
            </Field>
            <Field label="承租人">
              <Space size={8} wrap>
                {t.tenants.map((p) => (
                  <Link key={p.id} to={`/registry/people/${p.id}`}>
                    {p.name}
                  </Link>
                ))}
              </Space>
            </Field>
            {t.endedOn && <Field label="退租">{t.endedOn}</Field>}
          </div>
          <Typography.Text type="secondary" className="anju-reg-small">
            {t.registeredByName} 登记于 {formatDateTime(t.registeredAt)}
          </Typography.Text>
        </li>
      ))}
    </ul>
  ) : (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无出租登记，可在「出租登记」中新增" />
  );

  const historyItems = history.length ? (
    <Timeline
      className="anju-reg-timeline"
      items={history.map((h, i) => ({
        key: `${h.at}-${i}`,
        color: i === 0 ? 'blue' : 'gray',
        title: formatDateTime(h.at),
        content: (
          <span>
            {h.summary}
            <Typography.Text type="secondary"> · {h.actor ?? '系统'}</Typography.Text>
          </span>
        ),
      }))}
    />
  ) : (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无变更记录" />
  );

  return (
    <>
      <div className="anju-reg-card-head">
        <Space size={[8, 6]} wrap className="anju-reg-card-facts">
          <HouseUseTag use={house.use} />
          <span>{formatArea(house.area)}</span>
          <span className="anju-reg-dot">·</span>
          <span>{house.floor} 层</span>
          <span className="anju-reg-dot">·</span>
          <span>
            现住 <b>{house.residentCount}</b> 人
          </span>
          <FreeTags tags={house.tags} />
        </Space>
        {canManage && (
          <Space wrap className="anju-reg-card-actions">
            <Button type="primary" icon={<UserAddOutlined />} onClick={() => setMovingIn(true)}>
              登记入住
            </Button>
            <Button icon={<EditOutlined />} onClick={() => setEditing({ type: 'edit', house })}>
              编辑房屋
            </Button>
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'owners', label: '编辑产权人', icon: <TeamOutlined /> },
                  { key: 'delete', label: '删除房屋', icon: <DeleteOutlined />, danger: true },
                ],
                onClick: ({ key }) => (key === 'owners' ? setEditingOwners(true) : confirmDelete()),
              }}
            >
              <Button>
                更多 <DownOutlined style={{ fontSize: 10 }} />
              </Button>
            </Dropdown>
          </Space>
        )}
      </div>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        className="anju-reg-card-desc"
        items={[
          {
            key: 'owners',
            label: '产权人',
            children: house.ownerNames.length ? house.ownerNames.join('、') : '未登记',
          },
          { key: 'estate', label: '小区', children: house.estateName || '—' },
          ...(house.note ? [{ key: 'note', label: '备注', children: house.note, span: 2 }] : []),
        ]}
      />
      <Tabs
        defaultActiveKey="residents"
        items={[
          {
            key: 'residents',
            label: tabLabel('现住人员', '现住', residents.length),
            children: residentItems,
          },
          { key: 'owners', label: tabLabel('产权人', '产权', owners.length), children: ownerItems },
          { key: 'former', label: tabLabel('曾住人员', '曾住', former.length), children: formerItems },
          { key: 'tenancies', label: tabLabel('出租登记', '出租', tenancies.length), children: tenancyItems },
          { key: 'history', label: '历史', children: historyItems },
        ]}
      />
      <HouseFormModal mode={editing} onClose={() => setEditing(null)} />
      <MoveInModal
        open={movingIn}
        house={{ id: house.id, address: house.address }}
        excludePeople={residents.map((r) => r.person.id)}
        onClose={() => setMovingIn(false)}
      />
      <MoveOutModal stay={movingOut} onClose={() => setMovingOut(null)} />
      <OwnersModal card={editingOwners ? data : null} onClose={() => setEditingOwners(false)} />
    </>
  );
}
