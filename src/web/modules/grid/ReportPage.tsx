import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Cascader, Form, Input, List, Radio, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { URGENCIES } from '../../../shared/grid.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { formatDateTime } from '../../app/format.js';
import { useSaving, validValues } from '../../app/forms.js';
import { useCurrentPlace } from '../../app/place.js';
import { type EventInput, gridApi, gridKeys } from './api.js';
import { CATEGORY_OPTIONS, opts, type PhotoData, StatusTag } from './meta.js';
import { PhotoPicker } from './PhotoPicker.js';
import './grid.css';

interface Values {
  placeId?: string;
  category?: [string, string?];
  urgency: 'normal' | 'urgent' | 'critical';
  title?: string;
  description?: string;
  seen?: string;
  where?: string;
  when?: string;
  behaviour?: string;
  photos?: PhotoData[];
}

/** Phone-first: one screen, the camera one tap away, and a double tap files the event once. */
export function ReportPage() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { place } = useCurrentPlace();
  const { saving, run } = useSaving(form);
  // One key per filled-in form: a retry after a lost answer, or a second tap, replays the first.
  const key = useRef<string>(crypto.randomUUID());
  const placeId = Form.useWatch('placeId', form);
  const category = Form.useWatch('category', form)?.[0];
  const title = Form.useWatch('title', form);
  const [dupText, setDupText] = useState('');
  const security = category === 'security';

  const duplicates = useQuery({
    queryKey: gridKeys.duplicates({ placeId, category, text: dupText }),
    queryFn: () => gridApi.duplicates({ placeId: placeId!, category: category!, text: dupText || undefined }),
    enabled: !!placeId && !!category,
    staleTime: 30_000,
  });

  const submit = async () => {
    const v = await validValues(form);
    if (!v?.placeId || !v.category) return;
    const body: EventInput = {
      placeId: v.placeId,
      category: v.category[0] as EventInput['category'],
      subcategory: v.category[1] ?? null,
      urgency: v.urgency,
      title: v.title?.trim() ?? '',
      description: security ? '' : (v.description?.trim() ?? ''),
      observation: security
        ? {
            seen: v.seen?.trim() ?? '',
            where: v.where?.trim() ?? '',
            when: v.when?.trim() ?? '',
            behaviour: v.behaviour?.trim() ?? '',
          }
        : null,
      photos: v.photos ?? [],
      idempotencyKey: key.current,
    };
    await run(async () => {
      const saved = await gridApi.report(body);
      message.success(saved.replayed ? `事件 ${saved.no} 已上报过` : `已上报，编号 ${saved.no}`);
      navigate(`/grid/events/${saved.id}`, { replace: true });
    });
  };

  const dups = duplicates.data?.items ?? [];
  return (
    <div className="anju-grid-phone">
      <PageHeader title="上报事件" description="拍照、选地点和类别，写清楚看到的情况" />
      <Card className="anju-card">
        <Form<Values>
          form={form}
          layout="vertical"
          size="large"
          initialValues={{ urgency: 'normal', photos: [], placeId: place?.id }}
          onFinish={submit}
        >
          <Form.Item name="placeId" label="地点" rules={[{ required: true, message: '请选择事件地点' }]}>
            <PlaceTreeSelect placeholder="选择网格、小区或楼栋" knownPlaces={place ? [place] : undefined} />
          </Form.Item>
          <Form.Item name="category" label="类别" rules={[{ required: true, message: '请选择事件类别' }]}>
            <Cascader options={CATEGORY_OPTIONS} placeholder="类别 / 子类别" changeOnSelect={false} />
          </Form.Item>
          <Form.Item name="urgency" label="紧急程度">
            <Radio.Group optionType="button" buttonStyle="solid" options={opts(URGENCIES)} />
          </Form.Item>
          <Form.Item
            name="title"
            label="标题"
            rules={[{ required: true, whitespace: true, message: '请填写事件标题' }]}
          >
            <Input
              maxLength={60}
              showCount
              placeholder="一句话说明，如：3 栋楼道堆放杂物"
              onBlur={() => setDupText(title?.trim() ?? '')}
            />
          </Form.Item>
          {security ? (
            <>
              <Alert
                className="anju-block-gap"
                type="info"
                showIcon
                title="治安类事件只记录看得到的行为和事实，不描述人的长相、衣着、口音或民族。"
              />
              {(
                [
                  ['seen', '看到的情况', 500, '如：有人反复拉拽各单元门把手'],
                  ['where', '具体位置', 200, '如：5 栋 2 单元门口'],
                  ['when', '发生时间', 100, '如：今天 21:30 左右'],
                  ['behaviour', '具体行为', 500, '如：逐户查看电表箱，发现有人后离开'],
                ] as const
              ).map(([name, label, max, placeholder]) => (
                <Form.Item
                  key={name}
                  name={name}
                  label={label}
                  rules={[{ required: true, whitespace: true, message: `请填写${label}` }]}
                >
                  <Input.TextArea
                    rows={name === 'when' || name === 'where' ? 1 : 3}
                    maxLength={max}
                    placeholder={placeholder}
                  />
                </Form.Item>
              ))}
            </>
          ) : (
            <Form.Item name="description" label="描述">
              <Input.TextArea
                rows={4}
                maxLength={2000}
                showCount
                placeholder="发生了什么、影响多大、是否需要马上处理"
              />
            </Form.Item>
          )}
          <Form.Item name="photos" label="照片（最多 4 张）">
            <PhotoPicker />
          </Form.Item>

          {dups.length > 0 && (
            <Alert
              className="anju-block-gap"
              type="warning"
              showIcon
              title={`附近 7 天内已有 ${dups.length} 件同类事件，请确认不是重复上报`}
              description={
                <List
                  size="small"
                  dataSource={dups.slice(0, 5)}
                  renderItem={(d) => (
                    <List.Item>
                      <Link to={`/grid/events/${d.id}`} target="_blank">
                        {d.title}
                      </Link>
                      <span>
                        <StatusTag status={d.status} />
                        <Typography.Text type="secondary" className="anju-mono">
                          {formatDateTime(d.createdAt)}
                        </Typography.Text>
                      </span>
                    </List.Item>
                  )}
                />
              }
            />
          )}

          <Button type="primary" htmlType="submit" className="anju-grid-submit" loading={saving}>
            上报
          </Button>
        </Form>
      </Card>
    </div>
  );
}
