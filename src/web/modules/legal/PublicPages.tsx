import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, List, Radio, Rate, Result, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ARTICLE_CATEGORIES, LEGAL_KINDS, type LegalKind, legalPublicPaths } from '../../../shared/legal.js';
import { isApiError } from '../../app/api.js';
import { formatDateTime } from '../../app/format.js';
import { publicLegalApi } from './api.js';
import { categoryLabel } from './meta.js';
import '../requests/public.css';
import './legal.css';

const failed = (e: unknown, fallback = '提交失败，请检查网络后重试') =>
  isApiError(e) ? e.message : fallback;

const KIND_HINTS: Record<LegalKind, string> = {
  consult: '邻里、婚姻家庭、继承、物业、租房等法律问题',
  aid: '经济困难请不起律师，申请免费法律帮助',
  labour: '拖欠工资、工伤、辞退补偿等劳动纠纷',
  litigation: '想打官司不知道怎么立案、怎么申请执行',
};

/** 法律服务 for residents: who is on duty, and a form to ask for help. Opened from a QR code. */
export function LegalFormPage() {
  const { placeId = '' } = useParams();
  const { message } = App.useApp();
  const [form] = Form.useForm<{
    kind: LegalKind;
    description: string;
    name: string;
    phone: string;
    website?: string;
  }>();
  const [done, setDone] = useState<{ trackingNo: string; phone: string } | null>(null);
  const place = useQuery({
    queryKey: ['legal-public-place', placeId],
    queryFn: () => publicLegalApi.place(placeId),
  });
  const submit = useMutation({
    mutationFn: (v: {
      kind: LegalKind;
      description: string;
      name: string;
      phone: string;
      website?: string;
    }) => publicLegalApi.submit({ placeId, ...v, website: v.website ?? '' }),
    onSuccess: (r, v) => setDone({ trackingNo: r.trackingNo, phone: v.phone }),
    onError: (e) => message.error(failed(e)),
  });

  if (place.isError)
    return (
      <div className="public-page">
        <Result status="404" title="二维码已失效" subTitle="找不到该小区，请联系社区。" />
      </div>
    );
  if (done)
    return (
      <div className="public-page">
        <Result
          status="success"
          title="申请已提交"
          subTitle={
            <span>
              受理编号{' '}
              <Typography.Text strong copyable data-testid="tracking-no">
                {done.trackingNo}
              </Typography.Text>
              <br />
              法律顾问会尽快答复，凭受理编号和手机号可查看答复并评价。
            </span>
          }
          extra={<Link to={`${legalPublicPaths.status}?no=${done.trackingNo}`}>查看答复</Link>}
        />
      </div>
    );
  const p = place.data;
  return (
    <div className="public-page">
      <header className="public-header">
        <Typography.Title level={4}>法律服务</Typography.Title>
        <Typography.Text type="secondary">
          {p ? [p.communityName, p.estateName].filter(Boolean).join(' · ') || p.name : '正在加载…'}
        </Typography.Text>
      </header>
      {p && p.duty.length > 0 && (
        <Card size="small" title="近期法律顾问值班" className="anju-block-gap">
          <List
            size="small"
            dataSource={p.duty.slice(0, 5)}
            renderItem={(s) => (
              <List.Item>
                {s.date} {s.startTime}–{s.endTime} · {s.placeName} {s.venue} · {s.advisorName}
              </List.Item>
            )}
          />
        </Card>
      )}
      {p && p.contacts.length > 0 && (
        <Card size="small" title="本小区法律明白人" className="anju-block-gap">
          <List
            size="small"
            dataSource={p.contacts}
            renderItem={(c) => (
              <List.Item
                extra={
                  c.servicePhone?.includes('*') === false ? (
                    <a href={`tel:${c.servicePhone}`}>{c.servicePhone}</a>
                  ) : (
                    c.servicePhone
                  )
                }
              >
                {c.buildingName} · {c.name}
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card size="small" title="在线申请">
        <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => submit.mutate(v)}>
          <Form.Item name="kind" label="需要什么帮助" rules={[{ required: true, message: '请选择服务类型' }]}>
            <Radio.Group className="public-categories" optionType="button">
              {(Object.keys(LEGAL_KINDS) as LegalKind[]).map((k) => (
                <Radio.Button key={k} value={k}>
                  {LEGAL_KINDS[k]}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => {
              const k = form.getFieldValue('kind') as LegalKind | undefined;
              return k ? <Alert type="info" title={KIND_HINTS[k]} className="anju-block-gap" /> : null;
            }}
          </Form.Item>
          <Form.Item
            name="description"
            label="遇到的问题"
            rules={[{ required: true, whitespace: true, message: '请写明遇到的问题' }]}
          >
            <Input.TextArea
              rows={5}
              maxLength={2000}
              showCount
              placeholder="什么事、什么时候、涉及谁、您希望怎么解决"
            />
          </Form.Item>
          <Form.Item
            name="name"
            label="姓名"
            rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
          >
            <Input maxLength={20} autoComplete="name" />
          </Form.Item>
          <Form.Item
            name="phone"
            label="手机号"
            extra="用于查询答复，仅法律顾问可见"
            rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '请填写 11 位手机号' }]}
          >
            <Input inputMode="numeric" maxLength={11} autoComplete="tel" />
          </Form.Item>
          <Form.Item name="website" className="public-hp" aria-hidden>
            <Input tabIndex={-1} autoComplete="off" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submit.isPending}>
            提交申请
          </Button>
        </Form>
      </Card>
      {p && p.sessions.length > 0 && (
        <Card size="small" title="法治夜校报名" className="public-note">
          <List
            size="small"
            dataSource={p.sessions}
            renderItem={(s) => (
              <List.Item extra={<Link to={legalPublicPaths.signup(s.id)}>报名</Link>}>
                {formatDateTime(s.startsAt)} {s.title}（剩 {s.seatsLeft} 个名额）
              </List.Item>
            )}
          />
        </Card>
      )}
      <p className="public-footer">
        <Link to={legalPublicPaths.status}>查询已提交的申请</Link> ·{' '}
        <Link to={legalPublicPaths.articles(placeId)}>普法知识</Link>
      </p>
    </div>
  );
}

/** The resident's answer: tracking number and phone, then the reply and a rating. */
export function LegalStatusPage() {
  const [params] = useSearchParams();
  const { message } = App.useApp();
  const [key, setKey] = useState<{ trackingNo: string; phone: string } | null>(null);
  const [rating, setRating] = useState(5);
  const [comment, setComment] = useState('');
  const status = useQuery({
    queryKey: ['legal-public-status', key],
    queryFn: () => publicLegalApi.status(key!.trackingNo, key!.phone),
    enabled: key !== null,
    retry: false,
  });
  const rate = useMutation({
    mutationFn: () => publicLegalApi.rate({ ...key!, rating, comment }),
    onSuccess: () => {
      message.success('感谢您的评价');
      void status.refetch();
    },
    onError: (e) => message.error(failed(e)),
  });
  const s = status.data;
  return (
    <div className="public-page">
      <header className="public-header">
        <Typography.Title level={4}>查询法律服务申请</Typography.Title>
      </header>
      <Card size="small">
        <Form
          layout="vertical"
          initialValues={{ trackingNo: params.get('no') ?? '' }}
          onFinish={(v: { trackingNo: string; phone: string }) =>
            setKey({ trackingNo: v.trackingNo.trim(), phone: v.phone.trim() })
          }
        >
          <Form.Item
            name="trackingNo"
            label="受理编号"
            rules={[{ required: true, message: '请填写受理编号' }]}
          >
            <Input maxLength={10} placeholder="FW 加 8 位数字" />
          </Form.Item>
          <Form.Item name="phone" label="手机号" rules={[{ required: true, message: '请填写手机号' }]}>
            <Input maxLength={11} inputMode="numeric" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={status.isFetching}>
            查询
          </Button>
        </Form>
      </Card>
      {status.isError && (
        <Alert className="public-note" type="warning" showIcon title={failed(status.error, '查询失败')} />
      )}
      {s && (
        <Card
          size="small"
          className="public-note"
          title={`${s.trackingNo} · ${s.kind}`}
          extra={<Tag color="blue">{s.status}</Tag>}
        >
          <p className="legal-pre">{s.description}</p>
          {s.answer && (
            <Alert
              type="success"
              title="法律顾问答复"
              description={<span className="legal-pre">{s.answer}</span>}
            />
          )}
          <List
            size="small"
            dataSource={s.timeline}
            renderItem={(t) => (
              <List.Item>
                {formatDateTime(t.at)} {t.label}
              </List.Item>
            )}
          />
          {s.canRate && (
            <div>
              <Typography.Text>您对答复满意吗？</Typography.Text>
              <div>
                <Rate value={rating} onChange={setRating} style={{ fontSize: 32 }} />
              </div>
              <Input.TextArea
                rows={2}
                maxLength={500}
                placeholder="意见建议（选填）"
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
              <Button
                block
                type="primary"
                className="public-note"
                loading={rate.isPending}
                onClick={() => rate.mutate()}
              >
                提交评价
              </Button>
            </div>
          )}
          {s.rating && <p>您的评价：{'★'.repeat(s.rating)}</p>}
        </Card>
      )}
    </div>
  );
}

/** 普法知识: the published articles that reach this estate, searchable; an article as plain text. */
export function KnowledgePage() {
  const { placeId = '' } = useParams();
  const [category, setCategory] = useState<string>('all');
  const [q, setQ] = useState<string>();
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['legal-public-articles', placeId, category, q],
    queryFn: () =>
      publicLegalApi.articles({ placeId, category: category === 'all' ? undefined : category, q }),
  });
  const article = useQuery({
    queryKey: ['legal-public-article', open],
    queryFn: () => publicLegalApi.article(open!),
    enabled: open !== null,
  });
  if (open && article.data)
    return (
      <div className="public-page">
        <Button type="link" onClick={() => setOpen(null)}>
          ‹ 返回
        </Button>
        <Typography.Title level={4}>{article.data.title}</Typography.Title>
        <Tag>{categoryLabel(article.data.category)}</Tag>
        <div className="legal-pre public-article">{article.data.body}</div>
      </div>
    );
  return (
    <div className="public-page">
      <header className="public-header">
        <Typography.Title level={4}>普法知识</Typography.Title>
        <Typography.Text type="secondary">{list.data?.placeName}</Typography.Text>
      </header>
      <Input.Search
        allowClear
        size="large"
        maxLength={50}
        placeholder="搜索，如：漏水、工资、押金"
        onSearch={(v) => setQ(v.trim() || undefined)}
      />
      <Radio.Group
        className="public-categories public-note"
        optionType="button"
        value={category}
        onChange={(e) => setCategory(String(e.target.value))}
        options={[
          { value: 'all', label: '全部' },
          ...Object.entries(ARTICLE_CATEGORIES).map(([value, label]) => ({ value, label })),
        ]}
      />
      <List
        className="public-note"
        loading={list.isFetching}
        dataSource={list.data?.items}
        locale={{ emptyText: '没有找到相关文章' }}
        renderItem={(a) => (
          <List.Item onClick={() => setOpen(a.id)} style={{ cursor: 'pointer' }}>
            <List.Item.Meta title={a.title} description={a.excerpt} />
          </List.Item>
        )}
      />
      <p className="public-footer">
        <Link to={legalPublicPaths.form(placeId)}>在线申请法律服务</Link>
      </p>
    </div>
  );
}

