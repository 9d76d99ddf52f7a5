import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { dayjs, formatDateTime } from '../../app/format.js';
import { useSaving, validValues } from '../../app/forms.js';
import { legalApi, legalKeys, type SessionItem } from './api.js';
import { shanghaiToday } from './meta.js';

/** 法治夜校: the monthly classes, sign-ups and check-ins, and attendance in 人次 and people. */
export function SchoolPage() {
  const { can } = useAuth();
  const [placeId, setPlaceId] = useState<string>();
  const [courseId, setCourseId] = useState<string>();
  const [adding, setAdding] = useState<'course' | 'session' | null>(null);
  const courses = useQuery({
    queryKey: legalKeys.courses({ placeId }),
    queryFn: () => legalApi.courses({ placeId }),
  });
  const sessions = useQuery({
    queryKey: legalKeys.sessions({ placeId, courseId }),
    queryFn: () => legalApi.sessions({ placeId, courseId }),
  });
  return (
    <div>
      <PageHeader
        title="法治夜校"
        description="每月开课一次：安排课程、居民扫码报名与签到、课后评价与参学统计"
        extra={
          can('legal.manage') && (
            <Space>
              <Button onClick={() => setAdding('course')}>新增课程</Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding('session')}>
                安排一期
              </Button>
            </Space>
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
          <Select
            allowClear
            placeholder="全部课程"
            style={{ minWidth: 200 }}
            value={courseId}
            onChange={setCourseId}
            options={courses.data?.items.map((c) => ({ value: c.id, label: `${c.title}（${c.placeName}）` }))}
          />
        </Space>
      </Card>
      <Tabs
        items={[
          {
            key: 'sessions',
            label: '各期课程',
            children: (
              <Card className="anju-card">
                {sessions.isError && <Alert type="error" showIcon title={errorMessage(sessions.error)} />}
                <Table<SessionItem>
                  rowKey="id"
                  size="middle"
                  loading={sessions.isFetching}
                  dataSource={sessions.data?.items}
                  scroll={{ x: 900 }}
                  locale={{ emptyText: '暂无课程安排，可点击「安排一期」' }}
                  columns={[
                    { title: '开课时间', dataIndex: 'startsAt', render: formatDateTime },
                    {
                      title: '主题',
                      dataIndex: 'title',
                      render: (t: string, s) => <Link to={`/legal/school/sessions/${s.id}`}>{t}</Link>,
                    },
                    { title: '主讲', dataIndex: 'lecturer' },
                    { title: '地点', render: (_, s) => `${s.placeName} ${s.venue}` },
                    { title: '报名', render: (_, s) => `${s.signedUp} / ${s.capacity}` },
                    { title: '签到（人次）', dataIndex: 'checkedIn' },
                    {
                      title: '评分',
                      dataIndex: 'averageRating',
                      render: (v: number | null) => (v ? `${v} 分` : '—'),
                    },
                    {
                      title: '操作',
                      render: (_, s) => <Link to={`/legal/school/sessions/${s.id}`}>签到与二维码</Link>,
                    },
                  ]}
                />
              </Card>
            ),
          },
          { key: 'attendance', label: '参学统计', children: <AttendanceTab placeId={placeId} /> },
        ]}
      />
      {adding === 'course' && <CourseModal onClose={() => setAdding(null)} />}
      {adding === 'session' && (
        <SessionModal
          courses={
            courses.data?.items.map((c) => ({ value: c.id, label: `${c.title}（${c.placeName}）` })) ?? []
          }
          onClose={() => setAdding(null)}
        />
      )}
    </div>
  );
}

function AttendanceTab({ placeId }: { placeId?: string }) {
  const [range, setRange] = useState<[string, string]>([shanghaiToday(-365), shanghaiToday()]);
  const q = { placeId, from: range[0], to: range[1] };
  const a = useQuery({ queryKey: legalKeys.attendance(q), queryFn: () => legalApi.attendance(q) });
  return (
    <Card className="anju-card">
      <Space className="anju-block-gap">
        <span>统计期间</span>
        <DatePicker.RangePicker
          value={[dayjs(range[0]), dayjs(range[1])]}
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])}
        />
      </Space>
      {a.isError && <Alert type="error" showIcon title={errorMessage(a.error)} />}
      {a.data && (
        <>
          <Row gutter={16} className="anju-block-gap">
            <Col xs={12} md={6}>
              <Statistic title="开课" value={a.data.sessions} suffix="期" />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title="参学" value={a.data.visits} suffix="人次" />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title="参学居民" value={a.data.people} suffix="人" />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title="平均评分"
                value={a.data.averageRating ?? '—'}
                suffix={a.data.averageRating ? '分' : ''}
              />
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Table
                size="small"
                rowKey="placeId"
                title={() => '按小区'}
                pagination={false}
                dataSource={a.data.byEstate}
                columns={[
                  { title: '小区', dataIndex: 'name' },
                  { title: '期数', dataIndex: 'sessions' },
                  { title: '人次', dataIndex: 'visits' },
                  { title: '人数', dataIndex: 'people' },
                ]}
              />
            </Col>
            <Col xs={24} md={12}>
              <Table
                size="small"
                rowKey="month"
                title={() => '按月份'}
                pagination={false}
                dataSource={a.data.byMonth}
                columns={[
                  { title: '月份', dataIndex: 'month' },
                  { title: '人次', dataIndex: 'visits' },
                  { title: '人数', dataIndex: 'people' },
                ]}
              />
            </Col>
          </Row>
        </>
      )}
    </Card>
  );
}

