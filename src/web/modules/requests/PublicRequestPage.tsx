import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Radio, Result, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { z } from 'zod';
import type { publicPlace } from '../../../shared/api/requests.js';
import { EVENT_CATEGORIES, type EventCategory, PHOTO_MAX_COUNT } from '../../../shared/grid.js';
import { api, isApiError } from '../../app/api.js';
import { compressImage } from '../../app/images.js';
import './public.css';

type Place = z.infer<typeof publicPlace>;

/** Residents pick from the categories they recognise; 治安 goes to the police or the grid's own form. */
const RESIDENT_CATEGORIES: EventCategory[] = [
  'property',
  'sanitation',
  'municipal',
  'hazard',
  'dispute',
  'livelihood',
  'other',
];

export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

interface FormValues {
  category: EventCategory;
  subcategory?: string;
  description: string;
  address?: string;
  name?: string;
  phone?: string;
  website?: string;
}

/** The public request form a grid's QR code opens: no login, works in WeChat's browser. */
export function PublicRequestPage() {
  const { placeId = '' } = useParams();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [photos, setPhotos] = useState<{ name: string; data: string; preview: string }[]>([]);
  const [done, setDone] = useState<{ trackingNo: string; phone?: string } | null>(null);
  const category = Form.useWatch('category', form);

  const place = useQuery({
    queryKey: ['public-place', placeId],
    queryFn: () => api<Place>(`/api/v1/requests/public/places/${placeId}`),
  });

  const submit = useMutation({
    mutationFn: (v: FormValues) =>
      api<{ trackingNo: string }>('/api/v1/requests/public', {
        method: 'POST',
        body: {
          placeId,
          category: v.category,
          subcategory: v.subcategory ?? null,
          description: v.description,
          address: v.address ?? '',
          name: v.name ?? '',
          phone: v.phone ?? '',
          website: v.website ?? '',
          photos: photos.map(({ name, data }) => ({ name, data })),
        },
      }),
    onSuccess: (r, v) => setDone({ trackingNo: r.trackingNo, phone: v.phone }),
    onError: (e) => message.error(isApiError(e) ? e.message : '提交失败，请检查网络后重试'),
  });

  async function addPhotos(files: FileList | null) {
    if (!files) return;
    const room = PHOTO_MAX_COUNT - photos.length;
    const picked = [...files].slice(0, room);
    if (files.length > room) message.warning(`照片最多 ${PHOTO_MAX_COUNT} 张`);
    const added: { name: string; data: string; preview: string }[] = [];
    for (const f of picked) {
      const small = await compressImage(f);
      added.push({
        name: f.name || 'photo.jpg',
        data: await blobToBase64(small),
        preview: URL.createObjectURL(small),
      });
    }
    setPhotos((p) => [...p, ...added]);
  }

  if (place.isError) {
    return (
      <div className="public-page">
        <Result status="404" title="二维码已失效" subTitle="找不到该网格或小区，请联系网格员或社区。" />
      </div>
    );
  }

  if (done) {
    const status = `/r/status?no=${done.trackingNo}`;
    return (
      <div className="public-page">
        <Result
          status="success"
          title="诉求已提交"
          subTitle={
            <span>
              受理编号{' '}
              <Typography.Text strong copyable data-testid="tracking-no">
                {done.trackingNo}
              </Typography.Text>
              <br />
              {done.phone
                ? '凭受理编号和手机号可查询办理进度、查看答复并评价。'
                : '您未留手机号，将无法查询进度和收到答复。'}
            </span>
          }
          extra={done.phone ? <Link to={status}>查询办理进度</Link> : null}
        />
      </div>
    );
  }

  const subs = category ? (EVENT_CATEGORIES[category].subs as Record<string, string>) : {};
  return (
    <div className="public-page">
      <header className="public-header">
        <Typography.Title level={4}>居民诉求</Typography.Title>
        <Typography.Text type="secondary">
          {place.data
            ? [
                place.data.communityName,
                place.data.estateName,
                place.data.kind === 'estate' ? null : place.data.name,
              ]
                .filter(Boolean)
                .join(' · ')
            : '正在加载…'}
        </Typography.Text>
      </header>
      <Card size="small">
        <Form form={form} layout="vertical" onFinish={(v) => submit.mutate(v)} requiredMark={false}>
          <Form.Item
            name="category"
            label="反映什么问题"
            rules={[{ required: true, message: '请选择问题类别' }]}
          >
            <Radio.Group
              className="public-categories"
              optionType="button"
              options={RESIDENT_CATEGORIES.map((c) => ({ value: c, label: EVENT_CATEGORIES[c].label }))}
              onChange={() => form.setFieldValue('subcategory', undefined)}
            />
          </Form.Item>
          {category && (
            <Form.Item name="subcategory" label="具体类别">
              <Select
                allowClear
                placeholder="可不选"
                options={Object.entries(subs).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
          )}
          <Form.Item
            name="description"
            label="情况说明"
            rules={[{ required: true, whitespace: true, message: '请写明遇到的问题' }]}
          >
            <Input.TextArea
              rows={4}
              maxLength={1000}
              showCount
              placeholder="什么问题、从什么时候开始、影响了谁"
            />
          </Form.Item>
          <Form.Item name="address" label="具体位置">
            <Input maxLength={200} placeholder="如：3栋1单元电梯" />
          </Form.Item>
          <Form.Item label={`照片（选填，最多 ${PHOTO_MAX_COUNT} 张）`}>
            <Space wrap>
              {photos.map((p, i) => (
                <button
                  type="button"
                  key={p.preview}
                  className="public-photo"
                  onClick={() => setPhotos((all) => all.filter((_, j) => j !== i))}
                  aria-label="删除照片"
                >
                  <img src={p.preview} alt="" />
                </button>
              ))}
              {photos.length < PHOTO_MAX_COUNT && (
                <label className="public-photo public-photo-add">
                  +
                  <input
                    type="file"
                    accept="image/*"
                    multiple
                    style={{ display: 'none' }}
                    onChange={(e) => addPhotos(e.target.files)}
                  />
                </label>
              )}
            </Space>
          </Form.Item>
          <Form.Item name="name" label="称呼（选填）">
            <Input maxLength={20} autoComplete="name" />
          </Form.Item>
          <Form.Item
            name="phone"
            label="手机号（选填）"
            extra="留下手机号才能查询进度、收到答复和评价；仅经办人员可见。"
            rules={[{ pattern: /^1[3-9]\d{9}$/, message: '请填写 11 位手机号' }]}
          >
            <Input inputMode="numeric" maxLength={11} autoComplete="tel" />
          </Form.Item>
          {/* People never see this; bots fill it in. */}
          <Form.Item name="website" className="public-hp" aria-hidden>
            <Input tabIndex={-1} autoComplete="off" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submit.isPending}>
            提交
          </Button>
        </Form>
      </Card>
      <Alert
        className="public-note"
        type="info"
        showIcon
        message="紧急情况（火灾、治安案件、人身危险）请直接拨打 119、110 或 120。"
      />
      <p className="public-footer">
        <Link to="/r/status">查询已提交的诉求</Link>
      </p>
    </div>
  );
}
