import { Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { createPlaceBody } from '../../../shared/api/org.js';
import { ALLOWED_CHILDREN, PLACE_KIND_LABELS, type PlaceKind } from '../../../shared/places.js';
import { useSaving, validValues, zodRule } from '../../app/forms.js';
import { orgApi, type Place } from './api.js';

interface PlaceFormValues {
  kind: PlaceKind;
  name: string;
  code: string;
  sortOrder: number;
}

export type PlaceFormMode =
  | { type: 'create'; parent: Pick<Place, 'id' | 'name' | 'kind'> | null }
  | { type: 'edit'; place: Place };

export function PlaceFormModal({
  mode,
  onClose,
  onSaved,
}: {
  mode: PlaceFormMode | null;
  onClose(): void;
  onSaved(saved: { id?: string; parentId: string | null }): void;
}) {
  const [form] = Form.useForm<PlaceFormValues>();
  const { saving, run } = useSaving(form);

  const kindChoices: readonly PlaceKind[] =
    mode?.type === 'create' ? (mode.parent ? ALLOWED_CHILDREN[mode.parent.kind] : ['street']) : [];

  useEffect(() => {
    if (!mode) return;
    form.resetFields();
    if (mode.type === 'edit') {
      form.setFieldsValue({ name: mode.place.name, code: mode.place.code, sortOrder: mode.place.sortOrder });
    } else {
      const choices = mode.parent ? ALLOWED_CHILDREN[mode.parent.kind] : (['street'] as const);
      form.setFieldsValue({ kind: choices[0], sortOrder: 0 });
    }
  }, [mode, form]);

  const submit = async () => {
    if (!mode) return;
    const values = await validValues(form);
    if (!values) return;
    await run(async () => {
      if (mode.type === 'create') {
        const created = await orgApi.createPlace({
          parentId: mode.parent?.id ?? null,
          kind: values.kind,
          code: values.code.trim(),
          name: values.name.trim(),
          sortOrder: values.sortOrder ?? 0,
        });
        onSaved({ id: created?.id, parentId: mode.parent?.id ?? null });
      } else {
        await orgApi.updatePlace(mode.place.id, {
          code: values.code.trim(),
          name: values.name.trim(),
          sortOrder: values.sortOrder ?? 0,
        });
        onSaved({ id: mode.place.id, parentId: mode.place.parentId });
      }
    });
  };

  const title =
    mode?.type === 'edit'
      ? `编辑${PLACE_KIND_LABELS[mode.place.kind]}「${mode.place.name}」`
      : mode?.parent
        ? `在「${mode.parent.name}」下新增`
        : '新增街道';

  return (
    <Modal
      open={!!mode}
      title={title}
      onCancel={onClose}
      onOk={submit}
      okText="保存"
      confirmLoading={saving}
      destroyOnHidden
      forceRender
    >
      <Form<PlaceFormValues> form={form} layout="vertical" requiredMark>
        {mode?.type === 'create' && (
          <Form.Item label="类型" name="kind" rules={[{ required: true, message: '请选择类型' }]}>
            <Select
              options={kindChoices.map((kind) => ({ value: kind, label: PLACE_KIND_LABELS[kind] }))}
              placeholder="请选择类型"
            />
          </Form.Item>
        )}
        <Form.Item label="名称" name="name" rules={[zodRule(createPlaceBody.shape.name)]} required>
          <Input placeholder="如：锦绣春天小区、3号楼、1单元" maxLength={64} showCount />
        </Form.Item>
        <Form.Item
          label="编码"
          name="code"
          rules={[zodRule(createPlaceBody.shape.code)]}
          required
          extra="只能用字母、数字、下划线和短横线，如 JXCT-03"
        >
          <Input placeholder="如 JXCT-03" maxLength={32} autoCapitalize="characters" spellCheck={false} />
        </Form.Item>
        <Form.Item label="排序号" name="sortOrder" extra="数字越小越靠前">
          <InputNumber min={0} max={100000} precision={0} style={{ width: 160 }} />
        </Form.Item>
        {mode?.type === 'create' && mode.parent && (
          <Typography.Text type="secondary">
            上级：{PLACE_KIND_LABELS[mode.parent.kind]}「{mode.parent.name}」
          </Typography.Text>
        )}
      </Form>
    </Modal>
  );
}
