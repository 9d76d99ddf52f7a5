import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Spin,
  Tag,
  Timeline,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { dayjs } from '../../app/format.js';
import { useSaving, validValues } from '../../app/forms.js';
import { compressImage } from '../../app/images.js';
import { blobToBase64 } from '../requests/PublicRequestPage.js';
import { legalApi, legalKeys } from './api.js';
import './legal.css';

/** 宣传专栏: what hangs on each estate's board now, and which have not been changed this month. */
export function BoardsPage() {
  const { can } = useAuth();
  const [placeId, setPlaceId] = useState<string>();
  const [changing, setChanging] = useState<{ id: string; name: string } | null>(null);
  const [history, setHistory] = useState<{ id: string; name: string } | null>(null);
  const list = useQuery({
    queryKey: legalKeys.boards({ placeId }),
    queryFn: () => legalApi.boards({ placeId }),
  });
  const data = list.data;

  return (
    <div>
      <PageHeader
        title="宣传专栏"
        description="每月定期更换涉及业主生产生活的法律法规内容；本月尚未更换的小区列在上方"
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
      {data && data.stale.length > 0 && (
        <Alert
          type="warning"
          showIcon
          className="anju-block-gap"
          data-testid="stale-boards"
          title={`${data.month} 尚未更换宣传专栏的小区（${data.stale.length} 个）：${data.stale
            .map((s) => `${s.estateName}（上次 ${s.lastChangedOn ?? '从未'}）`)
            .join('、')}`}
        />
      )}
      <Spin spinning={list.isFetching}>
        {data && data.items.length === 0 && <Empty description="范围内没有小区" />}
        <Row gutter={[12, 12]}>
          {data?.items.map((e) => (
            <Col key={e.estateId} xs={24} md={12} xl={8}>
              <Card
                className="anju-card"
                size="small"
                title={e.estateName}
                extra={e.stale ? <Tag color="orange">本月未更换</Tag> : <Tag color="green">本月已更换</Tag>}
                actions={[
                  <Button
                    key="h"
                    type="link"
                    onClick={() => setHistory({ id: e.estateId, name: e.estateName })}
                  >
                    更换记录
                  </Button>,
                  ...(can('legal.manage')
                    ? [
                        <Button
                          key="c"
                          type="link"
                          onClick={() => setChanging({ id: e.estateId, name: e.estateName })}
                        >
                          更换内容
                        </Button>,
                      ]
                    : []),
                ]}
              >
                {e.current ? (
                  <>
                    {e.current.photoUrl && (
                      <img className="legal-board-photo" src={e.current.photoUrl} alt="" />
                    )}
                    <h4>{e.current.title}</h4>
                    <div className="legal-muted">更换日期 {e.current.changedOn}</div>
                    <p className="legal-pre">{e.current.summary}</p>
                  </>
                ) : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无记录" />
                )}
              </Card>
            </Col>
          ))}
        </Row>
      </Spin>
      {changing && <ChangeModal estate={changing} onClose={() => setChanging(null)} />}
      {history && <HistoryDrawer estate={history} onClose={() => setHistory(null)} />}
    </div>
  );
}

function HistoryDrawer({ estate, onClose }: { estate: { id: string; name: string }; onClose(): void }) {
  const h = useQuery({
    queryKey: legalKeys.boardHistory(estate.id),
    queryFn: () => legalApi.boardHistory(estate.id),
  });
  return (
    <Drawer open width={480} title={`${estate.name} 宣传专栏更换记录`} onClose={onClose}>
      <Timeline
        items={(h.data?.items ?? []).map((b) => ({
          children: (
            <div>
              <strong>{b.changedOn}</strong> {b.title}
              <div className="legal-muted">{b.summary}</div>
            </div>
          ),
        }))}
      />
    </Drawer>
  );
}

function ChangeModal({ estate, onClose }: { estate: { id: string; name: string }; onClose(): void }) {
  const [form] = Form.useForm<{ title?: string; summary?: string; changedOn?: Dayjs }>();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [photo, setPhoto] = useState<{ name: string; data: string } | null>(null);
  return (
    <Modal
      open
      title={`更换宣传专栏：${estate.name}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        const v = await validValues(form);
        if (!v) return;
        await run(async () => {
          await legalApi.changeBoard({
            estateId: estate.id,
            title: v.title ?? '',
            summary: v.summary ?? '',
            changedOn: v.changedOn!.format('YYYY-MM-DD'),
            photo,
          });
          message.success('已记录本次更换');
          await queryClient.invalidateQueries({ queryKey: ['legal'] });
          onClose();
        });
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ changedOn: dayjs() }}>
        <Form.Item
          name="title"
          label="本期主题"
          rules={[{ required: true, whitespace: true, message: '请填写主题' }]}
        >
          <Input maxLength={80} placeholder="如：防范电信网络诈骗" />
        </Form.Item>
        <Form.Item name="summary" label="内容摘要">
          <Input.TextArea rows={4} maxLength={1000} />
        </Form.Item>
        <Form.Item name="changedOn" label="更换日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item label="专栏照片（选填）">
          <input
            type="file"
            accept="image/*"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (!f) return setPhoto(null);
              const small = await compressImage(f);
              setPhoto({ name: f.name || 'board.jpg', data: await blobToBase64(small) });
            }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
