import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Segmented,
  Spin,
  Timeline,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { HAZARD_ACTIONS, HAZARD_LEVELS, HAZARD_SOURCES, type HazardAction } from '../../../shared/fire.js';
import { errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { dayjs, formatDateTime } from '../../app/format.js';
import { useSaving, validValues } from '../../app/forms.js';
import { type PhotoData, PhotoStrip } from '../grid/meta.js';
import { PhotoPicker } from '../grid/PhotoPicker.js';
import { fireApi, fireKeys, type HazardDetail } from './api.js';
import { HazardStatusTag } from './meta.js';
import './fire.css';

export function HazardPage() {
  const { id = '' } = useParams();
  const [action, setAction] = useState<HazardAction>();
  const [addingPhotos, setAddingPhotos] = useState(false);
  const { can } = useAuth();
  const h = useQuery({ queryKey: fireKeys.hazard(id), queryFn: () => fireApi.hazard(id) });
  if (h.isError) return <Alert type="error" showIcon title={errorMessage(h.error)} />;
  if (!h.data) return <Spin />;
  const d = h.data;
  const before = d.photos.filter((p) => p.stage === 'before');
  const after = d.photos.filter((p) => p.stage === 'after');
  return (
    <div>
      <PageHeader title={d.title} description={`${d.estate.name} · ${d.location || d.place.name}`} />
      <Card className="anju-card" size="small">
        <Descriptions column={{ xs: 1, sm: 2 }} size="small">
          <Descriptions.Item label="状态">
            <HazardStatusTag status={d.status} />
            {d.overdue && <span className="anju-fire-fail">已逾期</span>}
          </Descriptions.Item>
          <Descriptions.Item label="等级">{HAZARD_LEVELS[d.level]}</Descriptions.Item>
          <Descriptions.Item label="来源">
            {HAZARD_SOURCES[d.source]}
            {d.sourceEventId && (
              <Link to={`/grid/events/${d.sourceEventId}`} style={{ marginLeft: 8 }}>
                查看事件
              </Link>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="发现人">{d.reporterName}</Descriptions.Item>
          <Descriptions.Item label="整改责任方">{d.responsible ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="整改期限">{d.deadline ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="复查次数">{d.recheckCount}</Descriptions.Item>
          <Descriptions.Item label="销号时间">{formatDateTime(d.closedAt)}</Descriptions.Item>
          {d.escalatedAt && (
            <Descriptions.Item label="逾期升级">{formatDateTime(d.escalatedAt)}</Descriptions.Item>
          )}
        </Descriptions>
        {d.description && <p>{d.description}</p>}
        {d.rectifyNote && <p>整改情况：{d.rectifyNote}</p>}
        {d.allowed.length > 0 && (
          <div className="anju-fire-actions">
            {d.allowed.map((a) => (
              <Button
                key={a}
                type={a === 'fail' ? 'default' : 'primary'}
                danger={a === 'fail'}
                onClick={() => setAction(a)}
              >
                {HAZARD_ACTIONS[a]}
              </Button>
            ))}
          </div>
        )}
      </Card>
      <Card
        className="anju-card"
        size="small"
        title="照片"
        extra={
          d.allowed.length > 0 || (d.status === 'closed' && can('fire.manage')) ? (
            <Button size="small" onClick={() => setAddingPhotos(true)}>
              补充照片
            </Button>
          ) : null
        }
      >
        <div>整改前</div>
        {before.length ? <PhotoStrip photos={before} /> : <span className="anju-muted">暂无</span>}
        <div style={{ marginTop: 8 }}>整改后</div>
        {after.length ? <PhotoStrip photos={after} /> : <span className="anju-muted">暂无</span>}
      </Card>
      <Card className="anju-card" size="small" title="办理过程">
        <Timeline
          items={d.steps.map((s) => ({
            key: s.id,
            color:
              s.action === 'fail' || s.action === 'escalate' ? 'red' : s.action === 'pass' ? 'green' : 'blue',
            children: (
              <div>
                <strong>{s.actionLabel}</strong> · {s.actorName} · {formatDateTime(s.at)}
                {s.note && <div>{s.note}</div>}
              </div>
            ),
          }))}
        />
      </Card>
      {addingPhotos && <PhotosModal hazard={d} onClose={() => setAddingPhotos(false)} />}
      {action && <ActionModal hazard={d} action={action} onClose={() => setAction(undefined)} />}
    </div>
  );
}

interface Values {
  responsible?: string;
  deadline?: Dayjs;
  note?: string;
  photos?: PhotoData[];
}

function ActionModal({
  hazard,
  action,
  onClose,
}: {
  hazard: HazardDetail;
  action: HazardAction;
  onClose(): void;
}) {
  const [form] = Form.useForm<Values>();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const needsDeadline = action === 'assign' || action === 'fail';
  return (
    <Modal
      open
      title={HAZARD_ACTIONS[action]}
      okText="确定"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        const v = await validValues(form);
        if (!v) return;
        await run(async () => {
          await fireApi.act(hazard.id, {
            action,
            ...(v.responsible?.trim() ? { responsible: v.responsible.trim() } : {}),
            ...(v.deadline ? { deadline: v.deadline.format('YYYY-MM-DD') } : {}),
            note: v.note?.trim() ?? '',
            photos: v.photos ?? [],
          });
          message.success('已办理');
          await queryClient.invalidateQueries({ queryKey: fireKeys.all });
          onClose();
        });
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ responsible: hazard.responsible ?? '' }}>
        {needsDeadline && (
          <>
            <Form.Item
              name="responsible"
              label="整改责任方"
              rules={
                action === 'assign' ? [{ required: true, whitespace: true, message: '请填写整改责任方' }] : []
              }
            >
              <Input maxLength={60} placeholder="如：物业服务中心、3栋楼栋长" />
            </Form.Item>
            <Form.Item
              name="deadline"
              label={action === 'fail' ? '新的整改期限' : '整改期限'}
              rules={[{ required: true, message: '请选择整改期限' }]}
            >
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="note"
          label={action === 'fail' ? '不通过的原因' : '说明'}
          rules={action === 'fail' ? [{ required: true, whitespace: true, message: '请说明原因' }] : []}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
        {action !== 'assign' && (
          <Form.Item name="photos" label={action === 'fail' ? '现场照片' : '整改后照片'}>
            <PhotoPicker />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function PhotosModal({ hazard, onClose }: { hazard: HazardDetail; onClose(): void }) {
  const [form] = Form.useForm<{ stage: 'before' | 'after'; photos?: PhotoData[] }>();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const early = hazard.status === 'found' || hazard.status === 'rectifying';
  return (
    <Modal
      open
      title="补充照片"
      okText="上传"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        const v = await validValues(form);
        if (!v?.photos?.length) {
          message.warning('请先拍照或选择照片');
          return;
        }
        await run(async () => {
          await fireApi.addPhotos(hazard.id, { stage: v.stage, photos: v.photos! });
          message.success('已上传');
          await queryClient.invalidateQueries({ queryKey: fireKeys.hazard(hazard.id) });
          onClose();
        });
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ stage: early ? 'before' : 'after' }}>
        <Form.Item name="stage" label="照片阶段">
          <Segmented
            options={[
              { value: 'before', label: '整改前' },
              { value: 'after', label: '整改后' },
            ]}
          />
        </Form.Item>
        <Form.Item name="photos" label="照片">
          <PhotoPicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
