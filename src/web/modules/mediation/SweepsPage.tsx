import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Cascader,
  DatePicker,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { CASE_SCALES, RISK_LEVELS } from '../../../shared/mediation.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { dayjs } from '../../app/format.js';
import { useSaving, validValues } from '../../app/forms.js';
import { mediationApi, mediationKeys } from './api.js';
import { CaseStatusTag, DISPUTE_OPTIONS, opts } from './meta.js';
import './mediation.css';

/** 矛盾纠纷排查: each sweep with the cases its findings became. */
export function SweepsPage() {
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: mediationKeys.sweeps({ page }),
    queryFn: () => mediationApi.sweeps({ page, pageSize: 10 }),
    placeholderData: keepPreviousData,
  });
  const committees = useQuery({
    queryKey: mediationKeys.committees({}),
    queryFn: () => mediationApi.committees({}),
  });
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const { saving, run } = useSaving(form);

  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    await run(async () => {
      const r = await mediationApi.createSweep({
        committeeId: v.committeeId,
        heldOn: v.heldOn.format('YYYY-MM-DD'),
        participants: v.participants ?? '',
        summary: v.summary ?? '',
        findings: (v.findings ?? []).map(
          (f: {
            title: string;
            description: string;
            category: [string, string?];
            scale?: string;
            riskLevel?: string;
          }) => ({
            title: f.title,
            description: f.description,
            category: f.category[0],
            subcategory: f.category[1],
            scale: f.scale ?? 'individual',
            riskLevel: f.riskLevel ?? null,
          }),
        ),
      });
      message.success(`排查已登记，立案 ${r.caseIds.length} 件`);
      setOpen(false);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: mediationKeys.all });
    });
  };

  return (
    <div>
      <PageHeader
        title="矛盾纠纷排查"
        description="定期排查发现的纠纷逐条立案，纳入调解"
        extra={
          can('mediation.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
              登记排查
            </Button>
          )
        }
      />
      <Card className="anju-card">
        <List
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description="暂无排查记录" /> }}
          pagination={
            list.data && list.data.total > 10
              ? {
                  current: page,
                  pageSize: 10,
                  total: list.data.total,
                  onChange: setPage,
                  showTotal: (n) => `共 ${n} 次`,
                }
              : false
          }
          renderItem={(s) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Space wrap>
                    <span className="anju-mono">{s.heldOn}</span>
                    <span>{s.committeeName}</span>
                    <Typography.Text type="secondary">发现纠纷 {s.cases.length} 件</Typography.Text>
                  </Space>
                }
                description={
                  <div>
                    <div>参加：{s.participants || '—'}</div>
                    {s.summary && <div className="anju-md-text">{s.summary}</div>}
                    {s.cases.map((c) => (
                      <div key={c.id}>
                        <Link to={`/mediation/cases/${c.id}`}>
                          {c.no} {c.title}
                        </Link>{' '}
                        <CaseStatusTag status={c.status} />
                      </div>
                    ))}
                  </div>
                }
              />
            </List.Item>
          )}
        />
      </Card>
      <Modal
        open={open}
        title="登记排查"
        width={720}
        okText="保存并立案"
        cancelText="取消"
        confirmLoading={saving}
        onOk={save}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ heldOn: dayjs(), findings: [] }}
        >
          <Form.Item name="committeeId" label="调委会" rules={[{ required: true, message: '请选择调委会' }]}>
            <Select options={(committees.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="heldOn" label="排查日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="participants" label="参加人员">
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="summary" label="排查情况">
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.List name="findings">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => (
                  <Card
                    key={field.key}
                    size="small"
                    title={`发现的纠纷 ${i + 1}`}
                    style={{ marginBottom: 8 }}
                    extra={
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label="移除"
                        onClick={() => remove(field.name)}
                      />
                    }
                  >
                    <Form.Item
                      name={[field.name, 'title']}
                      label="纠纷"
                      rules={[{ required: true, whitespace: true, message: '请填写纠纷名称' }]}
                    >
                      <Input maxLength={60} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'category']}
                      label="类别"
                      rules={[{ required: true, message: '请选择类别' }]}
                    >
                      <Cascader options={DISPUTE_OPTIONS} changeOnSelect />
                    </Form.Item>
                    <Space wrap>
                      <Form.Item name={[field.name, 'scale']} label="规模" initialValue="individual">
                        <Select style={{ width: 140 }} options={opts(CASE_SCALES)} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'riskLevel']} label="激化风险">
                        <Select
                          allowClear
                          style={{ width: 120 }}
                          placeholder="无"
                          options={opts(RISK_LEVELS)}
                        />
                      </Form.Item>
                    </Space>
                    <Form.Item
                      name={[field.name, 'description']}
                      label="情况"
                      rules={[{ required: true, whitespace: true, message: '请填写纠纷情况' }]}
                    >
                      <Input.TextArea rows={2} maxLength={2000} />
                    </Form.Item>
                  </Card>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add()}>
                  添加发现的纠纷
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </div>
  );
}