function CourseModal({ onClose }: { onClose(): void }) {
  const [form] = Form.useForm<{ placeId?: string; title?: string; description?: string }>();
  const { saving, run } = useSaving(form);
  const queryClient = useQueryClient();
  return (
    <Modal
      open
      title="新增课程"
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        const v = await validValues(form);
        if (!v) return;
        await run(async () => {
          await legalApi.createCourse({
            placeId: v.placeId!,
            title: v.title ?? '',
            description: v.description ?? '',
          });
          await queryClient.invalidateQueries({ queryKey: ['legal', 'courses'] });
          onClose();
        });
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ title: '法治夜校' }}>
        <Form.Item name="placeId" label="开课小区" rules={[{ required: true, message: '请选择小区' }]}>
          <PlaceTreeSelect placeholder="选择小区或社区" />
        </Form.Item>
        <Form.Item
          name="title"
          label="课程名称"
          rules={[{ required: true, whitespace: true, message: '请填写' }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="description" label="课程简介">
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface SessionValues {
  courseId?: string;
  title?: string;
  lecturer?: string;
  venue?: string;
  startsAt?: Dayjs;
  durationMinutes?: number;
  capacity?: number;
}

function SessionModal({
  courses,
  onClose,
}: {
  courses: { value: string; label: string }[];
  onClose(): void;
}) {
  const [form] = Form.useForm<SessionValues>();
  const { saving, run } = useSaving(form);
  const queryClient = useQueryClient();
  return (
    <Modal
      open
      title="安排一期夜校"
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        const v = await validValues(form);
        if (!v) return;
        await run(async () => {
          await legalApi.createSession({
            courseId: v.courseId!,
            title: v.title ?? '',
            lecturer: v.lecturer ?? '',
            venue: v.venue ?? '',
            startsAt: v.startsAt!.toISOString(),
            durationMinutes: v.durationMinutes ?? 90,
            capacity: v.capacity ?? 60,
          });
          await queryClient.invalidateQueries({ queryKey: ['legal', 'sessions'] });
          onClose();
        });
      }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ courseId: courses[0]?.value, durationMinutes: 90, capacity: 80, venue: '法律之家' }}
      >
        <Form.Item name="courseId" label="课程" rules={[{ required: true, message: '请选择课程' }]}>
          <Select options={courses} placeholder="请先新增课程" />
        </Form.Item>
        <Form.Item
          name="title"
          label="本期主题"
          rules={[{ required: true, whitespace: true, message: '请填写' }]}
        >
          <Input maxLength={80} placeholder="如：民法典与百姓生活" />
        </Form.Item>
        <Form.Item
          name="lecturer"
          label="主讲人"
          rules={[{ required: true, whitespace: true, message: '请填写' }]}
        >
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item
          name="venue"
          label="上课地点"
          rules={[{ required: true, whitespace: true, message: '请填写' }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="startsAt" label="开课时间" rules={[{ required: true, message: '请选择开课时间' }]}>
          <DatePicker showTime={{ format: 'HH:mm', minuteStep: 15 }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Space>
          <Form.Item name="durationMinutes" label="时长（分钟）">
            <InputNumber min={15} max={480} precision={0} />
          </Form.Item>
          <Form.Item name="capacity" label="名额" rules={[{ required: true, message: '请填写名额' }]}>
            <InputNumber min={1} max={10000} precision={0} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
