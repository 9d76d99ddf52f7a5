import { DeleteOutlined, LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Space,
  Spin,
  TimePicker,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { dayjs } from '../../app/format.js';
import { useSaving, validValues } from '../../app/forms.js';
import { type DutySlot, legalApi, legalKeys } from './api.js';
import { shanghaiToday } from './meta.js';
import './legal.css';

const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

function mondayOf(date: string): string {
  const d = dayjs(date);
  return d.subtract((d.day() + 6) % 7, 'day').format('YYYY-MM-DD');
}

/** 值班表: a week of legal advisors' duty by place, one column a day. */
export function DutyPage() {
  const { can } = useAuth();
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [placeId, setPlaceId] = useState<string>();
  const [monday, setMonday] = useState(() => mondayOf(shanghaiToday()));
  const [adding, setAdding] = useState<string | null>(null);
  const days = Array.from({ length: 7 }, (_, i) => dayjs(monday).add(i, 'day').format('YYYY-MM-DD'));
  const query = { placeId, from: days[0], to: days[6] };
  const list = useQuery({ queryKey: legalKeys.duty(query), queryFn: () => legalApi.duty(query) });
  const byDay = new Map<string, DutySlot[]>();
  for (const s of list.data?.items ?? []) byDay.set(s.date, [...(byDay.get(s.date) ?? []), s]);
  const today = shanghaiToday();

  const remove = (s: DutySlot) =>
    modal.confirm({
      title: `取消 ${s.date} ${s.startTime}–${s.endTime} 的值班？`,
      content: `${s.advisorName} 在「${s.placeName} ${s.venue}」的值班将从值班表和居民公开页上移除。`,
      okText: '取消值班',
      okButtonProps: { danger: true },
      cancelText: '返回',
      onOk: async () => {
        try {
          await legalApi.removeSlot(s.id);
          message.success('已取消');
          await queryClient.invalidateQueries({ queryKey: ['legal', 'duty'] });
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });

  return (
    <div>
      <PageHeader
        title="值班表"
        description="法律顾问按周、按地点值班；同一顾问或同一地点时段冲突时不能保存"
        extra={
          can('legal.manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setAdding(days[0] < today ? today : days[0])}
            >
              排班
            </Button>
          )
        }
      />
      <Card className="anju-card anju-query-card">
        <Space wrap>
          <PlaceTreeSelect
            value={placeId}
            style={{ minWidth: 200 }}
            placeholder="全部区域"
            onChange={setPlaceId}
          />
          <Button
            icon={<LeftOutlined />}
            onClick={() => setMonday(dayjs(monday).subtract(7, 'day').format('YYYY-MM-DD'))}
          >
            上一周
          </Button>
          <strong>
            {days[0]} 至 {days[6]}
          </strong>
          <Button onClick={() => setMonday(dayjs(monday).add(7, 'day').format('YYYY-MM-DD'))}>
            下一周 <RightOutlined />
          </Button>
          <Button onClick={() => setMonday(mondayOf(today))}>本周</Button>
        </Space>
      </Card>
      {list.isError && (
        <Alert type="error" showIcon title={errorMessage(list.error)} className="anju-block-gap" />
      )}
      <Spin spinning={list.isFetching}>
        <div className="legal-week" data-testid="duty-week">
          {days.map((d, i) => (
            <Card
              key={d}
              size="small"
              className={`legal-week-day${d === today ? ' is-today' : ''}`}
              title={`${WEEKDAYS[i]} ${d.slice(5)}`}
              extra={
                can('legal.manage') &&
                d >= today && (
                  <Button
                    size="small"
                    type="text"
                    icon={<PlusOutlined />}
                    aria-label="排班"
                    onClick={() => setAdding(d)}
                  />
                )
              }
            >
              {(byDay.get(d) ?? []).map((s) => (
                <div key={s.id} className="legal-slot" data-testid="duty-slot">
                  <div className="legal-slot-time">
                    {s.startTime}–{s.endTime}
                  </div>
                  <div>
                    <strong>{s.advisorName}</strong>
                  </div>
                  <div className="legal-muted">
                    {s.placeName} {s.venue}
                  </div>
                  {s.note && <div className="legal-muted">{s.note}</div>}
                  {can('legal.manage') && (
                    <Button
                      size="small"
                      type="link"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => remove(s)}
                    >
                      取消
                    </Button>
                  )}
                </div>
              ))}
              {(byDay.get(d) ?? []).length === 0 && (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无值班" />
              )}
            </Card>
          ))}
        </div>
      </Spin>
      {adding && <SlotModal date={adding} onClose={() => setAdding(null)} />}
    </div>
  );
}

interface SlotValues {
  placeId?: string;
  venue?: string;
  date?: Dayjs;
  time?: [Dayjs, Dayjs];
  advisorName?: string;
  note?: string;
}

function SlotModal({ date, onClose }: { date: string; onClose(): void }) {
  const [form] = Form.useForm<SlotValues>();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [clash, setClash] = useState<string | null>(null);
  return (
    <Modal
      open
      title="排班"
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        const v = await validValues(form);
        if (!v) return;
        setClash(null);
        await run(async () => {
          try {
            await legalApi.addSlot({
              placeId: v.placeId!,
              venue: v.venue ?? '',
              date: v.date!.format('YYYY-MM-DD'),
              startTime: v.time![0].format('HH:mm'),
              endTime: v.time![1].format('HH:mm'),
              advisorName: v.advisorName ?? '',
              note: v.note ?? '',
            });
          } catch (e) {
            // A clash is shown in the dialog, where the time can be changed.
            if (e instanceof Error && 'code' in e && e.code === 'DUTY_CLASH') {
              setClash(e.message);
              return;
            }
            throw e;
          }
          message.success('已排班');
          await queryClient.invalidateQueries({ queryKey: ['legal', 'duty'] });
          onClose();
        });
      }}
    >
      {clash && (
        <Alert type="error" showIcon title={clash} className="anju-block-gap" data-testid="duty-clash" />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          date: dayjs(date),
          time: [dayjs(`${date}T14:00`), dayjs(`${date}T17:00`)],
          venue: '法律之家',
        }}
      >
        <Form.Item name="placeId" label="小区或社区" rules={[{ required: true, message: '请选择地点' }]}>
          <PlaceTreeSelect placeholder="选择小区或社区" />
        </Form.Item>
        <Form.Item
          name="venue"
          label="值班地点"
          rules={[{ required: true, whitespace: true, message: '请填写值班地点' }]}
        >
          <Input maxLength={60} placeholder="如：法律之家、评理说事点" />
        </Form.Item>
        <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="time" label="时段" rules={[{ required: true, message: '请选择时段' }]}>
          <TimePicker.RangePicker format="HH:mm" minuteStep={15} />
        </Form.Item>
        <Form.Item
          name="advisorName"
          label="法律顾问"
          rules={[{ required: true, whitespace: true, message: '请填写法律顾问' }]}
        >
          <Input maxLength={30} placeholder="如：杨律师" />
        </Form.Item>
        <Form.Item name="note" label="服务内容">
          <Input maxLength={200} placeholder="如：法律咨询、法律援助申请" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
