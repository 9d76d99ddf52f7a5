import { CheckCircleFilled, CloseCircleFilled, FormOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Segmented,
  Spin,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect, useScopeRoots } from '../../app/components/PlaceTreeSelect.js';
import { dayjs, formatDateTime } from '../../app/format.js';
import { useApiErrorHandler } from '../../app/forms.js';
import { useCurrentPlace } from '../../app/place.js';
import { fireApi, fireKeys, type InspectionList } from './api.js';
import './fire.css';

type Inspection = InspectionList['items'][number];

export function InspectionsPage() {
  const { can } = useAuth();
  const { place } = useCurrentPlace();
  const [placeId, setPlaceId] = useState<string | undefined>(place?.id);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState(false);
  const query = { placeId, page, pageSize: 20 };
  const list = useQuery({ queryKey: fireKeys.inspections(query), queryFn: () => fireApi.inspections(query) });
  const missing = useQuery({
    queryKey: fireKeys.missing({ placeId }),
    queryFn: () => fireApi.missing({ placeId }),
  });
  const columns: TableColumnsType<Inspection> = [
    { title: '月份', dataIndex: 'month', className: 'anju-mono' },
    { title: '小区', render: (_, r) => r.estate.name },
    { title: '检查地点', render: (_, r) => r.place.name, responsive: ['md'] },
    { title: '检查人', dataIndex: 'inspectorName' },
    { title: '检查时间', dataIndex: 'inspectedAt', render: formatDateTime, responsive: ['sm'] },
    {
      title: '结果',
      render: (_, r) =>
        r.failedCount === 0 ? (
          <Tag color="success">全部合格</Tag>
        ) : (
          <Tag color="error">
            {r.failedCount}/{r.itemCount} 项不合格
          </Tag>
        ),
    },
  ];
  return (
    <div>
      <PageHeader
        title="防火检查"
        description="每月按检查表逐项检查，不合格项当场登记隐患"
        extra={
          can('fire.manage') && (
            <div className="anju-fire-actions">
              <Button onClick={() => setEditing(true)}>检查表设置</Button>
              <Link to="/fire/inspections/new">
                <Button type="primary" icon={<FormOutlined />}>
                  开始检查
                </Button>
              </Link>
            </div>
          )
        }
      />
      {missing.data && missing.data.items.length > 0 && (
        <Alert
          type="warning"
          showIcon
          className="anju-block-gap"
          title={`${missing.data.month} 还有 ${missing.data.items.length} 个小区未做月度防火检查`}
          description={missing.data.items
            .map(
              (e) =>
                `${e.name}（上次：${e.lastInspectedAt ? formatDateTime(e.lastInspectedAt) : '从未检查'}）`,
            )
            .join('；')}
        />
      )}
      <Card className="anju-card anju-query-card">
        <Form layout="inline" className="anju-query-form">
          <Form.Item label="区域">
            <PlaceTreeSelect
              value={placeId}
              style={{ minWidth: 200 }}
              placeholder="全部区域"
              onChange={(v) => {
                setPlaceId(v);
                setPage(1);
              }}
            />
          </Form.Item>
        </Form>
      </Card>
      {list.isError && (
        <Alert type="error" showIcon title={errorMessage(list.error)} className="anju-block-gap" />
      )}
      {editing && <ChecklistModal onClose={() => setEditing(false)} />}
      <Card className="anju-card">
        <Table
          rowKey="id"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          expandable={{ expandedRowRender: (r) => <InspectionItems id={r.id} /> }}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            showTotal: (n) => `共 ${n} 条`,
            onChange: setPage,
          }}
        />
      </Card>
    </div>
  );
}

function InspectionItems({ id }: { id: string }) {
  const d = useQuery({ queryKey: fireKeys.inspection(id), queryFn: () => fireApi.inspection(id) });
  if (!d.data) return <Spin />;
  return (
    <ul className="anju-fire-result-list">
      {d.data.items.map((i) => (
        <li key={i.code}>
          {i.passed ? (
            <CheckCircleFilled className="anju-fire-pass" />
          ) : (
            <CloseCircleFilled className="anju-fire-fail" />
          )}{' '}
          {i.label}
          {i.note && <Typography.Text type="secondary">：{i.note}</Typography.Text>}
          {i.hazardId && (
            <Link to={`/fire/hazards/${i.hazardId}`} style={{ marginLeft: 8 }}>
              查看隐患
            </Link>
          )}
        </li>
      ))}
      {d.data.note && <li>备注：{d.data.note}</li>}
    </ul>
  );
}

