import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Card,
  Cascader,
  Col,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { caseBody, partyBody } from '../../../shared/api/mediation.js';
import { CASE_SCALES, CASE_SOURCES, PARTY_SIDES, RISK_LEVELS } from '../../../shared/mediation.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { useSaving, validValues, zodRule } from '../../app/forms.js';
import { PersonPicker } from '../registry/shared/pickers.js';
import { type CaseInput, mediationApi, mediationKeys } from './api.js';
import { DISPUTE_OPTIONS, opts } from './meta.js';
import './mediation.css';

interface PartyForm {
  side: 'applicant' | 'respondent' | 'third';
  fromRegistry: boolean;
  personId?: string;
  name?: string;
  gender?: 'male' | 'female';
  idNumber?: string;
  phone?: string;
  address?: string;
  occupation?: string;
  representative?: string;
  representativeRole?: string;
}
interface CaseForm {
  placeId: string;
  source: CaseInput['source'];
  title: string;
  category: [string, string?];
  scale: CaseInput['scale'];
  amount?: string;
  riskFlag: boolean;
  riskLevel?: CaseInput['riskLevel'];
  riskNote?: string;
  description: string;
  parties: PartyForm[];
}

const SOURCES = opts(CASE_SOURCES).filter((o) => o.value !== 'sweep');

