import { CheckCircleOutlined, CloudUploadOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  List,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { DIARY_TOPICS, type DiaryTopic } from '../../../shared/grid.js';
import { CARE_GROUPS, SPECIAL_GROUPS } from '../../../shared/registry.js';
import { errorMessage } from '../../app/api.js';
import { useMe } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PageLoading } from '../../app/components/PageLoading.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { dayjs, formatDateTime } from '../../app/format.js';
import { useApiErrorHandler, validValues } from '../../app/forms.js';
import { HousePicker, PersonPicker } from '../registry/shared/pickers.js';
import { type DiaryInput, gridApi, gridKeys, type MyDay } from './api.js';
import { DiaryCard } from './DiaryCard.js';
import { type QueuedDiary, useDiaryQueue } from './diaryQueue.js';
import { opts, type PhotoData } from './meta.js';
import { PhotoPicker } from './PhotoPicker.js';
import './grid.css';
import '../registry/tenancies/tenancies.css';

interface DiaryValues {
  placeId?: string;
  houseId?: string;
  personId?: string;
  topic?: DiaryTopic;
  said?: string;
  followUp?: string;
  needsFollowUp: boolean;
  photos: PhotoData[];
}

/** What the form keeps beside its fields: a visit it was opened for, or a queued entry being fixed. */
interface DiaryContext {
  caseId: string | null;
  personId: string | null;
  personName?: string;
  key?: string;
  visitedAt?: string;
}

