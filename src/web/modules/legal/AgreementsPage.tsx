import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { download, errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { dayjs } from '../../app/format.js';
import { useSaving, validValues } from '../../app/forms.js';
import { type Agreement, legalApi, legalKeys } from './api.js';

const STATE: Record<Agreement['state'], [string, string]> = {
  active: ['green', '有效'],
  expiring: ['orange', '即将到期'],
  expired: ['red', '已到期'],
  future: ['default', '未开始'],
};

/** 法律顾问协议: who advises each estate, for how long, to do what; the signed copy on file. */
export function AgreementsPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [placeId, setPlaceId] = useState<string>();
  const [editing, setEditing] = useState<Agreement | 'new' | null>(null);
  const list = useQuery({
    queryKey: legalKeys.agreements({ placeId }),
    queryFn: () => legalApi.agreements({ placeId }),
  });

  const uploadFile = (a: Agreement) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'application/pdf,image/jpeg,image/png';
    input.onchange = async () => {
      const f = input.files?.[0];
      if (!f) return;
      try {
        await legalApi.uploadAgreementFile(a.id, f);
        message.success('已上传签署文件');
        await queryClient.invalidateQueries({ queryKey: ['legal', 'agreements'] });
      } catch (e) {
        message.error(errorMessage(e));
      }
    };
    input.click();
  };

  return (
    <div>
      <PageHeader
        title="法律顾问协议"
        description="各小区法律顾问协议的期限、服务内容与签署文件；30 天内到期的协议会提醒续签"
        extra={
          can('legal.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              登记协议
            </Button>
          )
        }
      />
      <Card className="anju-card anju-query-card">
        <PlaceTreeSelect
          value={placeId}
          style={{ minWidth: 220 }}
          placeholder="全部区域"
          onChange={setPlaceId}
        />
      </Card>
      {list.isError && (
        <Alert type="error" showIcon title={errorMessage(list.error)} className="anju-block-gap" />
      )}
      {(list.data?.expiring.length ?? 0) > 0 && (
        <Alert
          type="warning"
          showIcon
          className="anju-block-gap"
          title={`${list.data!.expiring.length} 份协议将在 30 天内到期：${list
            .data!.expiring.map((a) => `${a.estateName}（${a.advisorName}，${a.endsOn} 到期）`)
            .join('；')}`}
        />
      )}
      <Card className="anju-card">
        <Table<Agreement>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: '暂无协议，可点击「登记协议」' }}
          expandable={{ expandedRowRender: (a) => <div className="legal-pre">{a.duties}</div> }}
          columns={[
            { title: '小区', dataIndex: 'estateName' },
            { title: '法律顾问', dataIndex: 'advisorName' },
            { title: '律师事务所', dataIndex: 'firm' },
            { title: '联系电话', dataIndex: 'phone', render: (v: string) => v || '—' },
            { title: '期限', render: (_, a) => `${a.startsOn} 至 ${a.endsOn}` },
            {
              title: '状态',
              render: (_, a) => (
                <Space>
                  <Tag color={STATE[a.state][0]}>{STATE[a.state][1]}</Tag>
                  {a.state !== 'expired' && a.state !== 'future' && <span>剩 {a.daysLeft} 天</span>}
                </Space>
              ),
            },
            {
              title: '签署文件',
              render: (_, a) =>
                a.hasFile ? (
                  <Button
                    type="link"
                    onClick={() =>
                      download(legalApi.agreementFileUrl(a.id), { fileName: a.fileName ?? '协议' })
                    }
                  >
                    {a.fileName}
                  </Button>
                ) : (
                  '未上传'
                ),
            },
            ...(can('legal.manage')
              ? [
                  {
                    title: '操作',
                    render: (_: unknown, a: Agreement) => (
                      <Space>
                        <Button type="link" onClick={() => setEditing(a)}>
                          编辑
                        </Button>
                        <Button type="link" icon={<UploadOutlined />} onClick={() => uploadFile(a)}>
                          上传
                        </Button>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {editing && (
        <AgreementModal agreement={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </div>
  );
}

interface Values {
  placeId?: string;
  advisorName?: string;
  firm?: string;
  phone?: string;
  term?: [Dayjs, Dayjs];
  duties?: string;
}

function AgreementModal({ agreement, onClose }: { agreement: Agreement | null; onClose(): void }) {
  const [form] = Form.useForm<Values>();
  const { saving, run } = useSaving(form);
  const queryClient = useQueryClient();
  return (
    <Modal
      open
      title={agreement ? `编辑协议：${agreement.estateName}` : '登记法律顾问协议'}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        const v = await validValues(form);
        if (!v) return;
        const body = {
          advisorName: v.advisorName ?? '',
          firm: v.firm ?? '',
          phone: v.phone ?? '',
          startsOn: v.term![0].format('YYYY-MM-DD'),
          endsOn: v.term![1].format('YYYY-MM-DD'),
          duties: v.duties ?? '',
        };
        await run(async () => {
          if (agreement) await legalApi.updateAgreement(agreement.id, body);
          else await legalApi.createAgreement({ ...body, placeId: v.placeId! });
          await queryClient.invalidateQueries({ queryKey: ['legal', 'agreements'] });
          onClose();
        });
      }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          agreement
            ? { ...agreement, term: [dayjs(agreement.startsOn), dayjs(agreement.endsOn)] }
            : { term: [dayjs(), dayjs().add(1, 'year')] }
        }
      >
        {!agreement && (
          <Form.Item name="placeId" label="小区" rules={[{ required: true, message: '请选择小区' }]}>
            <PlaceTreeSelect
              placeholder="选择小区"
              isDisabled={(p) => p.kind !== 'estate' && p.kind !== 'community'}
            />
          </Form.Item>
        )}
        <Form.Item
          name="advisorName"
          label="法律顾问"
          rules={[{ required: true, whitespace: true, message: '请填写' }]}
        >
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item
          name="firm"
          label="律师事务所"
          rules={[{ required: true, whitespace: true, message: '请填写' }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="phone" label="联系电话">
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="term" label="协议期限" rules={[{ required: true, message: '请选择期限' }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item
          name="duties"
          label="服务内容"
          rules={[{ required: true, whitespace: true, message: '请填写服务内容' }]}
        >
          <Input.TextArea rows={5} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