/** 纠纷登记: the intake form of a case (受理登记表), parties from the registry or from outside. */
export function NewCasePage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CaseForm>();
  const { saving, run } = useSaving(form);
  const shape = caseBody.shape;
  // Arriving from a grid event (转人民调解): its place and facts, and the link back to it.
  const [search] = useSearchParams();
  const eventId = search.get('eventId');

  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    await run(async () => {
      const { id } = await mediationApi.create({
        placeId: v.placeId,
        source: v.source,
        eventId,
        title: v.title,
        description: v.description,
        category: v.category[0],
        subcategory: v.category[1] ?? null,
        scale: v.scale,
        amount: v.amount?.trim() ? v.amount.trim() : null,
        riskFlag: v.riskFlag,
        riskLevel: v.riskFlag ? (v.riskLevel ?? 'medium') : null,
        riskNote: v.riskNote ?? '',
        parties: (v.parties ?? []).map((p) =>
          p.fromRegistry
            ? {
                side: p.side,
                personId: p.personId,
                occupation: p.occupation ?? '',
                representative: p.representative ?? '',
                representativeRole: p.representativeRole ?? '',
              }
            : {
                side: p.side,
                name: p.name ?? '',
                gender: p.gender ?? null,
                idNumber: p.idNumber ?? '',
                phone: p.phone ?? '',
                address: p.address ?? '',
                occupation: p.occupation ?? '',
                representative: p.representative ?? '',
                representativeRole: p.representativeRole ?? '',
              },
        ),
      });
      await queryClient.invalidateQueries({ queryKey: mediationKeys.all });
      navigate(`/mediation/cases/${id}`);
    });
  };

  return (
    <div>
      <PageHeader title="纠纷登记" description="登记后由调解委员会受理；重大群体性纠纷将自动启动应急联动" />
      <Form<CaseForm>
        form={form}
        layout="vertical"
        initialValues={{
          placeId: search.get('placeId') ?? undefined,
          title: search.get('title')?.slice(0, 60) ?? undefined,
          description: search.get('description') ?? undefined,
          source: eventId ? 'grid_event' : 'application',
          scale: 'individual',
          riskFlag: false,
          parties: [
            { side: 'applicant', fromRegistry: true },
            { side: 'respondent', fromRegistry: true },
          ],
        }}
        onFinish={submit}
      >
        <Card className="anju-card" title="纠纷情况">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="placeId"
                label="纠纷发生地"
                rules={[{ required: true, message: '请选择纠纷发生的小区或楼栋' }]}
              >
                <PlaceTreeSelect placeholder="小区、楼栋或网格" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="source"
                label="案件来源"
                rules={[{ required: true, message: '请选择案件来源' }]}
              >
                <Select options={SOURCES} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="title" label="案件名称" rules={[zodRule(shape.title)]}>
                <Input placeholder="例如：楼上水管漏水致楼下受损" maxLength={60} showCount />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="category"
                label="纠纷类别（GB/T 31000）"
                rules={[{ required: true, message: '请选择纠纷类别' }]}
              >
                <Cascader options={DISPUTE_OPTIONS} changeOnSelect placeholder="大类 / 小类" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="scale" label="纠纷规模">
                <Select options={opts(CASE_SCALES)} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="amount"
                label="争议金额（元）"
                rules={[zodRule(shape.amount.unwrap().unwrap(), { optional: true })]}
              >
                <Input inputMode="decimal" placeholder="无则不填" />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="riskFlag" label="有激化风险" valuePropName="checked">
                <Switch checkedChildren="是" unCheckedChildren="否" />
              </Form.Item>
            </Col>
            <Form.Item noStyle shouldUpdate={(a, b) => a.riskFlag !== b.riskFlag}>
              {({ getFieldValue }) =>
                getFieldValue('riskFlag') && (
                  <>
                    <Col xs={12} md={4}>
                      <Form.Item name="riskLevel" label="风险等级" initialValue="medium">
                        <Select options={opts(RISK_LEVELS)} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={16}>
                      <Form.Item name="riskNote" label="风险说明">
                        <Input placeholder="例如：双方多次发生口角，有肢体冲突苗头" maxLength={500} />
                      </Form.Item>
                    </Col>
                  </>
                )
              }
            </Form.Item>
            <Col span={24}>
              <Form.Item name="description" label="纠纷简要情况" rules={[zodRule(shape.description)]}>
                <Input.TextArea
                  rows={4}
                  maxLength={4000}
                  showCount
                  placeholder="时间、地点、起因、双方诉求"
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card className="anju-card" title="当事人">
          <Form.List name="parties">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => (
                  <Card
                    key={field.key}
                    size="small"
                    style={{ marginBottom: 12 }}
                    title={`当事人 ${i + 1}`}
                    extra={
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label="移除当事人"
                        onClick={() => remove(field.name)}
                      />
                    }
                  >
                    <Row gutter={12}>
                      <Col xs={12} md={6}>
                        <Form.Item name={[field.name, 'side']} label="身份">
                          <Select options={opts(PARTY_SIDES)} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={6}>
                        <Form.Item name={[field.name, 'fromRegistry']} label="来源">
                          <Radio.Group
                            optionType="button"
                            options={[
                              { value: true, label: '人口库' },
                              { value: false, label: '外来人员' },
                            ]}
                          />
                        </Form.Item>
                      </Col>
                      <Form.Item noStyle shouldUpdate>
                        {({ getFieldValue }) =>
                          getFieldValue(['parties', field.name, 'fromRegistry']) ? (
                            <Col xs={24} md={12}>
                              <Form.Item
                                name={[field.name, 'personId']}
                                label="选择人员"
                                rules={[{ required: true, message: '请从人口库中选择当事人' }]}
                              >
                                <PersonPicker placeholder="姓名、拼音、证件号后四位或手机号" />
                              </Form.Item>
                            </Col>
                          ) : (
                            <>
                              <Col xs={12} md={6}>
                                <Form.Item
                                  name={[field.name, 'name']}
                                  label="姓名"
                                  rules={[{ required: true, message: '请填写姓名' }]}
                                >
                                  <Input maxLength={32} />
                                </Form.Item>
                              </Col>
                              <Col xs={12} md={6}>
                                <Form.Item name={[field.name, 'gender']} label="性别">
                                  <Select
                                    allowClear
                                    options={[
                                      { value: 'male', label: '男' },
                                      { value: 'female', label: '女' },
                                    ]}
                                  />
                                </Form.Item>
                              </Col>
                              <Col xs={24} md={6}>
                                <Form.Item
                                  name={[field.name, 'idNumber']}
                                  label="身份证号"
                                  rules={[zodRule(partyBody.shape.idNumber.unwrap(), { optional: true })]}
                                >
                                  <Input maxLength={18} autoComplete="off" />
                                </Form.Item>
                              </Col>
                              <Col xs={24} md={6}>
                                <Form.Item name={[field.name, 'phone']} label="联系电话">
                                  <Input inputMode="tel" maxLength={11} autoComplete="off" />
                                </Form.Item>
                              </Col>
                              <Col xs={24} md={12}>
                                <Form.Item name={[field.name, 'address']} label="住址">
                                  <Input maxLength={120} />
                                </Form.Item>
                              </Col>
                            </>
                          )
                        }
                      </Form.Item>
                      <Col xs={12} md={6}>
                        <Form.Item name={[field.name, 'occupation']} label="职业">
                          <Input maxLength={40} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={6}>
                        <Form.Item name={[field.name, 'representative']} label="代理人（如有）">
                          <Input maxLength={32} />
                        </Form.Item>
                      </Col>
                    </Row>
                  </Card>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ side: 'third', fromRegistry: false })}>
                  添加当事人
                </Button>
              </>
            )}
          </Form.List>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            证件号与电话加密保存，列表与文书中默认脱敏显示。
          </Typography.Paragraph>
        </Card>
        <Space className="anju-no-print" style={{ marginTop: 8 }}>
          <Button type="primary" htmlType="submit" loading={saving}>
            登记
          </Button>
          <Button onClick={() => navigate(-1)}>取消</Button>
        </Space>
      </Form>
    </div>
  );
}
