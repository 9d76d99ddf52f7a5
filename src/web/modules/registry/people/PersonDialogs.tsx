import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  DatePicker,
  Divider,
  Drawer,
  Form,
  Grid,
  Input,
  Radio,
  Select,
  Space,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { personBody, tags as tagsSchema } from '../../../../shared/api/registry.js';
import {
  GENDERS,
  type Gender,
  ID_TYPES,
  type IdType,
  POPULATION_TYPES,
  type PopulationType,
  RELATIONS,
  type Relation,
} from '../../../../shared/registry.js';
import { PlaceTreeSelect } from '../../../app/components/PlaceTreeSelect.js';
import { dayjs } from '../../../app/format.js';
import { useSaving, validValues, zodRule } from '../../../app/forms.js';
import { useCurrentPlace } from '../../../app/place.js';
import { type PersonDetail, registryApi, registryKeys, type UpdatePersonInput } from '../shared/api.js';
import { todayIso } from '../shared/format.js';
import { codeOptions } from '../shared/labels.js';
import { HousePicker } from '../shared/pickers.js';
import { DATE_FORMAT, fromIso, notFuture, toIso } from '../shared/ResidenceDialogs.js';

const ETHNICITIES = [
  '汉族',
  '回族',
  '满族',
  '壮族',
  '土家族',
  '苗族',
  '彝族',
  '藏族',
  '维吾尔族',
  '蒙古族',
  '侗族',
  '布依族',
  '瑶族',
  '白族',
  '朝鲜族',
].map((value) => ({ value }));
const TAG_SUGGESTIONS = ['党员', '退役军人', '独居', '志愿者', '楼栋长', '高龄', '失业'].map((t) => ({
  value: t,
  label: t,
}));

interface PersonValues {
  name: string;
  gender?: Gender | null;
  birthDate?: Dayjs | null;
  idType: IdType;
  idNumber?: string;
  phone?: string;
  ethnicity?: string;
  hukouAddress?: string;
  populationType: PopulationType;
  tags?: string[];
  note?: string;
  where?: 'house' | 'place';
  residence?: { houseId?: string; relation?: Relation; moveIn?: Dayjs | null };
  placeId?: string;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * Birth date and gender read from an 18-digit citizen ID whose check digit is right (GB 11643), to
 * fill the form as the worker types. The server checks again and has the last word.
 */
function fromCitizenId(raw: string): { birthDate: string; gender: Gender } | null {
  const id = raw.trim().toUpperCase();
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})\d{2}(\d)[\dX]$/.exec(id);
  if (!m) return null;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  if (ID_CHECK[sum % 11] !== id[17]) return null;
  const birthDate = `${m[1]}-${m[2]}-${m[3]}`;
  if (!dayjs(birthDate, DATE_FORMAT, true).isValid()) return null;
  return { birthDate, gender: Number(m[4]) % 2 === 1 ? 'male' : 'female' };
}

export type PersonFormMode = { type: 'create' } | { type: 'edit'; person: PersonDetail };

