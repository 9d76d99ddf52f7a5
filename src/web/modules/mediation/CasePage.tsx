import { ArrowLeftOutlined, DownloadOutlined, PrinterOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  CASE_LEVELS,
  CASE_SCALES,
  CASE_SOURCES,
  type CaseAction,
  DOCUMENT_KINDS,
  EMERGENCY_RESPONSES,
  EVIDENCE_TYPES_LABEL,
  FOLLOWUP_METHODS,
  JUDICIAL_STATUSES,
  MEMBER_ROLES,
  OUTCOMES,
  PARTY_SIDES,
  PERFORMANCE_STATUSES,
  REFERRALS,
  STEP_LABELS,
} from '../../../shared/mediation.js';
import { download, errorMessage, isApiError } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageLoading } from '../../app/components/PageLoading.js';
import { dayjs, formatDateTime } from '../../app/format.js';
import { useSaving, validValues } from '../../app/forms.js';
import { type CaseDetail, mediationApi, mediationKeys } from './api.js';
import { CaseStatusTag, day, opts, RiskTag } from './meta.js';
import './mediation.css';

const text = (v: string | null | undefined) =>
  v ? <span className="anju-md-text">{v}</span> : <Typography.Text type="secondary">—</Typography.Text>;
const EXPLAINABLE = new Set(['rights_notice', 'id_proof', 'power_of_attorney', 'followup', 'judicial']);

type Dialog =
  | { kind: 'action'; action: CaseAction }
  | { kind: 'party' }
  | { kind: 'mediators' }
  | { kind: 'session' }
  | { kind: 'lead' }
  | { kind: 'response' }
  | { kind: 'followup'; id: string }
  | { kind: 'explain'; item: string; label: string }
  | { kind: 'reveal'; partyId: string; field: 'idNumber' | 'phone' }
  | null;

