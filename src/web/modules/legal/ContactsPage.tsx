import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { useSaving, validValues } from '../../app/forms.js';
import { type ContactList, legalApi, legalKeys } from './api.js';

type Row = ContactList['items'][number];

/** 法律明白人: one or two per building, shown on the estate's public grid board. */
export function ContactsPage() {
  const { can } = useAuth();
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [placeId, setPlaceId] = useState<string>();
  const [adding, setAdding] = useState(false);
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const list = useQuery({
    queryKey: legalKeys.contacts({ placeId }),
    queryFn: () => legalApi.contacts({ placeId }),
  });

  const reveal = (r: Row) => {
    let reason = '';
    modal.confirm({
      title: `查看 ${r.name} 的完整电话`,
      content: (
        <Input
          maxLength={200}
          placeholder="查看理由（记入审计）"
          onChange={(e) => (reason = e.target.value)}
        />
      ),
      okText: '查看',
      cancelText: '取消',
      onOk: async () => {
        try {
          const v = await legalApi.revealContact(r.id, reason.trim() || '联系法律明白人');
          setRevealed((all) => ({ ...all, [r.id]: v.phone ?? '' }));
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });
  };
  const remove = (r: Row) =>
    modal.confirm({
      title: `移除法律明白人「${r.name}」？`,
      content: `${r.buildingName} 的公示牌上将不再显示 ${r.name}。`,
      okText: '移除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          await legalApi.removeContact(r.id);
          await queryClient.invalidateQueries({ queryKey: ['legal', 'contacts'] });
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });

  return (
    <div>
      <PageHeader
        title="法律明白人"
        description="以楼栋为单位落实法律明白人，居民遇到矛盾纠纷第一时间能找到人；公示在小区网格公示牌上"
        extra={
          can('legal.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              设置法律明白人
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
      <Card className="anju-card">
        <Table<Row>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items}
          pagination={false}
          scroll={{ x: 700 }}
          locale={{ emptyText: '暂无法律明白人，可点击「设置法律明白人」' }}
          columns={[
            { title: '小区', dataIndex: 'estateName' },
            { title: '楼栋', dataIndex: 'buildingName' },
            { title: '姓名', dataIndex: 'name' },
            {
              title: '电话',
              render: (_, r) => (
                <span className="anju-mono">
                  {revealed[r.id] ?? r.phoneMasked ?? '—'}{' '}
                  {r.phoneMasked && !revealed[r.id] && can('pii.reveal') && (
                    <Button type="link" size="small" onClick={() => reveal(r)}>
                      查看
                    </Button>
                  )}
                </span>
              ),
            },
            {
              title: '公示电话',
              dataIndex: 'publishPhone',
              render: (v: boolean) => (v ? <Tag color="green">公示</Tag> : <Tag>不公示</Tag>),
            },
            { title: '备注', dataIndex: 'note' },
            ...(can('legal.manage')
              ? [
                  {
                    title: '操作',
                    render: (_: unknown, r: Row) => (
                      <Button type="link" danger onClick={() => remove(r)}>
                        移除
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {adding && <ContactModal onClose={() => setAdding(false)} />}
    </div>
  );
}

function ContactModal({ onClose }: { onClose(): void }) {
  const [form] = Form.useForm<{
    buildingId?: string;
    name?: string;
    phone?: string;
    publishPhone?: boolean;
    note?: string;
  }>();
  const { saving, run } = useSaving(form);
  const queryClient = useQueryClient();
  return (
    <Modal
      open
      title="设置法律明白人"
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        const v = await validValues(form);
        if (!v) return;
        await run(async () => {
          await legalApi.addContact({
            buildingId: v.buildingId!,
            name: v.name ?? '',
            phone: v.phone ?? '',
            publishPhone: v.publishPhone ?? false,
            note: v.note ?? '',
          });
          await queryClient.invalidateQueries({ queryKey: ['legal', 'contacts'] });
          onClose();
        });
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ publishPhone: true }}>
        <Form.Item name="buildingId" label="楼栋" rules={[{ required: true, message: '请选择楼栋' }]}>
          <PlaceTreeSelect placeholder="选择楼栋" isDisabled={(p) => p.kind !== 'building'} />
        </Form.Item>
        <Form.Item
          name="name"
          label="姓名"
          rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
        >
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item
          name="phone"
          label="手机号"
          rules={[{ pattern: /^1[3-9]\d{9}$/, message: '请填写 11 位手机号' }]}
        >
          <Input maxLength={11} inputMode="numeric" />
        </Form.Item>
        <Form.Item name="publishPhone" label="在公示牌上公示完整电话（需本人同意）" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input maxLength={200} placeholder="如：楼栋长兼法律明白人" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