function SessionHead({
  s,
}: {
  s: {
    courseTitle: string;
    title: string;
    estateName: string | null;
    startsAt: string;
    venue: string;
    lecturer: string;
  };
}) {
  return (
    <header className="public-header">
      <Typography.Title level={4}>{s.courseTitle}</Typography.Title>
      <Typography.Text type="secondary">{s.estateName}</Typography.Text>
      <Card size="small" className="public-note">
        <div>
          <strong>{s.title}</strong>
        </div>
        <div>时间：{formatDateTime(s.startsAt)}</div>
        <div>地点：{s.venue}</div>
        <div>主讲：{s.lecturer}</div>
      </Card>
    </header>
  );
}

/** 法治夜校报名: name and phone, one sign-up per phone, within the seats. */
export function SignupPage() {
  const { sessionId = '' } = useParams();
  const { message } = App.useApp();
  const [done, setDone] = useState<string | null>(null);
  const s = useQuery({
    queryKey: ['legal-public-session', sessionId],
    queryFn: () => publicLegalApi.session(sessionId),
  });
  const signup = useMutation({
    mutationFn: (v: { name: string; phone: string; website?: string }) =>
      publicLegalApi.signup(sessionId, { ...v, website: v.website ?? '' }),
    onSuccess: (r) => setDone(r.message),
    onError: (e) => message.error(failed(e)),
  });
  if (s.isError)
    return (
      <div className="public-page">
        <Result status="404" title="课程不存在" />
      </div>
    );
  if (!s.data) return <div className="public-page">正在加载…</div>;
  const d = s.data;
  return (
    <div className="public-page">
      <SessionHead s={d} />
      {done ? (
        <Result status="success" title={done} data-testid="signup-done" />
      ) : d.open ? (
        <Card size="small" title={`报名（剩余 ${d.seatsLeft} / ${d.capacity} 个名额）`}>
          <Form layout="vertical" requiredMark={false} onFinish={(v) => signup.mutate(v)}>
            <Form.Item
              name="name"
              label="姓名"
              rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
            >
              <Input size="large" maxLength={20} autoComplete="name" />
            </Form.Item>
            <Form.Item
              name="phone"
              label="手机号"
              rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '请填写 11 位手机号' }]}
            >
              <Input size="large" inputMode="numeric" maxLength={11} autoComplete="tel" />
            </Form.Item>
            <Form.Item name="website" className="public-hp" aria-hidden>
              <Input tabIndex={-1} autoComplete="off" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={signup.isPending}>
              报名
            </Button>
          </Form>
        </Card>
      ) : (
        <Alert
          type="warning"
          showIcon
          title={d.ended ? '本期课程已结束' : d.seatsLeft === 0 ? '名额已报满，欢迎参加下一期' : '报名已截止'}
        />
      )}
    </div>
  );
}