export function CasePage() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const q = useQuery({ queryKey: mediationKeys.case(id), queryFn: () => mediationApi.case(id) });
  const [dialog, setDialog] = useState<Dialog>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: mediationKeys.all });

  if (q.isLoading) return <PageLoading />;
  if (q.error || !q.data)
    return (
      <Result
        status={isApiError(q.error) && q.error.status === 404 ? '404' : 'error'}
        title={isApiError(q.error) && q.error.status === 404 ? '案件不存在或无权访问' : '加载失败'}
        subTitle={errorMessage(q.error)}
        extra={<Link to="/mediation/cases">返回案件列表</Link>}
      />
    );
  const c = q.data;
  const work = can('mediation.work');
  const open = c.status !== 'closed' && c.status !== 'declined';
  // A masked ID or phone, with 查看 for those who may reveal it (the reveal asks why and is audited).
  const masked = (title: string, dataIndex: 'idMasked' | 'phoneMasked', field: 'idNumber' | 'phone') => ({
    title,
    dataIndex,
    render: (v: string | null, p: CaseDetail['parties'][number]) => (
      <Space size={2}>
        <span className="anju-mono">{v ?? '—'}</span>
        {v && can('pii.reveal') && (
          <Button
            type="link"
            size="small"
            onClick={() => setDialog({ kind: 'reveal', partyId: p.id, field })}
          >
            查看
          </Button>
        )}
      </Space>
    ),
  });
  const fetchFile = async (url: string, name: string) => {
    try {
      await download(url, { fileName: name });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <div>
      <div className="anju-page-header">
        <div className="anju-page-header-text">
          <Link to="/mediation/cases" className="anju-no-print">
            <ArrowLeftOutlined /> 调解案件
          </Link>
          <Typography.Title level={4} className="anju-page-title" style={{ marginTop: 4 }}>
            {c.title}
          </Typography.Title>
          <Space size={6} wrap>
            <span className="anju-mono">{c.no}</span>
            <CaseStatusTag status={c.status} />
            {c.outcome && <Tag>{OUTCOMES[c.outcome]}</Tag>}
            <RiskTag flag={c.riskFlag} level={c.riskLevel} />
            <Tag>{CASE_LEVELS[c.level]}调解</Tag>
            {c.overNorm && <Tag color="red">超过一个月</Tag>}
          </Space>
        </div>
        <div className="anju-page-header-extra">
          <Space wrap>
            <Button
              icon={<DownloadOutlined />}
              onClick={() => fetchFile(mediationApi.fileUrl(c.id), `${c.no}-卷宗.zip`)}
            >
              导出卷宗
            </Button>
          </Space>
        </div>
      </div>

      {work && c.allowed.length > 0 && (
        <Card className="anju-card" size="small">
          <div className="anju-md-actions">
            {c.allowed
              .filter((a) => a !== 'transfer_up' || can('mediation.manage'))
              .map((a) => (
                <Button
                  key={a}
                  type={a === 'accept' || a === 'agree' || a === 'close' ? 'primary' : 'default'}
                  danger={a === 'decline' || a === 'fail'}
                  onClick={() => setDialog({ kind: 'action', action: a })}
                >
                  {a === 'transfer_up' ? `上交${c.level === 'estate' ? '社区' : '街道'}` : STEP_LABELS[a]}
                </Button>
              ))}
          </div>
        </Card>
      )}

      {c.missing.length > 0 && (
        <Alert
          className="anju-card"
          type="warning"
          showIcon
          message="卷宗尚不完整，补齐后才能结案"
          description={
            <ul className="anju-md-missing">
              {c.missing.map((m) => (
                <li key={m.item}>
                  <b>{m.label}</b>：{m.hint}
                  {work && EXPLAINABLE.has(m.item) && (
                    <Button
                      type="link"
                      size="small"
                      onClick={() => setDialog({ kind: 'explain', item: m.item, label: m.label })}
                    >
                      写情况说明
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {c.emergency.startedAt && (
        <Alert
          className="anju-card"
          type="error"
          showIcon
          message={`重大群体性纠纷，${formatDateTime(c.emergency.startedAt)} 启动应急联动`}
          description={`已通知：${c.emergency.departments.map((d) => `${d.name}${d.contact ? `（${d.contact}）` : ''}`).join('、') || '本调委会尚未登记联动部门'}`}
          action={
            work && open ? (
              <Button size="small" onClick={() => setDialog({ kind: 'response' })}>
                记录处置
              </Button>
            ) : undefined
          }
        />
      )}
      {c.needsLead && (
        <Alert
          className="anju-card"
          type="warning"
          showIcon
          message="本案应当包案：定领导、定专人、定方案、定时限"
          action={
            can('mediation.manage') ? (
              <Button size="small" onClick={() => setDialog({ kind: 'lead' })}>
                落实包案
              </Button>
            ) : undefined
          }
        />
      )}

      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card className="anju-card" title="案件情况">
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label="类别">{c.categoryLabel}</Descriptions.Item>
              <Descriptions.Item label="来源">
                {CASE_SOURCES[c.source]}
                {c.eventNo && (
                  <Link to={`/grid/events/${c.eventId}`} style={{ marginLeft: 6 }}>
                    {c.eventNo}
                  </Link>
                )}
              </Descriptions.Item>
              <Descriptions.Item label="地点">{c.placeName}</Descriptions.Item>
              <Descriptions.Item label="调委会">{c.committeeName}</Descriptions.Item>
              <Descriptions.Item label="规模">{CASE_SCALES[c.scale]}</Descriptions.Item>
              <Descriptions.Item label="争议金额">{c.amount ? `${c.amount} 元` : '—'}</Descriptions.Item>
              <Descriptions.Item label="登记">{formatDateTime(c.createdAt)}</Descriptions.Item>
              <Descriptions.Item label="受理">{formatDateTime(c.acceptedAt)}</Descriptions.Item>
              {c.days !== null && <Descriptions.Item label="用时">{c.days} 天</Descriptions.Item>}
              {c.riskNote && <Descriptions.Item label="风险说明">{c.riskNote}</Descriptions.Item>}
              {c.declineReason && (
                <Descriptions.Item label="不予受理" span={2}>
                  {c.declineReason}；建议前往：{c.declineReferral}
                </Descriptions.Item>
              )}
              {c.referral && (
                <Descriptions.Item label="调解不成去向" span={2}>
                  {REFERRALS[c.referral]}：{c.referralDestination}
                </Descriptions.Item>
              )}
              {c.oralContent && (
                <Descriptions.Item label="口头协议" span={2}>
                  {text(c.oralContent)}
                </Descriptions.Item>
              )}
              <Descriptions.Item label="简要情况" span={2}>
                {text(c.description)}
              </Descriptions.Item>
            </Descriptions>
            {c.lead.leader && (
              <Descriptions title="包案" column={{ xs: 1, sm: 2 }} size="small" style={{ marginTop: 12 }}>
                <Descriptions.Item label="包案领导">{c.lead.leader}</Descriptions.Item>
                <Descriptions.Item label="专人">{c.lead.handler}</Descriptions.Item>
                <Descriptions.Item label="时限">{c.lead.deadline}</Descriptions.Item>
                <Descriptions.Item label="方案" span={2}>
                  {text(c.lead.plan)}
                </Descriptions.Item>
              </Descriptions>
            )}
          </Card>

          <Card
            className="anju-card"
            title="当事人"
            extra={
              work && open ? (
                <Button size="small" onClick={() => setDialog({ kind: 'party' })}>
                  添加
                </Button>
              ) : null
            }
          >
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: 560 }}
              dataSource={c.parties}
              locale={{ emptyText: '尚未登记当事人' }}
              columns={[
                {
                  title: '身份',
                  dataIndex: 'side',
                  width: 80,
                  render: (v: keyof typeof PARTY_SIDES) => PARTY_SIDES[v],
                },
                {
                  title: '姓名',
                  dataIndex: 'name',
                  render: (v: string, p) => (
                    <div>
                      {p.personId ? <Link to={`/registry/people/${p.personId}`}>{v}</Link> : v}
                      {p.representative && <div className="anju-rg-sub">代理人：{p.representative}</div>}
                    </div>
                  ),
                },
                masked('证件号', 'idMasked', 'idNumber'),
                masked('电话', 'phoneMasked', 'phone'),
                {
                  title: '',
                  key: 'x',
                  width: 60,
                  render: (_, p) =>
                    work && open ? (
                      <Button
                        type="link"
                        danger
                        size="small"
                        onClick={() =>
                          Modal.confirm({
                            title: `移除当事人${p.name}？`,
                            okText: '移除',
                            okButtonProps: { danger: true },
                            cancelText: '取消',
                            onOk: async () => {
                              try {
                                await mediationApi.removeParty(c.id, p.id);
                                await refresh();
                              } catch (e) {
                                message.error(errorMessage(e));
                              }
                            },
                          })
                        }
                      >
                        移除
                      </Button>
                    ) : null,
                },
              ]}
            />
          </Card>

          <Card
            className="anju-card"
            title="调解记录（笔录）"
            extra={
              work && c.status !== 'intake' && open ? (
                <Button size="small" type="primary" onClick={() => setDialog({ kind: 'session' })}>
                  记录调解
                </Button>
              ) : null
            }
          >
            {c.sessions.length === 0 ? (
              <Empty description={c.status === 'intake' ? '受理后记录每次调解' : '还没有调解记录'} />
            ) : (
              c.sessions.map((s, i) => (
                <Card
                  key={s.id}
                  size="small"
                  type="inner"
                  style={{ marginBottom: 8 }}
                  title={`第 ${i + 1} 次 · ${formatDateTime(s.heldAt)} · ${s.place}`}
                >
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
                    参加：{s.attendees}；记录人：{s.recordedBy}
                  </Typography.Paragraph>
                  {text(s.record)}
                </Card>
              ))
            )}
          </Card>

          <AgreementCard
            c={c}
            editable={
              work && (c.status === 'mediating' || (c.status === 'agreed' && c.outcome === 'written'))
            }
            onSaved={refresh}
          />
        </Col>

        <Col xs={24} lg={10}>
          <Card
            className="anju-card"
            title="调解员"
            extra={
              work && open ? (
                <Button size="small" onClick={() => setDialog({ kind: 'mediators' })}>
                  指派
                </Button>
              ) : null
            }
          >
            {c.mediators.length === 0 ? (
              <Empty description="尚未指派调解员" />
            ) : (
              c.mediators.map((m) => (
                <div key={m.memberId} style={{ marginBottom: 8 }}>
                  <Space wrap>
                    <b>{m.name}</b>
                    <Tag>{MEMBER_ROLES[m.role]}</Tag>
                    {m.lead && <Tag color="blue">主办</Tag>}
                  </Space>
                  {m.recusal && (
                    <Alert type="error" showIcon style={{ marginTop: 4 }} message={`回避：${m.recusal}`} />
                  )}
                </div>
              ))
            )}
          </Card>

          <EvidenceCard c={c} editable={work && open} onSaved={refresh} />
          <FollowupCard
            c={c}
            editable={work && open}
            onRecord={(fid) => setDialog({ kind: 'followup', id: fid })}
            onSaved={refresh}
          />

          <Card className="anju-card" title="办理过程">
            <Timeline
              items={c.steps.map((s) => ({
                color:
                  s.action === 'close' || s.action === 'agree'
                    ? 'green'
                    : s.action === 'decline' || s.action === 'fail' || s.action === 'emergency'
                      ? 'red'
                      : 'blue',
                children: (
                  <div>
                    <b>{s.label}</b>{' '}
                    <Typography.Text type="secondary">
                      {formatDateTime(s.at)} · {s.actorName} · {CASE_LEVELS[s.level]}
                    </Typography.Text>
                    {s.note && <div className="anju-md-text">{s.note}</div>}
                  </div>
                ),
              }))}
            />
            {c.levels.length > 1 && (
              <Typography.Paragraph type="secondary">
                各层级用时：{c.levels.map((l) => `${CASE_LEVELS[l.level]} ${l.days} 天`).join('，')}
              </Typography.Paragraph>
            )}
          </Card>
        </Col>
      </Row>

      <CaseDialogs c={c} dialog={dialog} close={() => setDialog(null)} refresh={refresh} />
    </div>
  );
}

function AgreementCard({
  c,
  editable,
  onSaved,
}: {
  c: CaseDetail;
  editable: boolean;
  onSaved: () => Promise<unknown>;
}) {
  const [form] = Form.useForm();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const a = c.agreement;
  const show = c.status === 'mediating' || c.outcome === 'written';
  if (!show) return null;
  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    await run(async () => {
      await mediationApi.saveAgreement(c.id, {
        content: {
          facts: v.facts ?? '',
          disputes: v.disputes ?? '',
          responsibilities: v.responsibilities ?? '',
          terms: v.terms ?? '',
          performanceManner: v.performanceManner ?? '',
          performancePlace: v.performancePlace ?? '',
          performanceDeadline: v.performanceDeadline ? v.performanceDeadline.format('YYYY-MM-DD') : null,
          copies: v.copies ?? null,
        },
        signedOn: v.signedOn ? v.signedOn.format('YYYY-MM-DD') : null,
        partiesSigned: !!v.signed?.includes('parties'),
        mediatorSigned: !!v.signed?.includes('mediator'),
        sealed: !!v.signed?.includes('seal'),
      });
      message.success('协议书已保存');
      await onSaved();
    });
  };
  const area = (name: string, label: string, rows = 3) => (
    <Form.Item name={name} label={label}>
      <Input.TextArea rows={rows} disabled={!editable} maxLength={4000} />
    </Form.Item>
  );
  return (
    <Card
      className="anju-card"
      title="人民调解协议书"
      extra={
        <Space wrap>
          <Button
            size="small"
            icon={<PrinterOutlined />}
            onClick={() => window.open(`/mediation/cases/${c.id}/print`, '_blank')}
          >
            打印
          </Button>
          <Button
            size="small"
            icon={<DownloadOutlined />}
            onClick={() =>
              download(mediationApi.agreementUrl(c.id), { fileName: `${c.no}-人民调解协议书.docx` }).catch(
                (e) => message.error(errorMessage(e)),
              )
            }
          >
            Word
          </Button>
        </Space>
      }
    >
      {!editable && (
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label="纠纷的主要事实">{text(a.content.facts)}</Descriptions.Item>
          <Descriptions.Item label="争议事项">{text(a.content.disputes)}</Descriptions.Item>
          <Descriptions.Item label="各方责任">{text(a.content.responsibilities)}</Descriptions.Item>
          <Descriptions.Item label="协议内容">{text(a.content.terms)}</Descriptions.Item>
          <Descriptions.Item label="履行">
            {[
              a.content.performanceManner,
              a.content.performancePlace,
              a.content.performanceDeadline && `${a.content.performanceDeadline} 前`,
            ]
              .filter(Boolean)
              .join('；') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label="签署">
            {a.signedOn ? `${a.signedOn} 签订；` : '未填签订日期；'}
            {[
              a.partiesSigned ? '当事人已签名' : '当事人未签名',
              a.mediatorSigned ? '调解员已签名' : '调解员未签名',
              a.sealed ? '已盖章' : '未盖章',
            ].join('、')}
          </Descriptions.Item>
        </Descriptions>
      )}
      <Form
        form={form}
        layout="vertical"
        hidden={!editable}
        initialValues={{
          ...a.content,
          performanceDeadline: a.content.performanceDeadline
            ? dayjs(a.content.performanceDeadline)
            : undefined,
          signedOn: a.signedOn ? dayjs(a.signedOn) : undefined,
          signed: [a.partiesSigned && 'parties', a.mediatorSigned && 'mediator', a.sealed && 'seal'].filter(
            Boolean,
          ),
        }}
      >
        {area('facts', '纠纷的主要事实')}
        {area('disputes', '争议事项', 2)}
        {area('responsibilities', '各方当事人的责任', 2)}
        {area('terms', '协议内容', 4)}
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="performanceManner" label="履行方式">
              <Input disabled={!editable} maxLength={500} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="performancePlace" label="履行地点">
              <Input disabled={!editable} maxLength={120} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="performanceDeadline" label="履行期限">
              <DatePicker disabled={!editable} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="copies" label="份数" tooltip="当事人各执一份，调委会留存一份">
              <InputNumber
                disabled={!editable}
                min={2}
                max={20}
                placeholder={String(c.parties.length + 1)}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="signedOn" label="签订日期">
              <DatePicker
                disabled={!editable}
                style={{ width: '100%' }}
                disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="signed" label="签署情况">
          <Checkbox.Group
            disabled={!editable}
            options={[
              { value: 'parties', label: '当事人已签名（捺印）' },
              { value: 'mediator', label: '调解员已签名' },
              { value: 'seal', label: '已加盖调委会印章' },
            ]}
          />
        </Form.Item>
        {editable && (
          <Button type="primary" onClick={save} loading={saving}>
            保存协议书
          </Button>
        )}
      </Form>
      {c.judicial.deadline && (
        <Alert
          style={{ marginTop: 12 }}
          type={c.judicial.status === 'none' ? 'info' : 'success'}
          showIcon
          message={
            c.judicial.status === 'none'
              ? `当事人可在 ${c.judicial.deadline} 前共同申请司法确认（还剩 ${c.judicial.daysLeft} 天）`
              : `司法确认：${JUDICIAL_STATUSES[c.judicial.status]}（申请日期 ${c.judicial.appliedOn}）`
          }
        />
      )}
    </Card>
  );
}

function EvidenceCard({
  c,
  editable,
  onSaved,
}: {
  c: CaseDetail;
  editable: boolean;
  onSaved: () => Promise<unknown>;
}) {
  const { message } = App.useApp();
  const [kind, setKind] = useState<string>('evidence');
  const [busy, setBusy] = useState(false);
  return (
    <Card className="anju-card" title="证据与卷宗材料">
      {editable && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            value={kind}
            onChange={setKind}
            options={opts(DOCUMENT_KINDS)}
            style={{ width: 170 }}
            aria-label="材料类别"
          />
          <Upload
            showUploadList={false}
            customRequest={async ({ file }) => {
              setBusy(true);
              try {
                const saved = await mediationApi.uploadDocument(c.id, file as File, kind, '');
                message.success(`已上传，SHA-256：${saved.sha256.slice(0, 16)}…`);
                await onSaved();
              } catch (e) {
                message.error(errorMessage(e));
              } finally {
                setBusy(false);
              }
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy}>
              上传文件
            </Button>
          </Upload>
        </Space>
      )}
      {editable && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          可上传 {EVIDENCE_TYPES_LABEL}，每个不超过 20 MB；上传时记录 SHA-256 摘要，用于证明材料未被改动。
        </Typography.Paragraph>
      )}
      {c.documents.length === 0 ? (
        <Empty description="暂无材料" />
      ) : (
        c.documents.map((d) => (
          <div key={d.id} style={{ marginBottom: 10 }}>
            <Space wrap size={4}>
              <Tag>{DOCUMENT_KINDS[d.kind]}</Tag>
              <Button
                type="link"
                size="small"
                style={{ padding: 0 }}
                onClick={() =>
                  download(mediationApi.documentUrl(c.id, d.id), { fileName: d.name }).catch((e) =>
                    message.error(errorMessage(e)),
                  )
                }
              >
                {d.name}
              </Button>
              <Typography.Text type="secondary">
                {(d.size / 1024).toFixed(1)} KB · {d.uploadedBy} · {formatDateTime(d.createdAt)}
              </Typography.Text>
            </Space>
            <div className="anju-md-sha">SHA-256 {d.sha256}</div>
          </div>
        ))
      )}
    </Card>
  );
}

function FollowupCard({
  c,
  editable,
  onRecord,
  onSaved,
}: {
  c: CaseDetail;
  editable: boolean;
  onRecord: (id: string) => void;
  onSaved: () => Promise<unknown>;
}) {
  const { message } = App.useApp();
  const save = async (body: Record<string, unknown>) => {
    try {
      await mediationApi.progress(c.id, body);
      await onSaved();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Card className="anju-card" title="告知、履行与回访">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <span>权利义务告知：</span>
          <Switch
            checked={!!c.rightsNotifiedAt}
            disabled={!editable || c.status === 'intake'}
            checkedChildren="已告知"
            unCheckedChildren="未告知"
            onChange={(v) => save({ rightsNotified: v })}
          />
        </Space>
        {c.status === 'agreed' && (
          <Space wrap>
            <span>履行情况：</span>
            <Select
              style={{ width: 130 }}
              value={c.performance.status ?? undefined}
              disabled={!editable}
              options={opts(PERFORMANCE_STATUSES)}
              onChange={(v) => save({ performanceStatus: v })}
            />
          </Space>
        )}
        {c.outcome === 'written' && (
          <Space wrap>
            <span>司法确认：</span>
            <Select
              style={{ width: 120 }}
              value={c.judicial.status}
              disabled={!editable}
              options={opts(JUDICIAL_STATUSES)}
              onChange={(v) =>
                save({
                  judicialStatus: v,
                  judicialAppliedOn:
                    v === 'none' ? null : (c.judicial.appliedOn ?? dayjs().format('YYYY-MM-DD')),
                })
              }
            />
          </Space>
        )}
      </Space>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        回访
      </Typography.Title>
      {c.followups.length === 0 ? (
        <Typography.Text type="secondary">达成协议后自动安排 7 天、30 天两次回访</Typography.Text>
      ) : (
        c.followups.map((f) => (
          <div key={f.id} style={{ marginBottom: 8 }}>
            <Space wrap>
              <span className="anju-mono">{f.dueOn}</span>
              {f.doneAt ? (
                <Tag color="success">已回访</Tag>
              ) : f.overdue ? (
                <Tag color="red">逾期</Tag>
              ) : (
                <Tag>待回访</Tag>
              )}
              {!f.doneAt && editable && (
                <Button size="small" onClick={() => onRecord(f.id)}>
                  记录回访
                </Button>
              )}
            </Space>
            {f.doneAt && (
              <div className="anju-md-text">
                {day(f.doneAt)} {f.method ? FOLLOWUP_METHODS[f.method] : ''} · {f.byName}：{f.note}
              </div>
            )}
          </div>
        ))
      )}
    </Card>
  );
}

function CaseDialogs({
  c,
  dialog,
  close,
  refresh,
}: {
  c: CaseDetail;
  dialog: Dialog;
  close: () => void;
  refresh: () => Promise<unknown>;
}) {
  const [form] = Form.useForm();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const [revealed, setRevealed] = useState<string | null>(null);
  const options = useQuery({
    queryKey: mediationKeys.mediatorOptions(c.id),
    queryFn: () => mediationApi.mediatorOptions(c.id),
    enabled: dialog?.kind === 'mediators',
  });
  if (!dialog) return null;

  const submit = (work: (v: Record<string, unknown>) => Promise<unknown>, done?: string) => async () => {
    const v = await validValues(form);
    if (!v) return;
    await run(async () => {
      await work(v);
      if (done) message.success(done);
      form.resetFields();
      close();
      await refresh();
    });
  };
  const required = (label: string) => [{ required: true, whitespace: true, message: `请填写${label}` }];
  let title = '';
  let body: ReactNode = null;
  let onOk: (() => Promise<void>) | undefined;

  switch (dialog.kind) {
    case 'action': {
      const a = dialog.action;
      title = STEP_LABELS[a];
      const act = (extra: Record<string, unknown>) => mediationApi.act(c.id, { action: a, ...extra });
      if (a === 'decline') {
        body = (
          <>
            <Form.Item name="note" label="不予受理的理由" rules={required('理由')}>
              <Input.TextArea rows={3} maxLength={1000} />
            </Form.Item>
            <Form.Item name="declineReferral" label="建议当事人前往" rules={required('去向')}>
              <Input placeholder="例如：綦江区人民法院、区劳动人事争议仲裁委员会" maxLength={200} />
            </Form.Item>
          </>
        );
      } else if (a === 'agree') {
        body = (
          <>
            <Form.Item name="outcome" label="协议形式" initialValue="written">
              <Radio.Group
                options={[
                  { value: 'written', label: '书面协议' },
                  { value: 'oral', label: '口头协议' },
                ]}
              />
            </Form.Item>
            <Form.Item noStyle shouldUpdate>
              {({ getFieldValue }) =>
                getFieldValue('outcome') === 'oral' ? (
                  <Form.Item name="oralContent" label="口头协议内容" rules={required('协议内容')}>
                    <Input.TextArea rows={4} maxLength={2000} />
                  </Form.Item>
                ) : (
                  <Typography.Paragraph type="secondary">
                    请先在下方「人民调解协议书」中填写并保存协议内容与签署情况。达成协议后将自动安排回访。
                  </Typography.Paragraph>
                )
              }
            </Form.Item>
          </>
        );
      } else if (a === 'fail') {
        body = (
          <>
            <Form.Item name="referral" label="引导去向" rules={[{ required: true, message: '请选择去向' }]}>
              <Select options={opts(REFERRALS)} />
            </Form.Item>
            <Form.Item name="referralDestination" label="去向单位" rules={required('去向单位')}>
              <Input maxLength={120} placeholder="例如：綦江区人民法院" />
            </Form.Item>
            <Form.Item name="note" label="说明">
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </>
        );
      } else {
        body = (
          <>
            {a === 'close' && <Typography.Paragraph>结案前将检查卷宗是否齐全。</Typography.Paragraph>}
            <Form.Item name="note" label="说明" rules={a === 'note' ? required('备注') : []}>
              <Input.TextArea rows={3} maxLength={1000} />
            </Form.Item>
          </>
        );
      }
      onOk = submit((v) => act(v), `已${STEP_LABELS[a]}`);
      break;
    }
    case 'party':
      title = '添加当事人';
      body = (
        <>
          <Form.Item name="side" label="身份" initialValue="third">
            <Select options={opts(PARTY_SIDES)} />
          </Form.Item>
          <Form.Item name="name" label="姓名" rules={required('姓名')}>
            <Input maxLength={32} />
          </Form.Item>
          <Form.Item name="idNumber" label="身份证号">
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
          <Form.Item name="phone" label="联系电话">
            <Input maxLength={11} inputMode="tel" autoComplete="off" />
          </Form.Item>
          <Form.Item name="address" label="住址">
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item name="representative" label="代理人">
            <Input maxLength={32} />
          </Form.Item>
        </>
      );
      onOk = submit((v) => mediationApi.addParty(c.id, v as never), '已添加');
      break;
    case 'mediators':
      title = '指派调解员';
      body = (
        <>
          <Form.Item
            name="memberIds"
            label="调解员"
            initialValue={c.mediators.map((m) => m.memberId)}
            rules={[{ required: true, message: '请至少选择一名调解员' }]}
          >
            <Select
              mode="multiple"
              loading={options.isLoading}
              options={(options.data?.items ?? []).map((m) => ({
                value: m.id,
                label: `${m.name}（${MEMBER_ROLES[m.role as 'member'] ?? m.role}）`,
              }))}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {({ getFieldValue }) => (
              <Form.Item
                name="leadId"
                label="主办调解员"
                initialValue={c.mediators.find((m) => m.lead)?.memberId}
                rules={[{ required: true, message: '请选择主办调解员' }]}
              >
                <Select
                  options={(options.data?.items ?? [])
                    .filter((m) => (getFieldValue('memberIds') ?? []).includes(m.id))
                    .map((m) => ({ value: m.id, label: m.name }))}
                />
              </Form.Item>
            )}
          </Form.Item>
          <Typography.Paragraph type="secondary">
            是当事人本人或与当事人同住一户的调解员，系统将提示回避。
          </Typography.Paragraph>
        </>
      );
      onOk = submit(async (v) => {
        const result = await mediationApi.setMediators(c.id, v.memberIds as string[], v.leadId as string);
        const flagged = result.filter((m) => m.recusal);
        if (flagged.length)
          message.warning(`请注意回避：${flagged.map((m) => `${m.name}（${m.recusal}）`).join('；')}`, 6);
      }, '已指派');
      break;
    case 'session':
      title = '记录调解';
      body = (
        <>
          <Form.Item
            name="heldAt"
            label="调解时间"
            initialValue={dayjs()}
            rules={[{ required: true, message: '请选择时间' }]}
          >
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            />
          </Form.Item>
          <Form.Item
            name="place"
            label="调解地点"
            initialValue={`${c.placeName}调解室`}
            rules={required('地点')}
          >
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item
            name="attendees"
            label="参加人员"
            initialValue={[...c.parties.map((p) => p.name), ...c.mediators.map((m) => m.name)].join('、')}
            rules={required('参加人员')}
          >
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="record" label="调解笔录" rules={required('调解笔录')}>
            <Input.TextArea rows={8} maxLength={20000} placeholder={'调解员：……\n申请人：……\n被申请人：……'} />
          </Form.Item>
        </>
      );
      onOk = submit(
        (v) =>
          mediationApi.addSession(c.id, {
            heldAt: (v.heldAt as ReturnType<typeof dayjs>).toISOString(),
            place: v.place as string,
            attendees: v.attendees as string,
            record: v.record as string,
          }),
        '调解记录已保存',
      );
      break;
    case 'lead':
      title = '包案';
      body = (
        <>
          <Form.Item name="leader" label="包案领导" initialValue={c.lead.leader} rules={required('包案领导')}>
            <Input maxLength={32} />
          </Form.Item>
          <Form.Item name="handler" label="包案专人" initialValue={c.lead.handler} rules={required('专人')}>
            <Input maxLength={32} />
          </Form.Item>
          <Form.Item name="plan" label="化解方案" initialValue={c.lead.plan} rules={required('方案')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item
            name="deadline"
            label="化解时限"
            initialValue={c.lead.deadline ? dayjs(c.lead.deadline) : undefined}
            rules={[{ required: true, message: '请选择时限' }]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </>
      );
      onOk = submit(
        (v) =>
          mediationApi.setLead(c.id, {
            leader: v.leader as string,
            handler: v.handler as string,
            plan: v.plan as string,
            deadline: (v.deadline as ReturnType<typeof dayjs>).format('YYYY-MM-DD'),
          }),
        '已落实包案',
      );
      break;
    case 'response':
      title = '记录应急处置';
      body = (
        <>
          <Form.Item name="kind" label="处置方式" initialValue="control">
            <Radio.Group options={opts(EMERGENCY_RESPONSES)} />
          </Form.Item>
          <Form.Item name="note" label="处置情况" rules={required('处置情况')}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </>
      );
      onOk = submit((v) => mediationApi.addResponse(c.id, v as { kind: string; note: string }), '已记录');
      break;
    case 'followup':
      title = '记录回访';
      body = (
        <>
          <Form.Item name="method" label="回访方式" initialValue="visit">
            <Radio.Group options={opts(FOLLOWUP_METHODS)} />
          </Form.Item>
          <Form.Item name="note" label="回访情况" rules={required('回访情况')}>
            <Input.TextArea rows={3} maxLength={1000} placeholder="协议履行情况、当事人意见、有无新的矛盾" />
          </Form.Item>
        </>
      );
      onOk = submit(
        (v) => mediationApi.recordFollowup(c.id, dialog.id, v as { method: string; note: string }),
        '回访已记录',
      );
      break;
    case 'explain':
      title = `情况说明：${dialog.label}`;
      body = (
        <Form.Item
          name="text"
          label="说明缺少该材料的原因"
          initialValue={c.explanations[dialog.item]}
          rules={required('情况说明')}
        >
          <Input.TextArea rows={4} maxLength={1000} />
        </Form.Item>
      );
      onOk = submit((v) => mediationApi.explain(c.id, dialog.item, v.text as string), '已保存');
      break;
    case 'reveal':
      title = dialog.field === 'idNumber' ? '查看完整证件号' : '查看完整电话';
      body = revealed ? (
        <Typography.Title level={4} className="anju-mono" copyable>
          {revealed}
        </Typography.Title>
      ) : (
        <>
          <Typography.Paragraph type="secondary">查看将记入审计日志。</Typography.Paragraph>
          <Form.Item name="reason" label="查看原因" rules={required('查看原因')}>
            <Input maxLength={200} placeholder="例如：电话联系当事人安排调解" />
          </Form.Item>
        </>
      );
      onOk = revealed
        ? async () => {
            setRevealed(null);
            close();
          }
        : async () => {
            const v = await validValues(form);
            if (!v) return;
            await run(async () => {
              const r = await mediationApi.revealParty(
                c.id,
                dialog.partyId,
                dialog.field,
                v.reason as string,
              );
              setRevealed(r.value ?? '（未登记）');
              form.resetFields();
            });
          };
      break;
  }

  return (
    <Modal
      open
      title={title}
      okText={dialog.kind === 'reveal' && revealed ? '关闭' : '确定'}
      cancelText="取消"
      confirmLoading={saving}
      onOk={onOk}
      onCancel={() => {
        setRevealed(null);
        form.resetFields();
        close();
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        {body}
      </Form>
    </Modal>
  );
}
