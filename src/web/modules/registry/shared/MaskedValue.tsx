import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { personRevealBody } from '../../../../shared/api/registry.js';
import { useAuth } from '../../../app/auth.js';
import { useSaving, validValues, zodRule } from '../../../app/forms.js';
import { type RevealField, registryApi } from './api.js';

const FIELD_LABEL: Record<RevealField, string> = { idNumber: '证件号码', phone: '手机号码' };
const QUICK_REASONS = ['入户走访核对身份', '电话联系本人', '协助办理业务', '核查登记信息'];

// A revealed value is kept in the query cache (never in storage) so that the same person's number
// stays visible in the table, the card and the detail page until the tab is closed. Its key is
// outside ['registry', …] so that refreshing the registry after a write never tries to fetch it.
const revealKey = (personId: string, field: RevealField) => ['registry-reveal', personId, field] as const;

/** A masked ID or phone with a small 查看 link that asks for a reason, then shows the full value. */
export function MaskedValue({
  personId,
  field,
  masked,
  personName,
}: {
  personId: string;
  field: RevealField;
  masked: string | null | undefined;
  personName?: string;
}) {
  const { can } = useAuth();
  const [asking, setAsking] = useState(false);
  const revealed = useQuery<string | null>({
    queryKey: revealKey(personId, field),
    queryFn: () => Promise.reject(new Error('not fetched')),
    enabled: false,
    staleTime: Number.POSITIVE_INFINITY,
  });

  if (!masked) return <span className="anju-reg-muted">未登记</span>;
  if (revealed.data !== undefined) {
    return (
      <Tooltip title="本次查看已记入审计日志">
        <Typography.Text copyable={!!revealed.data} className="anju-mono">
          {revealed.data ?? '未登记'}
        </Typography.Text>
      </Tooltip>
    );
  }
  return (
    <Space size={6} wrap={false}>
      <span className="anju-mono">{masked}</span>
      {can('pii.reveal') && (
        <Typography.Link
          className="anju-reveal-link anju-reg-reveal"
          onClick={(e) => {
            e.stopPropagation();
            setAsking(true);
          }}
        >
          查看
        </Typography.Link>
      )}
      {asking && (
        <RevealModal
          personId={personId}
          field={field}
          personName={personName}
          onClose={() => setAsking(false)}
        />
      )}
    </Space>
  );
}

function RevealModal({
  personId,
  field,
  personName,
  onClose,
}: {
  personId: string;
  field: RevealField;
  personName?: string;
  onClose(): void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const { saving, run } = useSaving(form);
  const queryClient = useQueryClient();
  useEffect(() => form.resetFields(), [form]);

  const submit = async () => {
    const values = await validValues(form);
    if (!values) return;
    await run(async () => {
      const { value } = await registryApi.reveal(personId, field, values.reason.trim());
      queryClient.setQueryData(revealKey(personId, field), value);
      onClose();
    });
  };

  const label = FIELD_LABEL[field];
  return (
    <Modal
      open
      title={personName ? `查看「${personName}」的完整${label}` : `查看完整${label}`}
      onCancel={onClose}
      onOk={submit}
      okText="查看"
      cancelText="取消"
      confirmLoading={saving}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        查看完整个人信息会记入审计日志（查看人、时间、原因），请如实填写原因。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item label="查看原因" name="reason" required rules={[zodRule(personRevealBody.shape.reason)]}>
          <Input.TextArea rows={2} maxLength={200} showCount placeholder="如：入户走访核对身份" autoFocus />
        </Form.Item>
        <Space size={[4, 8]} wrap>
          <Typography.Text type="secondary">常用：</Typography.Text>
          {QUICK_REASONS.map((r) => (
            <Tag.CheckableTag
              key={r}
              checked={false}
              className="anju-reg-quick"
              onChange={() => form.setFields([{ name: 'reason', value: r, errors: [] }])}
            >
              {r}
            </Tag.CheckableTag>
          ))}
        </Space>
      </Form>
    </Modal>
  );
}
