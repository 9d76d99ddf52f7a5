import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { area as areaSchema, houseBody, tags as tagsSchema } from '../../../../shared/api/registry.js';
import { HOUSE_USES, type HouseUse } from '../../../../shared/registry.js';
import { PlaceTreeSelect } from '../../../app/components/PlaceTreeSelect.js';
import { useSaving, validValues, zodRule } from '../../../app/forms.js';
import { type HouseCard, registryApi, registryKeys } from '../shared/api.js';
import { codeOptions } from '../shared/labels.js';
import { PersonPicker } from '../shared/pickers.js';

const USE_OPTIONS = codeOptions(HOUSE_USES);
const TAG_SUGGESTIONS = ['群租', '重点房屋', '安全隐患', '空挂户', '人户分离'].map((t) => ({
  value: t,
  label: t,
}));

interface HouseValues {
  unitId?: string;
  floor: number;
  number: string;
  area?: string;
  use: HouseUse;
  tags?: string[];
  note?: string;
}

export type HouseFormMode = { type: 'create'; unitId?: string } | { type: 'edit'; house: HouseCard['house'] };

/** 新增房屋 / 编辑房屋. A house hangs on a 单元; the address is built from it. */
export function HouseFormModal({
  mode,
  onClose,
  onSaved,
}: {
  mode: HouseFormMode | null;
  onClose(): void;
  onSaved?(id: string): void;
}) {
  const [form] = Form.useForm<HouseValues>();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!mode) return;
    form.resetFields();
    if (mode.type === 'edit') {
      const h = mode.house;
      form.setFieldsValue({
        floor: h.floor,
        number: h.number,
        area: h.area ?? undefined,
        use: h.use,
        tags: h.tags,
        note: h.note,
      });
    } else {
      form.setFieldsValue({ unitId: mode.unitId, use: 'self', tags: [] });
    }
  }, [mode, form]);

  const submit = async () => {
    if (!mode) return;
    const values = await validValues(form);
    if (!values) return;
    const area = values.area?.trim() || null;
    const common = {
      floor: values.floor,
      number: values.number.trim(),
      use: values.use,
      tags: values.tags ?? [],
      note: values.note?.trim() ?? '',
    };
    await run(async () => {
      let id: string;
      if (mode.type === 'create') {
        id = (await registryApi.createHouse({ unitId: values.unitId!, ...common, area: area ?? undefined }))
          .id;
        message.success(`已新增房屋 ${common.number}`);
      } else {
        id = mode.house.id;
        await registryApi.updateHouse(id, { ...common, area });
        message.success('已保存');
      }
      await queryClient.invalidateQueries({ queryKey: registryKeys.all });
      onSaved?.(id);
      onClose();
    });
  };

  return (
    <Modal
      open={!!mode}
      title={mode?.type === 'edit' ? `编辑房屋「${mode.house.address}」` : '新增房屋'}
      okText="保存"
      cancelText="取消"
      onOk={submit}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      forceRender
    >
      <Form<HouseValues> form={form} layout="vertical" requiredMark autoComplete="off">
        {mode?.type === 'create' && (
          <Form.Item
            label="所在单元"
            name="unitId"
            required
            rules={[{ required: true, message: '请选择房屋所在的单元' }]}
            extra="展开 小区 › 楼栋，选择单元；没有单元请先在「区域管理」中添加"
          >
            <PlaceTreeSelect placeholder="选择单元" isDisabled={(p) => p.kind !== 'unit'} />
          </Form.Item>
        )}
        <div className="anju-reg-pair">
          <Form.Item
            label="楼层"
            name="floor"
            required
            validateFirst
            rules={[{ required: true, message: '请填写楼层' }, zodRule(houseBody.shape.floor)]}
            extra="地下层填负数，如 -1"
          >
            <InputNumber precision={0} min={-5} max={200} style={{ width: '100%' }} placeholder="如 15" />
          </Form.Item>
          <Form.Item label="房号" name="number" required rules={[zodRule(houseBody.shape.number)]}>
            <Input placeholder="如 1501" maxLength={16} />
          </Form.Item>
        </div>
        <Form.Item label="建筑面积" name="area" rules={[zodRule(areaSchema, { optional: true })]}>
          <Input placeholder="如 89.50" suffix="m²" inputMode="decimal" maxLength={9} />
        </Form.Item>
        <Form.Item label="用途" name="use" required rules={[{ required: true, message: '请选择用途' }]}>
          <Select options={USE_OPTIONS} />
        </Form.Item>
        <Form.Item label="标签" name="tags" rules={[zodRule(tagsSchema)]}>
          <Select mode="tags" options={TAG_SUGGESTIONS} placeholder="选填，可输入后回车添加" maxCount={10} />
        </Form.Item>
        <Form.Item label="备注" name="note">
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface OwnerRow {
  personId?: string;
  share?: string;
}

/** Shares in hundredths, so 33.33 + 33.33 + 33.34 is exactly 100. */
const cents = (s: string | undefined) => {
  const m = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(s?.trim() ?? '');
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : Number.NaN;
};

/** 编辑产权人: the owners and their shares (must add up to 100%). */
export function OwnersModal({ card, onClose }: { card: HouseCard | null; onClose(): void }) {
  const [form] = Form.useForm<{ owners: OwnerRow[] }>();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const rows = Form.useWatch('owners', form) ?? [];
  const total = rows.reduce((sum, r) => sum + (Number.isNaN(cents(r?.share)) ? 0 : cents(r?.share)), 0);

  const known = card?.owners.map((o) => ({ value: o.person.id, label: o.person.name })) ?? [];
  const openFor = card?.house.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: fill the form when the dialog opens, not on every refetch
  useEffect(() => {
    if (!card) return;
    form.resetFields();
    form.setFieldsValue({
      owners: card.owners.map((o) => ({ personId: o.person.id, share: o.share })),
    });
  }, [openFor, form]);

  const submit = async () => {
    if (!card) return;
    const values = await validValues(form);
    if (!values) return;
    const owners = (values.owners ?? []).map((o) => ({
      personId: o.personId!,
      share: (cents(o.share) / 100).toFixed(2),
    }));
    if (owners.length > 0 && owners.reduce((s, o) => s + cents(o.share), 0) !== 10000) {
      message.error('各产权人份额合计必须为 100%');
      return;
    }
    if (new Set(owners.map((o) => o.personId)).size !== owners.length) {
      message.error('同一产权人不能重复');
      return;
    }
    await run(async () => {
      await registryApi.setOwners(card.house.id, owners);
      message.success('已保存产权人');
      await queryClient.invalidateQueries({ queryKey: registryKeys.all });
      onClose();
    });
  };

  return (
    <Modal
      open={!!card}
      title={card ? `产权人：${card.house.address}` : '产权人'}
      okText="保存"
      cancelText="取消"
      onOk={submit}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      forceRender
      width={640}
    >
      <Typography.Paragraph type="secondary">
        产权人须先登记为人员。共有时填写各自份额，合计须为 100%；单独所有填 100。
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.List name="owners">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <div key={field.key} className="anju-reg-owner-row">
                  <Form.Item
                    name={[field.name, 'personId']}
                    rules={[{ required: true, message: '请选择产权人' }]}
                    className="anju-reg-owner-person"
                  >
                    <PersonPicker placeholder="搜索姓名、拼音或证件号后4位" known={known} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'share']}
                    rules={[{ required: true, message: '请填写份额' }, zodRule(areaSchema)]}
                    className="anju-reg-owner-share"
                  >
                    <Input suffix="%" placeholder="份额" inputMode="decimal" />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    aria-label="移除"
                    onClick={() => remove(field.name)}
                  />
                </div>
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({ share: fields.length === 0 ? '100' : undefined })}
              >
                添加产权人
              </Button>
            </>
          )}
        </Form.List>
      </Form>
      {rows.length > 0 && total !== 10000 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          title={`当前合计 ${(total / 100).toFixed(2)}%，须为 100%`}
        />
      )}
    </Modal>
  );
}