export function MyDayPage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const onError = useApiErrorHandler();
  const day = useQuery({ queryKey: gridKeys.myDay, queryFn: gridApi.myDay });
  const recentQuery = { mine: 'true', page: 1, pageSize: 10 };
  const recent = useQuery({
    queryKey: gridKeys.diary(recentQuery),
    queryFn: () => gridApi.diary(recentQuery),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['grid'] });
  const queue = useDiaryQueue(me.id, () => {
    message.success('民情日记已上传');
    refresh();
  });

  const [form] = Form.useForm<DiaryValues>();
  const [ctx, setCtx] = useState<DiaryContext>({ caseId: null, personId: null });
  const formCard = useRef<HTMLDivElement>(null);
  const [checking, setChecking] = useState(false);
  const [allVisits, setAllVisits] = useState(false);

  const d: MyDay | undefined = day.data;
  const firstGrid = d?.grids[0];

  const openForm = (values: Partial<DiaryValues>, next: DiaryContext) => {
    form.resetFields();
    form.setFieldsValue({ placeId: firstGrid?.id, ...values });
    setCtx(next);
    formCard.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  const save = async () => {
    const v = await validValues(form);
    if (!v?.placeId || !v.topic) return;
    const key = ctx.key ?? crypto.randomUUID();
    const body: DiaryInput = {
      placeId: v.placeId,
      caseId: ctx.caseId,
      houseId: v.houseId ?? null,
      personId: ctx.personId ?? v.personId ?? null,
      topic: v.topic,
      said: v.said?.trim() ?? '',
      followUp: v.followUp?.trim() ?? '',
      needsFollowUp: v.needsFollowUp,
      // The moment of saving, not of sending: an entry uploaded tomorrow keeps today's visit time.
      visitedAt: ctx.visitedAt ?? new Date().toISOString(),
      photos: v.photos,
      idempotencyKey: key,
    };
    try {
      queue.add({ key, body, savedAt: new Date().toISOString() });
    } catch {
      message.error('手机存储空间不足，无法暂存。请删去部分照片后再保存');
      return;
    }
    message.success(navigator.onLine ? '已保存，正在上传' : '已保存到手机，有网络后自动上传');
    form.resetFields();
    form.setFieldsValue({ placeId: firstGrid?.id });
    setCtx({ caseId: null, personId: null });
  };

  const edit = (entry: QueuedDiary) =>
    openForm(
      {
        placeId: entry.body.placeId,
        houseId: entry.body.houseId ?? undefined,
        personId: entry.body.caseId ? undefined : (entry.body.personId ?? undefined),
        topic: entry.body.topic,
        said: entry.body.said,
        followUp: entry.body.followUp,
        needsFollowUp: entry.body.needsFollowUp ?? false,
        photos: (entry.body.photos ?? []) as PhotoData[],
      },
      {
        caseId: entry.body.caseId ?? null,
        personId: entry.body.personId ?? null,
        key: entry.key,
        visitedAt: entry.body.visitedAt,
      },
    );

  const checkin = async () => {
    if (!firstGrid) return;
    setChecking(true);
    try {
      await gridApi.checkin(firstGrid.id);
      message.success('已签到');
      await queryClient.invalidateQueries({ queryKey: gridKeys.myDay });
    } catch (error) {
      onError(error);
    } finally {
      setChecking(false);
    }
  };

  if (day.isLoading) return <PageLoading />;

  const waiting = queue.items.length;
  const refused = queue.items.filter((e) => e.error);

  return (
    <div className="anju-grid-phone">
      <PageHeader
        title="我的今日"
        description={
          d
            ? `${dayjs(d.day).format('YYYY-MM-DD dddd')}${firstGrid ? ` · ${d.grids.map((g) => g.name).join('、')}` : ''}`
            : undefined
        }
      />
      {day.isError && (
        <Alert type="error" showIcon title={errorMessage(day.error)} className="anju-block-gap" />
      )}

      {d && (
        <Card className="anju-card" size="small">
          {d.checkedIn ? (
            <Space>
              <CheckCircleOutlined style={{ color: '#389e0d', fontSize: 20 }} />
              <span>
                已签到{' '}
                <span className="anju-mono">{dayjs(d.checkedIn.at).tz('Asia/Shanghai').format('HH:mm')}</span>{' '}
                · {d.checkedIn.gridName}
              </span>
            </Space>
          ) : firstGrid ? (
            <Button
              type="primary"
              size="large"
              block
              icon={<EnvironmentOutlined />}
              loading={checking}
              onClick={checkin}
            >
              签到（{firstGrid.name}）
            </Button>
          ) : (
            <Typography.Text type="secondary">
              您还不是任何网格的成员，无法签到。请联系社区添加。
            </Typography.Text>
          )}
        </Card>
      )}

      {d && (
        <div className="anju-grid-stats is-three">
          <div className="anju-grid-stat">
            <span className="anju-grid-stat-label">今日日记</span>
            <span className="anju-grid-stat-value">{d.diaryToday}</span>
            <span className="anju-grid-stat-hint">篇</span>
          </div>
          <Link className="anju-grid-stat" to="/grid/events?mine=true&status=open">
            <span className="anju-grid-stat-label">待办事件</span>
            <span className="anju-grid-stat-value">{d.openEvents}</span>
            <span className="anju-grid-stat-hint">件 · 查看</span>
          </Link>
          <Link className="anju-grid-stat" to="/grid/events?mine=true&overdue=true">
            <span className="anju-grid-stat-label">超期事件</span>
            <span className={`anju-grid-stat-value${d.overdueEvents > 0 ? ' is-alert' : ''}`}>
              {d.overdueEvents}
            </span>
            <span className="anju-grid-stat-hint">件 · 查看</span>
          </Link>
        </div>
      )}

      {waiting > 0 && (
        <Alert
          className="anju-grid-queue"
          type={refused.length > 0 ? 'error' : 'warning'}
          showIcon
          icon={<CloudUploadOutlined />}
          data-testid="diary-queue"
          title={`待上传 ${waiting} 条`}
          description={
            <div>
              <div>
                {refused.length > 0
                  ? '有记录被退回，请修改或删除后重试。'
                  : '有网络时会自动上传，也可以点「重试」。'}
              </div>
              {queue.items.map((e) => (
                <div
                  key={e.key}
                  className="anju-rg-card-row"
                  style={{ alignItems: 'center', flexWrap: 'wrap' }}
                >
                  <span className="anju-mono">{formatDateTime(e.body.visitedAt)}</span>
                  <span
                    style={{
                      flex: 1,
                      minWidth: 0,
                      overflow: 'hidden',
                      textOverflow: 'ellipsis',
                      whiteSpace: 'nowrap',
                    }}
                  >
                    {e.body.said}
                  </span>
                  {e.error && <Typography.Text type="danger">{e.error}</Typography.Text>}
                  <Space size={4}>
                    <Button size="small" onClick={() => edit(e)}>
                      修改
                    </Button>
                    <Button
                      size="small"
                      danger
                      onClick={() =>
                        modal.confirm({
                          title: '删除这条未上传的日记？',
                          content: '它只保存在这部手机上，删除后无法找回。',
                          okText: '删除',
                          okButtonProps: { danger: true },
                          cancelText: '取消',
                          onOk: () => queue.remove(e.key),
                        })
                      }
                    >
                      删除
                    </Button>
                  </Space>
                </div>
              ))}
            </div>
          }
          action={
            <Button size="small" loading={queue.sending} onClick={() => queue.flush(true)}>
              重试
            </Button>
          }
        />
      )}

      {d && (
        <Card className="anju-card" title={`今日待走访（${d.dueVisits.length} 人）`}>
          <List
            className="anju-rg-card-list"
            dataSource={allVisits ? d.dueVisits : d.dueVisits.slice(0, 3)}
            loadMore={
              !allVisits && d.dueVisits.length > 3 ? (
                <Button type="link" block onClick={() => setAllVisits(true)}>
                  显示全部 {d.dueVisits.length} 人
                </Button>
              ) : null
            }
            locale={{ emptyText: <Empty description="今天没有到期的走访，可以去巡查或记民情日记" /> }}
            renderItem={(v) => (
              <List.Item data-testid="due-visit">
                <div className="anju-rg-card-head">
                  <span className="anju-rg-card-title">{v.person.name}</span>
                  <Space size={4}>
                    <Tag>
                      {(v.kind === 'special' ? SPECIAL_GROUPS : CARE_GROUPS)[v.group as never] ?? v.group}
                    </Tag>
                    {v.overdueDays > 0 && <Tag color="red">逾期 {v.overdueDays} 天</Tag>}
                  </Space>
                </div>
                <div className="anju-rg-card-row">
                  <span className="anju-rg-card-label">住址</span>
                  <span>{v.address ?? '—'}</span>
                </div>
                <div className="anju-rg-card-row">
                  <span className="anju-rg-card-label">应走访</span>
                  <span className="anju-mono">{v.nextVisitDue}</span>
                </div>
                <div className="anju-rg-card-actions">
                  <Button
                    type="primary"
                    size="large"
                    onClick={() =>
                      openForm(
                        { topic: v.kind === 'special' ? 'special' : 'care' },
                        { caseId: v.caseId, personId: v.person.id, personName: v.person.name },
                      )
                    }
                  >
                    记录走访
                  </Button>
                </div>
              </List.Item>
            )}
          />
        </Card>
      )}

      <div ref={formCard}>
        <Card
          className="anju-card"
          title={
            ctx.key
              ? '修改未上传的日记'
              : ctx.personName
                ? `记民情日记：走访 ${ctx.personName}`
                : '记民情日记'
          }
          extra={
            (ctx.key || ctx.personId) && (
              <Button
                type="link"
                onClick={() => {
                  form.resetFields();
                  form.setFieldsValue({ placeId: firstGrid?.id });
                  setCtx({ caseId: null, personId: null });
                }}
              >
                取消
              </Button>
            )
          }
        >
          <Form<DiaryValues>
            form={form}
            layout="vertical"
            size="large"
            initialValues={{ needsFollowUp: false, photos: [], placeId: firstGrid?.id }}
            onFinish={save}
          >
            <Form.Item name="placeId" label="地点" rules={[{ required: true, message: '请选择走访地点' }]}>
              <PlaceTreeSelect
                placeholder="网格、小区或楼栋"
                knownPlaces={d?.grids.map((g) => ({ id: g.id, name: g.name, kind: 'grid' as const }))}
              />
            </Form.Item>
            <Form.Item name="houseId" label="走访房屋（选填）">
              <HousePicker placeholder="输入地址，如 3-2-501" />
            </Form.Item>
            {!ctx.personId && (
              <Form.Item name="personId" label="走访对象（选填）">
                <PersonPicker placeholder="姓名、拼音或手机号" />
              </Form.Item>
            )}
            <Form.Item name="topic" label="走访事项" rules={[{ required: true, message: '请选择走访事项' }]}>
              <Select options={opts(DIARY_TOPICS)} placeholder="请选择" />
            </Form.Item>
            <Form.Item
              name="said"
              label="走访情况"
              rules={[{ required: true, whitespace: true, message: '请填写走访情况' }]}
            >
              <Input.TextArea
                rows={4}
                maxLength={2000}
                showCount
                placeholder="见到了谁、说了什么、看到了什么"
              />
            </Form.Item>
            <Form.Item name="followUp" label="后续跟进">
              <Input.TextArea rows={2} maxLength={1000} placeholder="需要谁、在什么时候做什么" />
            </Form.Item>
            <Form.Item name="needsFollowUp" label="需跟进" valuePropName="checked">
              <Switch checkedChildren="是" unCheckedChildren="否" />
            </Form.Item>
            <Form.Item name="photos" label="照片（最多 4 张）">
              <PhotoPicker />
            </Form.Item>
            <Button type="primary" htmlType="submit" className="anju-grid-submit">
              保存
            </Button>
          </Form>
        </Card>
      </div>

      <Card
        className="anju-card"
        title="我最近的民情日记"
        extra={<Link to="/grid/diary?mine=true">全部</Link>}
      >
        {recent.isError && <Alert type="error" showIcon title={errorMessage(recent.error)} />}
        {recent.data && recent.data.items.length === 0 ? (
          <Empty description="还没有民情日记，走访后在上面记一笔" />
        ) : (
          <div className="anju-grid-diary-list">
            {recent.data?.items.map((e) => (
              <DiaryCard key={e.id} entry={e} />
            ))}
          </div>
        )}
      </Card>
    </div>
  );
}