/** 扫码签到 at the door: the phone (and the name for a walk-in); a second check-in says 已签到. */
export function CheckinPage() {
  const { token = '' } = useParams();
  const [needName, setNeedName] = useState(false);
  const [result, setResult] = useState<{
    status: 'checked_in' | 'already';
    message: string;
    name: string;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rated, setRated] = useState(false);
  const [phone, setPhone] = useState('');
  const s = useQuery({
    queryKey: ['legal-public-checkin', token],
    queryFn: () => publicLegalApi.checkinSession(token),
  });
  const checkin = useMutation({
    mutationFn: (v: { phone: string; name?: string }) =>
      publicLegalApi.checkin(token, { phone: v.phone, name: v.name ?? '' }),
    onSuccess: (r) => {
      setError(null);
      setResult(r);
    },
    onError: (e) => {
      // Not signed up: ask for the name and let them in.
      if (isApiError(e) && e.fields?.name) setNeedName(true);
      setError(failed(e));
    },
  });
  const feedback = useMutation({
    mutationFn: (v: { rating: number; comment?: string }) =>
      publicLegalApi.feedback(s.data!.id, { phone, rating: v.rating, comment: v.comment ?? '' }),
    onSuccess: () => setRated(true),
    onError: (e) => setError(failed(e)),
  });
  if (s.isError)
    return (
      <div className="public-page">
        <Result status="404" title="签到码无效" subTitle="请扫描教室门口的二维码。" />
      </div>
    );
  if (!s.data) return <div className="public-page">正在加载…</div>;
  return (
    <div className="public-page">
      <SessionHead s={s.data} />
      {result ? (
        <>
          <Result
            status={result.status === 'already' ? 'info' : 'success'}
            title={result.status === 'already' ? '已签到' : '签到成功'}
            subTitle={`${result.name}，${result.message}`}
            data-testid="checkin-result"
          />
          {!rated ? (
            <Card size="small" title="课后评价（选填）">
              <Form layout="vertical" initialValues={{ rating: 5 }} onFinish={(v) => feedback.mutate(v)}>
                <Form.Item name="rating">
                  <Rate style={{ fontSize: 32 }} />
                </Form.Item>
                <Form.Item name="comment">
                  <Input.TextArea rows={2} maxLength={500} placeholder="意见建议" />
                </Form.Item>
                <Button htmlType="submit" block loading={feedback.isPending}>
                  提交评价
                </Button>
              </Form>
            </Card>
          ) : (
            <Alert type="success" title="感谢您的评价" />
          )}
        </>
      ) : s.data.ended ? (
        <Alert type="warning" showIcon title="本期课程已结束" />
      ) : !s.data.checkinOpen ? (
        <Alert type="info" showIcon title="签到将于开课当天开放，请上课时扫码签到" />
      ) : (
        <Card size="small" title="签到">
          <Form
            layout="vertical"
            requiredMark={false}
            onFinish={(v: { phone: string; name?: string }) => {
              setPhone(v.phone);
              checkin.mutate(v);
            }}
          >
            <Form.Item
              name="phone"
              label="手机号"
              rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '请填写 11 位手机号' }]}
            >
              <Input size="large" inputMode="numeric" maxLength={11} autoComplete="tel" />
            </Form.Item>
            {needName && (
              <Form.Item
                name="name"
                label="姓名（未报名请填写）"
                rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
              >
                <Input size="large" maxLength={20} autoComplete="name" />
              </Form.Item>
            )}
            {error && <Alert type="warning" showIcon title={error} className="anju-block-gap" />}
            <Button type="primary" htmlType="submit" block size="large" loading={checkin.isPending}>
              签到
            </Button>
          </Form>
        </Card>
      )}
    </div>
  );
}
