import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { CASE_LEVELS, COMMITTEE_MAX, COMMITTEE_MIN, MEMBER_ROLES } from '../../../shared/mediation.js';
import { errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { useSaving, validValues } from '../../app/forms.js';
import { type Committee, mediationApi, mediationKeys } from './api.js';
import { opts } from './meta.js';
import './mediation.css';

type Dialog = { kind: 'committee'; committee?: Committee } | { kind: 'member'; committee: Committee } | null;

/** 人民调解委员会: members by post, the law's composition rule, and the departments of the joint response. */
export function CommitteesPage() {
  const { can } = useAuth();
  const manage = can('mediation.manage');
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery({
    queryKey: mediationKeys.committees({}),
    queryFn: () => mediationApi.committees({}),
  });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm();
  const { saving, run } = useSaving(form);
  const refresh = () => queryClient.invalidateQueries({ queryKey: mediationKeys.all });

  const save = async () => {
    const v = await validValues(form);
    if (!v || !dialog) return;
    await run(async () => {
      if (dialog.kind === 'member') await mediationApi.addMember(dialog.committee.id, v);
      else {
        const departments = String(v.departments ?? '')
          .split(/\n/)
          .map((l: string) => l.trim())
          .filter(Boolean)
          .map((l: string) => {
            const [name, ...rest] = l.split(/[，,：:\s]+/);
            return { name, contact: rest.join(' ') };
          });
        const body = {
          name: v.name,
          phone: v.phone ?? '',
          address: v.address ?? '',
          responseDepartments: departments,
        };
        if (dialog.committee) await mediationApi.updateCommittee(dialog.committee.id, body);
        else await mediationApi.createCommittee({ ...body, placeId: v.placeId });
      }
      message.success('已保存');
      setDialog(null);
      form.resetFields();
      await refresh();
    });
  };
  const deactivate = (id: string, name: string, active: boolean) =>
    Modal.confirm({
      title: active ? `恢复${name}的调委会成员身份？` : `停用${name}？`,
      content: active ? undefined : '停用后不能再被指派新案件，已办案件不受影响。',
      okText: '确定',
      cancelText: '取消',
      onOk: async () => {
        try {
          await mediationApi.updateMember(id, { active });
          await refresh();
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });

  const items = list.data?.items ?? [];
  return (
    <div>
      <PageHeader
        title="调解委员会"
        description={`人民调解委员会由委员 ${COMMITTEE_MIN}–${COMMITTEE_MAX} 人组成，应当有妇女成员（人民调解法第八条）`}
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'committee' })}>
              设立调委会
            </Button>
          )
        }
      />
      {items.length === 0 && !list.isLoading && (
        <Card className="anju-card">
          <Empty description="还没有调解委员会" />
        </Card>
      )}
      <Row gutter={16}>
        {items.map((c) => (
          <Col xs={24} xl={12} key={c.id}>
            <Card
              className="anju-card"
              loading={list.isLoading}
              title={
                <Space wrap>
                  {c.name}
                  <Tag>{CASE_LEVELS[c.level]}</Tag>
                </Space>
              }
              extra={
                manage && (
                  <Space>
                    <Button size="small" onClick={() => setDialog({ kind: 'member', committee: c })}>
                      添加成员
                    </Button>
                    <Button size="small" onClick={() => setDialog({ kind: 'committee', committee: c })}>
                      编辑
                    </Button>
                  </Space>
                )
              }
            >
              <Typography.Paragraph type="secondary">
                {c.placeName} · {c.address || '—'} · {c.phone || '—'} · 在办案件 {c.openCases} 件
              </Typography.Paragraph>
              {c.warnings.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 12 }}
                  message="组成不符合人民调解法"
                  description={c.warnings.join('；')}
                />
              )}
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={c.members}
                columns={[
                  {
                    title: '姓名',
                    dataIndex: 'name',
                    render: (v: string, m) => (m.active ? v : <Typography.Text delete>{v}</Typography.Text>),
                  },
                  {
                    title: '性别',
                    dataIndex: 'gender',
                    width: 60,
                    render: (v: string) => (v === 'female' ? '女' : '男'),
                  },
                  {
                    title: '职务',
                    dataIndex: 'role',
                    width: 80,
                    render: (v: keyof typeof MEMBER_ROLES) => MEMBER_ROLES[v],
                  },
                  { title: '在办', dataIndex: 'openCases', width: 60 },
                  {
                    title: '',
                    key: 'x',
                    width: 70,
                    render: (_, m) =>
                      manage && (
                        <Button type="link" size="small" onClick={() => deactivate(m.id, m.name, !m.active)}>
                          {m.active ? '停用' : '恢复'}
                        </Button>
                      ),
                  },
                ]}
              />
              <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
                <Typography.Text type="secondary">应急联动部门：</Typography.Text>
                {c.responseDepartments.length
                  ? c.responseDepartments
                      .map((d) => `${d.name}${d.contact ? `（${d.contact}）` : ''}`)
                      .join('、')
                  : '未登记'}
              </Typography.Paragraph>
            </Card>
          </Col>
        ))}
      </Row>
      <Modal
        open={!!dialog}
        title={
          dialog?.kind === 'member'
            ? `添加成员：${dialog.committee.name}`
            : dialog?.committee
              ? '编辑调委会'
              : '设立调委会'
        }
        okText="保存"
        cancelText="取消"
        confirmLoading={saving}
        onOk={save}
        onCancel={() => {
          setDialog(null);
          form.resetFields();
        }}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={
            dialog?.kind === 'committee' && dialog.committee
              ? {
                  ...dialog.committee,
                  departments: dialog.committee.responseDepartments
                    .map((d) => `${d.name} ${d.contact}`.trim())
                    .join('\n'),
                }
              : { gender: 'female', role: 'mediator' }
          }
        >
          {dialog?.kind === 'member' ? (
            <>
              <Form.Item
                name="name"
                label="姓名"
                rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
              >
                <Input maxLength={32} />
              </Form.Item>
              <Form.Item name="gender" label="性别">
                <Select
                  options={[
                    { value: 'female', label: '女' },
                    { value: 'male', label: '男' },
                  ]}
                />
              </Form.Item>
              <Form.Item name="role" label="职务">
                <Select options={opts(MEMBER_ROLES)} />
              </Form.Item>
            </>
          ) : (
            <>
              {!dialog?.committee && (
                <Form.Item
                  name="placeId"
                  label="设在"
                  rules={[{ required: true, message: '请选择小区、社区或街道' }]}
                >
                  <PlaceTreeSelect placeholder="小区、社区或街道" />
                </Form.Item>
              )}
              <Form.Item
                name="name"
                label="名称"
                rules={[{ required: true, whitespace: true, message: '请填写名称' }]}
              >
                <Input maxLength={60} placeholder="例如：锦绣春天人民调解委员会" />
              </Form.Item>
              <Form.Item name="phone" label="电话">
                <Input maxLength={20} />
              </Form.Item>
              <Form.Item name="address" label="调解室地址">
                <Input maxLength={120} />
              </Form.Item>
              <Form.Item
                name="departments"
                label="应急联动部门（每行一个：名称 联系方式）"
                tooltip="重大群体性纠纷登记后，系统将通知这些部门"
              >
                <Input.TextArea
                  rows={4}
                  placeholder={'古南派出所 023-48661110\n古南街道综治中心 023-48662222'}
                />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </div>
  );
}
