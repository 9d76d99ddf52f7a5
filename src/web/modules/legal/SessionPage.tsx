import { PrinterOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Result,
  Row,
  Space,
  Spin,
  Table,
  Tag,
} from 'antd';
import { Link, useParams } from 'react-router';
import { download, errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { formatDateTime } from '../../app/format.js';
import { legalApi, legalKeys, type SessionDetail } from './api.js';
import './legal.css';

type Attendee = SessionDetail['attendees'][number];

/** Only an SVG the server generated goes into the page as markup; anything else is refused. */
function safeSvg(svg: string): string | null {
  const s = svg.trim();
  if (!(s.startsWith('<svg') || s.startsWith('<?xml'))) return null;
  if (/<script/i.test(s) || /\son\w+\s*=/i.test(s) || /javascript:/i.test(s)) return null;
  return s;
}

/** One class: the door QR code to print, the sign-up list with check-in, walk-ins and materials. */
export function SessionPage() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [walkIn] = Form.useForm<{ name: string; phone: string }>();
  const s = useQuery({ queryKey: legalKeys.session(id), queryFn: () => legalApi.session(id) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: legalKeys.session(id) });

  if (s.isError)
    return <Result status="404" title="课程不存在或无权查看" extra={<Link to="/legal/school">返回</Link>} />;
  if (!s.data) return <Spin />;
  const d = s.data;
  const svg = safeSvg(d.qrSvg);

  const checkIn = async (body: { attendeeId: string } | { name: string; phone: string }) => {
    try {
      const r = await legalApi.checkin(id, body);
      if (r.status === 'already') message.info(`${r.name} ${r.message}`);
      else message.success(`${r.name} ${r.message}`);
      await refresh();
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    }
  };
  const print = () => {
    document.body.classList.add('legal-printing');
    const done = () => {
      document.body.classList.remove('legal-printing');
      window.removeEventListener('afterprint', done);
    };
    window.addEventListener('afterprint', done);
    window.print();
  };
  const uploadMaterial = () => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'application/pdf,image/jpeg,image/png';
    input.onchange = async () => {
      const f = input.files?.[0];
      if (!f) return;
      try {
        await legalApi.uploadMaterial(id, f);
        message.success('课件已上传');
        await refresh();
      } catch (e) {
        message.error(errorMessage(e));
      }
    };
    input.click();
  };

  return (
    <div>
      <PageHeader
        title={d.title}
        description={`${d.courseTitle} · ${formatDateTime(d.startsAt)} · ${d.placeName} ${d.venue}`}
        extra={
          <Button icon={<PrinterOutlined />} onClick={print}>
            打印签到二维码
          </Button>
        }
      />
      <Row gutter={12}>
        <Col xs={24} lg={8}>
          <Card className="anju-card legal-print" title="扫码签到">
            <div className="legal-print-head">
              <h3>
                {d.estateName} {d.courseTitle}
              </h3>
              <div>
                {d.title} · {formatDateTime(d.startsAt)} · {d.venue}
              </div>
            </div>
            {svg ? (
              // biome-ignore lint/security/noDangerouslySetInnerHtml: an SVG the server generated, checked above
              <div className="legal-qr" dangerouslySetInnerHTML={{ __html: svg }} />
            ) : (
              <Alert type="error" title="二维码无法显示" />
            )}
            <p>请用微信扫一扫签到</p>
            <div className="legal-muted anju-mono" data-testid="checkin-url">
              {d.checkinUrl}
            </div>
          </Card>
          <Card className="anju-card" size="small" title="报名链接">
            <div className="anju-mono legal-pre">{d.signupUrl}</div>
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card className="anju-card" size="small">
            <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
              <Descriptions.Item label="主讲">{d.lecturer}</Descriptions.Item>
              <Descriptions.Item label="报名">
                {d.signedUp} / {d.capacity}
              </Descriptions.Item>
              <Descriptions.Item label="签到">{d.checkedIn} 人次</Descriptions.Item>
              <Descriptions.Item label="评分">
                {d.averageRating ? `${d.averageRating} 分` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label="课件" span={2}>
                <Space wrap>
                  {d.materials.map((m) => (
                    <Button
                      key={m.id}
                      type="link"
                      size="small"
                      onClick={() => download(legalApi.materialUrl(id, m.id), { fileName: m.name })}
                    >
                      {m.name}
                    </Button>
                  ))}
                  {can('legal.manage') && (
                    <Button size="small" icon={<UploadOutlined />} onClick={uploadMaterial}>
                      上传课件
                    </Button>
                  )}
                </Space>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          {can('legal.work') && (
            <Card className="anju-card" size="small" title="现场登记签到（未报名的居民）">
              <Form
                form={walkIn}
                layout="inline"
                onFinish={async (v) => {
                  if (await checkIn({ name: v.name, phone: v.phone })) walkIn.resetFields();
                }}
              >
                <Form.Item name="name" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
                  <Input placeholder="姓名" maxLength={20} />
                </Form.Item>
                <Form.Item
                  name="phone"
                  rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '请填写 11 位手机号' }]}
                >
                  <Input placeholder="手机号" maxLength={11} inputMode="numeric" />
                </Form.Item>
                <Button htmlType="submit" type="primary">
                  签到
                </Button>
              </Form>
            </Card>
          )}
          <Card className="anju-card" size="small" title={`报名与签到名单（${d.attendees.length} 人）`}>
            <Table<Attendee>
              rowKey="id"
              size="small"
              dataSource={d.attendees}
              pagination={{ pageSize: 50 }}
              scroll={{ x: 640 }}
              columns={[
                { title: '姓名', dataIndex: 'nameMasked' },
                {
                  title: '手机号',
                  dataIndex: 'phoneMasked',
                  render: (v: string) => <span className="anju-mono">{v}</span>,
                },
                {
                  title: '报名',
                  dataIndex: 'signedUpAt',
                  render: (v: string | null) => (v ? formatDateTime(v) : '现场'),
                },
                {
                  title: '签到',
                  render: (_, a) =>
                    a.checkedInAt ? (
                      <Tag color="green">
                        已签到 {formatDateTime(a.checkedInAt).slice(11)}
                        {a.checkinBy === 'staff' ? '（代签）' : ''}
                      </Tag>
                    ) : can('legal.work') ? (
                      <Button size="small" onClick={() => checkIn({ attendeeId: a.id })}>
                        签到
                      </Button>
                    ) : (
                      <Tag>未签到</Tag>
                    ),
                },
                {
                  title: '评价',
                  render: (_, a) => (a.rating ? `${a.rating} 星 ${a.comment ?? ''}` : '—'),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