interface ItemState {
  passed?: boolean;
  note: string;
  openHazard: boolean;
  responsible: string;
  deadline: Dayjs | null;
}

/** The guard's checklist on foot: one card per item, big pass/fail buttons, a hazard in one tap. */
export function InspectPage() {
  const { place } = useCurrentPlace();
  const { roots } = useScopeRoots();
  // The place in the top bar when it lies in an estate, else a guard's own estate: one tap less on foot.
  const preset =
    place && place.kind !== 'street' && place.kind !== 'community'
      ? place.id
      : roots.length === 1 && roots[0].kind === 'estate'
        ? roots[0].id
        : undefined;
  const [picked, setPlaceId] = useState<string | null>(null);
  const placeId = picked ?? preset;
  const [state, setState] = useState<Partial<Record<string, ItemState>>>({});
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const checklist = useQuery({
    queryKey: fireKeys.checklist(placeId ?? ''),
    queryFn: () => fireApi.checklist(placeId!),
    enabled: Boolean(placeId),
  });
  const items = checklist.data?.items ?? [];
  const set = (code: string, patch: Partial<ItemState>) =>
    setState((s) => ({
      ...s,
      [code]: { ...(s[code] ?? { note: '', openHazard: false, responsible: '', deadline: null }), ...patch },
    }));
  const done = items.filter((c) => state[c.code]?.passed !== undefined).length;

  const submit = async () => {
    const left = items.find((c) => state[c.code]?.passed === undefined);
    if (left) {
      message.warning(`请检查：${left.label}`);
      return;
    }
    setSaving(true);
    try {
      const res = await fireApi.inspect({
        placeId: placeId!,
        note: note.trim(),
        items: items.map((c) => {
          const s = state[c.code]!;
          return {
            code: c.code,
            passed: s.passed!,
            note: s.note.trim(),
            openHazard: !s.passed && s.openHazard,
            ...(s.openHazard && s.responsible.trim() ? { responsible: s.responsible.trim() } : {}),
            ...(s.openHazard && s.deadline ? { deadline: s.deadline.format('YYYY-MM-DD') } : {}),
          };
        }),
      });
      message.success(res.hazardIds.length > 0 ? `已提交，登记隐患 ${res.hazardIds.length} 条` : '已提交');
      await queryClient.invalidateQueries({ queryKey: fireKeys.all });
      navigate('/fire/inspections');
    } catch (error) {
      onError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="anju-fire-inspect">
      <PageHeader title="月度防火检查" description="逐项检查，不合格的可直接登记隐患并下达整改" />
      <Card className="anju-card" size="small">
        <div className="anju-fire-label">检查地点（小区或楼栋）</div>
        <PlaceTreeSelect
          value={placeId || undefined}
          style={{ width: '100%' }}
          size="large"
          placeholder="请选择小区或楼栋"
          onChange={(v) => {
            setPlaceId(v ?? '');
            setState({});
          }}
        />
      </Card>
      {checklist.isError && <Alert type="error" showIcon title={errorMessage(checklist.error)} />}
      {!placeId && <Empty description="先选择要检查的小区或楼栋" />}
      <Spin spinning={checklist.isFetching}>
        {items.map((c, i) => {
          const s = state[c.code];
          return (
            <Card
              key={c.code}
              size="small"
              className={`anju-card anju-fire-item ${s?.passed === false ? 'is-failed' : s?.passed ? 'is-passed' : ''}`}
              data-testid="checklist-item"
            >
              <div className="anju-fire-item-title">
                {i + 1}. {c.label}
              </div>
              <Segmented
                block
                size="large"
                value={s?.passed === undefined ? '' : s.passed ? 'pass' : 'fail'}
                options={[
                  { value: 'pass', label: '合格' },
                  { value: 'fail', label: '不合格' },
                ]}
                onChange={(v) =>
                  set(c.code, { passed: v === 'pass', ...(v === 'pass' ? { openHazard: false } : {}) })
                }
              />
              {s?.passed === false && (
                <div className="anju-fire-item-more">
                  <Input.TextArea
                    rows={2}
                    maxLength={200}
                    placeholder="问题说明（位置、情况）"
                    value={s.note}
                    onChange={(e) => set(c.code, { note: e.target.value })}
                  />
                  <Checkbox
                    checked={s.openHazard}
                    onChange={(e) => set(c.code, { openHazard: e.target.checked })}
                  >
                    登记为隐患
                  </Checkbox>
                  {s.openHazard && (
                    <>
                      <Input
                        maxLength={60}
                        placeholder="整改责任方（可稍后填写）"
                        value={s.responsible}
                        onChange={(e) => set(c.code, { responsible: e.target.value })}
                      />
                      <DatePicker
                        style={{ width: '100%' }}
                        placeholder="整改期限"
                        value={s.deadline}
                        disabledDate={(d) => d.isBefore(dayjs(), 'day')}
                        onChange={(d) => set(c.code, { deadline: d })}
                      />
                    </>
                  )}
                </div>
              )}
            </Card>
          );
        })}
      </Spin>
      {items.length > 0 && (
        <Card size="small" className="anju-card">
          <Input.TextArea
            rows={2}
            maxLength={500}
            placeholder="备注（可不填）"
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <Button
            type="primary"
            size="large"
            block
            loading={saving}
            onClick={submit}
            style={{ marginTop: 12 }}
          >
            提交检查（{done}/{items.length}）
          </Button>
        </Card>
      )}
    </div>
  );
}

/** An estate's own checklist: items renamed, added or dropped; codes of kept items stay. */
function ChecklistModal({ onClose }: { onClose(): void }) {
  const [placeId, setPlaceId] = useState<string>();
  const [items, setItems] = useState<{ code: string; label: string }[] | null>(null);
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const current = useQuery({
    queryKey: fireKeys.checklist(placeId ?? ''),
    queryFn: () => fireApi.checklist(placeId!),
    enabled: Boolean(placeId),
  });
  const list = items ?? current.data?.items ?? [];
  const edit = (next: { code: string; label: string }[]) => setItems(next);
  return (
    <Modal
      open
      title="检查表设置"
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      okButtonProps={{ disabled: !current.data || list.length === 0 }}
      onCancel={onClose}
      onOk={async () => {
        setSaving(true);
        try {
          await fireApi.setChecklist(current.data!.estateId, {
            items: list.map((i) => ({ code: i.code, label: i.label.trim() })).filter((i) => i.label),
          });
          message.success('已保存');
          await queryClient.invalidateQueries({ queryKey: ['fire', 'checklist'] });
          onClose();
        } catch (error) {
          onError(error);
        } finally {
          setSaving(false);
        }
      }}
    >
      <div className="anju-fire-label">小区</div>
      <PlaceTreeSelect
        value={placeId}
        style={{ width: '100%' }}
        onChange={(v) => {
          setPlaceId(v);
          setItems(null);
        }}
      />
      {current.data && (
        <div className="anju-fire-item-more">
          <Typography.Text type="secondary">
            {current.data.custom ? '本小区已设置自己的检查表' : '目前使用默认检查表'}
          </Typography.Text>
          {list.map((item, i) => (
            <div key={item.code} className="anju-fire-actions">
              <Input
                style={{ flex: 1 }}
                maxLength={60}
                value={item.label}
                onChange={(e) => edit(list.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))}
              />
              <Button onClick={() => edit(list.filter((_, j) => j !== i))}>删除</Button>
            </div>
          ))}
          <Button
            onClick={() => {
              let n = list.length + 1;
              while (list.some((x) => x.code === `item_${n}`)) n++;
              edit([...list, { code: `item_${n}`, label: '' }]);
            }}
          >
            添加检查项
          </Button>
        </div>
      )}
    </Modal>
  );
}
