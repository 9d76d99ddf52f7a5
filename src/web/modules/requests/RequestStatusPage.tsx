import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Radio,
  Rate,
  Result,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import type { requestStatus } from '../../../shared/api/requests.js';
import { api, isApiError } from '../../app/api.js';
import './public.css';

type Status = z.infer<typeof requestStatus>;
const when = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

/** Progress of one request, by tracking number and the phone given with it; rating and reopening. */
export function RequestStatusPage() {
  const [params] = useSearchParams();
  const [lookup, setLookup] = useState<{ trackingNo: string; phone: string } | null>(null);
  const { message } = App.useApp();
  const client = useQueryClient();
  const key = ['request-status', lookup?.trackingNo, lookup?.phone];

  const status = useQuery({
    queryKey: key,
    enabled: lookup !== null,
    queryFn: () => api<Status>('/api/v1/requests/public/status', { query: lookup! }),
  });
  const refresh = () => client.invalidateQueries({ queryKey: key });
  const onError = (e: unknown) => message.error(isApiError(e) ? e.message : '提交失败，请稍后重试');

  const rate = useMutation({
    mutationFn: (v: { rating: number; solved: boolean; comment?: string }) =>
      api('/api/v1/requests/public/rating', {
        method: 'POST',
        body: { ...lookup, ...v, comment: v.comment ?? '' },
      }),
    onSuccess: () => {
      message.success('感谢您的评价');
      refresh();
    },
    onError,
  });
  const reopen = useMutation({
    mutationFn: (v: { reason: string }) =>
      api('/api/v1/requests/public/reopen', { method: 'POST', body: { ...lookup, ...v } }),
    onSuccess: () => {
      message.success('已提交重新办理的要求');
      refresh();
    },
    onError,
  });

  const s = status.data;
  return (
    <div className="public-page">
      <header className="public-header">
        <Typography.Title level={4}>诉求办理进度</Typography.Title>
      </header>
      <Card size="small">
        <Form
          layout="vertical"
          requiredMark={false}
          initialValues={{ trackingNo: params.get('no') ?? '' }}
          onFinish={(v: { trackingNo: string; phone: string }) =>
            setLookup({ trackingNo: v.trackingNo.trim().toUpperCase(), phone: v.phone.trim() })
          }
        >
          <Form.Item
            name="trackingNo"
            label="受理编号"
            rules={[{ required: true, pattern: /^[Ss][Qq]\d{8}$/, message: '受理编号为 SQ 加 8 位数字' }]}
          >
            <Input maxLength={10} placeholder="SQ12345678" />
          </Form.Item>
          <Form.Item
            name="phone"
            label="提交时留的手机号"
            rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '请填写 11 位手机号' }]}
          >
            <Input inputMode="numeric" maxLength={11} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={status.isFetching}>
            查询
          </Button>
        </Form>
      </Card>

      {status.isError && (
        <Result
          status="warning"
          title={isApiError(status.error) ? status.error.message : '查询失败，请稍后重试'}
        />
      )}

      {s && (
        <Card size="small" className="public-note" data-testid="request-status">
          <Descriptions column={1} size="small">
            <Descriptions.Item label="受理编号">{s.trackingNo}</Descriptions.Item>
            <Descriptions.Item label="类别">{s.category}</Descriptions.Item>
            <Descriptions.Item label="提交时间">{when(s.createdAt)}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={s.closed ? 'green' : 'blue'}>{s.status}</Tag>
              {s.closureKind && <Tag>{s.closureKind}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="承办">{s.handledBy}</Descriptions.Item>
            <Descriptions.Item label="诉求内容">
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                {s.description}
              </Typography.Paragraph>
            </Descriptions.Item>
            {s.reply && (
              <Descriptions.Item label="答复">
                <Typography.Paragraph
                  style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}
                  data-testid="request-reply"
                >
                  {s.reply}
                </Typography.Paragraph>
              </Descriptions.Item>
            )}
            {s.rating !== null && (
              <Descriptions.Item label="您的评价">
                <Rate disabled value={s.rating} />
              </Descriptions.Item>
            )}
          </Descriptions>
          <Timeline
            style={{ marginTop: 12 }}
            items={s.timeline.map((t) => ({ children: `${when(t.at)} ${t.label}` }))}
          />

          {s.canRate && (
            <Form
              layout="vertical"
              onFinish={(v: { rating: number; solved: boolean; comment?: string }) => rate.mutate(v)}
              data-testid="rate-form"
            >
              <Typography.Title level={5}>评价本次办理</Typography.Title>
              <Form.Item name="solved" label="问题解决了吗" rules={[{ required: true, message: '请选择' }]}>
                <Radio.Group
                  options={[
                    { value: true, label: '已解决' },
                    { value: false, label: '未解决' },
                  ]}
                />
              </Form.Item>
              <Form.Item name="rating" label="满意度" rules={[{ required: true, message: '请打分' }]}>
                <Rate />
              </Form.Item>
              <Form.Item name="comment" label="意见（选填）">
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={rate.isPending}>
                提交评价
              </Button>
            </Form>
          )}

          {s.canReopen && (
            <Form
              layout="vertical"
              onFinish={(v: { reason: string }) => reopen.mutate(v)}
              style={{ marginTop: 16 }}
            >
              <Typography.Title level={5}>问题没有解决？</Typography.Title>
              <Typography.Paragraph type="secondary">
                办结后 7 天内（{s.reopenUntil ? when(s.reopenUntil) : ''} 前）可要求重新办理。
              </Typography.Paragraph>
              <Form.Item
                name="reason"
                rules={[{ required: true, whitespace: true, message: '请说明仍存在的问题' }]}
              >
                <Input.TextArea rows={2} maxLength={500} placeholder="仍存在什么问题" />
              </Form.Item>
              <Button htmlType="submit" block loading={reopen.isPending}>
                要求重新办理
              </Button>
            </Form>
          )}
        </Card>
      )}
    </div>
  );
}