/** 新增人员 (optionally with where they live) and 编辑人员. Server field errors show beside the fields. */
export function PersonFormDrawer({ mode, onClose }: { mode: PersonFormMode | null; onClose(): void }) {
  const [form] = Form.useForm<PersonValues>();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { place } = useCurrentPlace();
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;
  const where = Form.useWatch('where', form);
  const idType = Form.useWatch('idType', form);
  const editing = mode?.type === 'edit' ? mode.person : null;

  useEffect(() => {
    if (!mode) return;
    form.resetFields();
    if (mode.type === 'edit') {
      const p = mode.person;
      form.setFieldsValue({
        name: p.name,
        gender: p.gender,
        birthDate: fromIso(p.birthDate) ?? null,
        idType: p.idType,
        ethnicity: p.ethnicity,
        hukouAddress: p.hukouAddress,
        populationType: p.populationType,
        tags: p.tags,
        note: p.note,
      });
    } else {
      form.setFieldsValue({
        idType: 'resident_id',
        populationType: 'registered',
        tags: [],
        where: 'house',
        residence: { moveIn: dayjs(todayIso()) },
        placeId: place?.id,
      });
    }
  }, [mode, form, place?.id]);

  const onIdChange = (value: string) => {
    if (form.getFieldValue('idType') !== 'resident_id') return;
    const parsed = fromCitizenId(value);
    if (!parsed) return;
    form.setFields([
      { name: 'birthDate', value: dayjs(parsed.birthDate, DATE_FORMAT), errors: [] },
      { name: 'gender', value: parsed.gender, errors: [] },
    ]);
  };

  const submit = async () => {
    if (!mode) return;
    const v = await validValues(form);
    if (!v) return;
    const common = {
      name: v.name.trim(),
      gender: v.gender ?? null,
      birthDate: toIso(v.birthDate),
      idType: v.idType,
      ethnicity: v.ethnicity?.trim() ?? '',
      hukouAddress: v.hukouAddress?.trim() ?? '',
      populationType: v.populationType,
      tags: v.tags ?? [],
      note: v.note?.trim() ?? '',
    };
    await run(async () => {
      if (mode.type === 'create') {
        const { id } = await registryApi.createPerson({
          ...common,
          idNumber: v.idNumber?.trim() || undefined,
          phone: v.phone?.trim() || undefined,
          ...(v.where === 'house'
            ? {
                residence: {
                  houseId: v.residence!.houseId!,
                  relation: v.residence!.relation!,
                  moveIn: toIso(v.residence?.moveIn),
                },
              }
            : { placeId: v.placeId }),
        });
        message.success(`已登记「${common.name}」`);
        await queryClient.invalidateQueries({ queryKey: registryKeys.all });
        onClose();
        navigate(`/registry/people/${id}`);
        return;
      }
      const p = mode.person;
      // Send only what changed, so the audit trail says what the worker actually edited.
      const body: UpdatePersonInput = {};
      if (common.name !== p.name) body.name = common.name;
      if (common.gender !== p.gender) body.gender = common.gender;
      if (common.birthDate !== p.birthDate) body.birthDate = common.birthDate;
      if (common.idType !== p.idType) body.idType = common.idType;
      if (v.idNumber?.trim()) body.idNumber = v.idNumber.trim();
      if (v.phone?.trim()) body.phone = v.phone.trim();
      if (common.ethnicity !== p.ethnicity) body.ethnicity = common.ethnicity;
      if (common.hukouAddress !== p.hukouAddress) body.hukouAddress = common.hukouAddress;
      if (common.populationType !== p.populationType) body.populationType = common.populationType;
      if (common.tags.join('\n') !== p.tags.join('\n')) body.tags = common.tags;
      if (common.note !== p.note) body.note = common.note;
      if (Object.keys(body).length === 0) {
        onClose();
        return;
      }
      await registryApi.updatePerson(p.id, body);
      message.success('已保存');
      await queryClient.invalidateQueries({ queryKey: registryKeys.all });
      onClose();
    });
  };

  return (
    <Drawer
      open={!!mode}
      title={editing ? `编辑「${editing.name}」` : '新增人员'}
      size={isMobile ? '100%' : 640}
      onClose={onClose}
      destroyOnHidden
      forceRender
      footer={
        <Space className="anju-drawer-footer">
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={submit} data-testid="person-form-submit">
            保存
          </Button>
        </Space>
      }
    >
      <Form<PersonValues>
        form={form}
        layout={isMobile ? 'vertical' : 'horizontal'}
        labelCol={isMobile ? undefined : { flex: '96px' }}
        requiredMark
        autoComplete="off"
      >
        <Form.Item label="姓名" name="name" required rules={[zodRule(personBody.shape.name)]}>
          <Input maxLength={32} placeholder="与证件一致" />
        </Form.Item>
        <Form.Item label="证件类型" name="idType" required>
          <Select options={codeOptions(ID_TYPES)} />
        </Form.Item>
        <Form.Item
          label="证件号码"
          name="idNumber"
          extra={
            editing
              ? `当前：${editing.idMasked ?? '未登记'}。不修改请留空。`
              : idType === 'resident_id'
                ? '填写身份证号后自动带出出生日期和性别'
                : undefined
          }
        >
          <Input
            maxLength={32}
            className="anju-mono"
            placeholder={editing ? '输入新的证件号码' : '选填'}
            onChange={(e) => onIdChange(e.target.value)}
            spellCheck={false}
          />
        </Form.Item>
        <div className="anju-reg-pair">
          <Form.Item label="性别" name="gender">
            <Radio.Group options={codeOptions(GENDERS)} />
          </Form.Item>
          <Form.Item label="出生日期" name="birthDate" labelCol={isMobile ? undefined : { flex: '80px' }}>
            <DatePicker style={{ width: '100%' }} format={DATE_FORMAT} disabledDate={notFuture} />
          </Form.Item>
        </div>
        <Form.Item
          label="手机号码"
          name="phone"
          extra={editing ? `当前：${editing.phoneMasked ?? '未登记'}。不修改请留空。` : undefined}
        >
          <Input maxLength={20} inputMode="tel" placeholder={editing ? '输入新的手机号码' : '选填'} />
        </Form.Item>
        <Form.Item
          label="人口类型"
          name="populationType"
          required
          rules={[{ required: true, message: '请选择人口类型' }]}
        >
          <Radio.Group options={codeOptions(POPULATION_TYPES)} optionType="button" />
        </Form.Item>
        <Form.Item label="民族" name="ethnicity">
          <AutoComplete options={ETHNICITIES} placeholder="如 汉族" maxLength={16} />
        </Form.Item>
        <Form.Item label="户籍地址" name="hukouAddress">
          <Input maxLength={120} placeholder="如 重庆市綦江区古南街道…" />
        </Form.Item>
        <Form.Item label="标签" name="tags" rules={[zodRule(tagsSchema)]}>
          <Select mode="tags" options={TAG_SUGGESTIONS} placeholder="选填，可输入后回车添加" maxCount={10} />
        </Form.Item>
        <Form.Item label="备注" name="note">
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>

        {!editing && (
          <>
            <Divider titlePlacement="start" plain>
              居住情况
            </Divider>
            <Form.Item label="登记方式" name="where">
              <Radio.Group
                options={[
                  { value: 'house', label: '住在辖区房屋' },
                  { value: 'place', label: '暂无房屋' },
                ]}
              />
            </Form.Item>
            {where === 'place' ? (
              <Form.Item
                label="所属区域"
                name="placeId"
                required
                rules={[{ required: true, message: '请选择居住的房屋或所属地点' }]}
                extra="如租住在辖区外、暂住单位宿舍，先登记到所在网格或小区"
              >
                <PlaceTreeSelect placeholder="选择社区、小区或网格" />
              </Form.Item>
            ) : (
              <>
                <Form.Item
                  label="居住房屋"
                  name={['residence', 'houseId']}
                  required
                  rules={[{ required: true, message: '请选择居住的房屋' }]}
                >
                  <HousePicker data-testid="person-house" />
                </Form.Item>
                <div className="anju-reg-pair">
                  <Form.Item
                    label="与户主关系"
                    name={['residence', 'relation']}
                    required
                    rules={[{ required: true, message: '请选择与户主关系' }]}
                  >
                    <Select options={codeOptions(RELATIONS)} />
                  </Form.Item>
                  <Form.Item
                    label="入住日期"
                    name={['residence', 'moveIn']}
                    labelCol={isMobile ? undefined : { flex: '80px' }}
                  >
                    <DatePicker style={{ width: '100%' }} format={DATE_FORMAT} disabledDate={notFuture} />
                  </Form.Item>
                </div>
              </>
            )}
          </>
        )}
        {editing && (
          <Alert
            type="info"
            showIcon
            title="住址变动请在详情页使用「入住新房屋」或在居住历史中「迁出」，以保留居住历史。"
          />
        )}
      </Form>
    </Drawer>
  );
}
