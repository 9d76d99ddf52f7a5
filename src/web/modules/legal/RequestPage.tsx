import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Select,
  Space,
  Spin,
  Timeline,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { LEGAL_ACTIONS, LEGAL_CHANNELS, type LegalAction } from '../../../shared/legal.js';
import { errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { formatDateTime } from '../../app/format.js';
import { useSaving, validValues } from '../../app/forms.js';
import { legalApi, legalKeys } from './api.js';
import { KindTag, StatusTag } from './meta.js';

/** One request: what was asked, who answers, every step; the actions its status allows. */
export function RequestPage() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [acting, setActing] = useState<LegalAction | null>(null);
  const [revealed, setRevealed] = useState<{ name: string | null; phone: string | null } | null>(null);
  const [revealing, setRevealing] = useState(false);
  const detail = useQuery({ queryKey: legalKeys.request(id), queryFn: () => legalApi.request(id) });
  const r = detail.data;

  if (detail.isError)
    return (
      <Result status="404" title="申请不存在或无权查看" extra={<Link to="/legal/requests">返回列表</Link>} />
    );
  if (!r) return <Spin />;

  return (
    <div>
      <PageHeader
        title={
          <Space>
            {r.trackingNo}
            <StatusTag status={r.status} />
          </Space>
        }
        description={r.subject}
        extra={
          <Space wrap>
            {r.allowed.map((a) => (
              <Button
                key={a}
                type={a === 'close' ? 'default' : 'primary'}
                onClick={() => setActing(a)}
                data-testid={`action-${a}`}
              >
                {LEGAL_ACTIONS[a]}
              </Button>
            ))}
          </Space>
        }
      />
      <Card className="anju-card">
        <Descriptions column={{ xs: 1, sm: 2 }} size="small">
          <Descriptions.Item label="服务类型">
            <KindTag kind={r.kind} />
          </Descriptions.Item>
          <Descriptions.Item label="来源">{LEGAL_CHANNELS[r.channel]}</Descriptions.Item>
          <Descriptions.Item label="地点">{r.placeName}</Descriptions.Item>
          <Descriptions.Item label="申请时间">{formatDateTime(r.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="申请人">
            <Space>
              {revealed
                ? `${revealed.name ?? ''} ${revealed.phone ?? ''}`
                : `${r.nameMasked} ${r.phoneMasked ?? ''}`}
              {!revealed && can('pii.reveal') && (
                <Button type="link" size="small" onClick={() => setRevealing(true)}>
                  查看
                </Button>
              )}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label="法律顾问">{r.advisorName ?? '未指派'}</Descriptions.Item>
          <Descriptions.Item label="具体情况" span={2}>
            <span className="legal-pre">{r.description}</span>
          </Descriptions.Item>
          {r.answer && (
            <Descriptions.Item label="答复" span={2}>
              <span className="legal-pre">{r.answer}</span>
            </Descriptions.Item>
          )}
          {r.rating && (
            <Descriptions.Item label="居民评价" span={2}>
              {'★'.repeat(r.rating)}
              {'☆'.repeat(5 - r.rating)} {r.ratingComment}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card className="anju-card" title="办理过程" size="small">
        <Timeline
          items={r.steps.map((s) => ({
            children: (
              <div>
                <strong>{s.label}</strong> · {s.actorName} · {formatDateTime(s.at)}
                {s.note && <div className="legal-pre legal-muted">{s.note}</div>}
              </div>
            ),
          }))}
        />
      </Card>
      {acting && <ActionModal id={id} action={acting} onClose={() => setActing(null)} />}
      {revealing && (
        <RevealModal
          onClose={() => setRevealing(false)}
          onReveal={async (reason) => {
            try {
              setRevealed(await legalApi.revealRequest(id, reason));
              setRevealing(false);
            } catch (e) {
              message.error(errorMessage(e));
            }
          }}
        />
      )}
    </div>
  );
}

function RevealModal({ onClose, onReveal }: { onClose(): void; onReveal(reason: string): Promise<void> }) {
  const [reason, setReason] = useState('');
  return (
    <Modal
      open
      title="查看完整联系方式"
      okText="查看"
      cancelText="取消"
      okButtonProps={{ disabled: !reason.trim() }}
      onCancel={onClose}
      onOk={() => onReveal(reason.trim())}
    >
      <Alert type="info" showIcon title="查看将记入审计日志，请说明理由。" className="anju-block-gap" />
      <Input
        maxLength={200}
        placeholder="如：电话回复咨询"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
    </Modal>
  );
}

function ActionModal({ id, action, onClose }: { id: string; action: LegalAction; onClose(): void }) {
  const [form] = Form.useForm<{ advisorId?: string; answer?: string; note?: string }>();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const advisors = useQuery({
    queryKey: legalKeys.advisors(id),
    queryFn: () => legalApi.advisors(id),
    enabled: action === 'assign',
  });
  return (
    <Modal
      open
      title={LEGAL_ACTIONS[action]}
      okText="确定"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        const v = await validValues(form);
        if (!v) return;
        await run(async () => {
          if (action === 'assign')
            await legalApi.act(id, { action, advisorId: v.advisorId!, note: v.note ?? '' });
          else if (action === 'answer') await legalApi.act(id, { action, answer: v.answer ?? '' });
          else await legalApi.act(id, { action, note: v.note ?? '' });
          message.success('已保存');
          await queryClient.invalidateQueries({ queryKey: legalKeys.all });
          onClose();
        });
      }}
    >
      <Form form={form} layout="vertical">
        {action === 'assign' && (
          <Form.Item
            name="advisorId"
            label="法律顾问"
            rules={[{ required: true, message: '请选择法律顾问' }]}
          >
            <Select
              loading={advisors.isLoading}
              options={advisors.data?.items.map((a) => ({ value: a.id, label: a.name }))}
              placeholder="选择本地的法律顾问"
            />
          </Form.Item>
        )}
        {action === 'answer' && (
          <Form.Item
            name="answer"
            label="答复内容（居民凭受理编号可查看）"
            rules={[{ required: true, whitespace: true, message: '请填写答复内容' }]}
          >
            <Input.TextArea rows={6} maxLength={4000} showCount />
          </Form.Item>
        )}
        {action !== 'answer' && (
          <Form.Item name="note" label={action === 'close' ? '办结说明' : '说明'}>
            <Input.TextArea rows={3} maxLength={action === 'close' ? 500 : 200} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
