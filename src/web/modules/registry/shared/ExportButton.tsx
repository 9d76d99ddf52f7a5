import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { download } from '../../../app/api.js';
import { useAuth } from '../../../app/auth.js';
import { useSaving, validValues } from '../../../app/forms.js';

const LIST_LABEL = { people: '人员名单', houses: '房屋名单', tenancies: '出租登记名单' } as const;

interface ExportValues {
  sensitive?: boolean;
  reason?: string;
}

/**
 * 导出 for a registry list: the current filters, masked by default. A full export (完整证件号、手机号)
 * is offered only to those who may reveal personal data, and needs a reason the server records.
 */
export function ExportButton({
  list,
  filters,
}: {
  list: 'people' | 'houses' | 'tenancies';
  filters: Record<string, string | undefined>;
}) {
  const { can } = useAuth();
  const canReveal = can('pii.reveal');
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ExportValues>();
  const sensitive = Form.useWatch('sensitive', form);
  const { saving, run } = useSaving(form);

  // The list's query as strings, without the paging (the export is the whole filtered list).
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (key === 'page' || key === 'pageSize') continue;
    if (value !== undefined && value !== '') clean[key] = value;
  }
  const filtered = Object.keys(clean).some((k) => k !== 'placeId');

  const submit = async () => {
    const values = await validValues(form);
    if (!values) return;
    const full = canReveal && !!values.sensitive;
    await run(async () => {
      await download(`/api/v1/registry/${list}/export`, {
        method: 'POST',
        body: { filters: clean, sensitive: full, reason: full ? values.reason?.trim() : undefined },
        fileName: `${LIST_LABEL[list]}.xlsx`,
      });
      message.success(full ? '已导出（含敏感信息），本次导出已记入审计日志' : '已导出');
      setOpen(false);
    });
  };

  return (
    <>
      <Button
        icon={<DownloadOutlined />}
        onClick={() => {
          form.resetFields();
          setOpen(true);
        }}
      >
        导出
      </Button>
      <Modal
        open={open}
        title={`导出${LIST_LABEL[list]}`}
        okText="导出"
        cancelText="取消"
        onOk={submit}
        onCancel={() => setOpen(false)}
        confirmLoading={saving}
        destroyOnHidden
        forceRender
      >
        <Typography.Paragraph>
          {filtered ? '按当前筛选条件导出全部结果' : '导出当前区域的全部记录'}，格式为 Excel（.xlsx）。
        </Typography.Paragraph>
        <Form<ExportValues> form={form} layout="vertical" initialValues={{ sensitive: false }}>
          {!sensitive && (
            <Alert
              type="info"
              showIcon
              className="anju-block-gap"
              title="默认脱敏：证件号、手机号只导出部分数字，如 500222********123X、138****8000。"
            />
          )}
          {canReveal && (
            <Form.Item name="sensitive" valuePropName="checked" className="anju-reg-tight">
              <Checkbox>含敏感信息（完整证件号、手机号）</Checkbox>
            </Form.Item>
          )}
          {canReveal && sensitive && (
            <>
              <Alert
                type="warning"
                showIcon
                className="anju-block-gap"
                title="导出的文件含完整个人信息，请妥善保管，不要通过群聊或邮件转发。本次导出将记入审计日志。"
              />
              <Form.Item
                label="导出原因"
                name="reason"
                required
                rules={[
                  { required: true, whitespace: true, message: '导出含敏感信息的名单必须填写原因' },
                  { max: 200, message: '导出原因不能超过 200 个字' },
                ]}
              >
                <Input.TextArea
                  rows={2}
                  maxLength={200}
                  showCount
                  placeholder="如：报送街道综治中心季度核查"
                />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}
