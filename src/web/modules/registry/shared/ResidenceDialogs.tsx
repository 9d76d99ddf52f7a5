import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { RELATIONS, type Relation } from '../../../../shared/registry.js';
import { dayjs } from '../../../app/format.js';
import { useSaving, validValues } from '../../../app/forms.js';
import { registryApi, registryKeys } from './api.js';
import { todayIso } from './format.js';
import { codeOptions } from './labels.js';
import { HousePicker, PersonPicker } from './pickers.js';

const RELATION_OPTIONS = codeOptions(RELATIONS);
export const DATE_FORMAT = 'YYYY-MM-DD';

export const toIso = (d: Dayjs | null | undefined): string | null => (d ? d.format(DATE_FORMAT) : null);
export const fromIso = (s: string | null | undefined): Dayjs | undefined =>
  s ? dayjs(s, DATE_FORMAT) : undefined;
/** Dates in the future cannot be a move-in or move-out that already happened. */
export const notFuture = (d: Dayjs) => d.format(DATE_FORMAT) > todayIso();

interface MoveInValues {
  personId?: string;
  houseId?: string;
  relation: Relation;
  moveIn?: Dayjs | null;
}

/**
 * 登记入住: from the house card (pick the person) or from a person's page (pick the house). Earlier
 * stays are kept; moving in does not end another current stay.
 */
export function MoveInModal({
  open,
  person,
  house,
  excludePeople,
  onClose,
  onDone,
}: {
  open: boolean;
  /** Known person (from their page); otherwise the dialog asks for one. */
  person?: { id: string; name: string };
  /** Known house (from the house card); otherwise the dialog asks for one. */
  house?: { id: string; address: string };
  excludePeople?: string[];
  onClose(): void;
  onDone?(): void;
}) {
  const [form] = Form.useForm<MoveInValues>();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const queryClient = useQueryClient();

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the dialog opens
  useEffect(() => {
    if (open) {
      form.resetFields();
      // An empty house's first resident is usually the 户主; otherwise make the worker choose.
      const empty = !!house && (excludePeople?.length ?? 0) === 0;
      form.setFieldsValue({ relation: empty ? 'head' : undefined, moveIn: dayjs(todayIso()) });
    }
  }, [open, form]);

  const submit = async () => {
    const values = await validValues(form);
    if (!values) return;
    const personId = person?.id ?? values.personId;
    const houseId = house?.id ?? values.houseId;
    if (!personId || !houseId) return;
    await run(async () => {
      await registryApi.moveIn(personId, {
        houseId,
        relation: values.relation,
        moveIn: toIso(values.moveIn),
      });
      message.success('已登记入住');
      await queryClient.invalidateQueries({ queryKey: registryKeys.all });
      onDone?.();
      onClose();
    });
  };

  return (
    <Modal
      open={open}
      title={person ? `为「${person.name}」登记入住` : '登记入住'}
      okText="登记入住"
      cancelText="取消"
      onOk={submit}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      forceRender
    >
      <Form<MoveInValues> form={form} layout="vertical" requiredMark>
        {house ? (
          <Form.Item label="房屋">
            <Typography.Text strong>{house.address}</Typography.Text>
          </Form.Item>
        ) : (
          <Form.Item
            label="入住房屋"
            name="houseId"
            required
            rules={[{ required: true, message: '请选择入住的房屋' }]}
          >
            <HousePicker />
          </Form.Item>
        )}
        {!person && (
          <Form.Item
            label="入住人员"
            name="personId"
            required
            rules={[{ required: true, message: '请选择入住的人员' }]}
            extra="只能选择已登记的人员；新人员请先在「实有人口」中新增，可同时登记住址。"
          >
            <PersonPicker exclude={excludePeople} data-testid="move-in-person" />
          </Form.Item>
        )}
        <Form.Item
          label="与户主关系"
          name="relation"
          required
          rules={[{ required: true, message: '请选择与户主关系' }]}
        >
          <Select options={RELATION_OPTIONS} />
        </Form.Item>
        <Form.Item label="入住日期" name="moveIn" extra="不清楚具体日期可留空">
          <DatePicker style={{ width: '100%' }} disabledDate={notFuture} format={DATE_FORMAT} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export interface StayToEnd {
  id: string;
  personName: string;
  address: string;
  moveIn: string | null;
}

/** 迁出: asks for the date and says what happens; the stay stays in the history. */
export function MoveOutModal({
  stay,
  onClose,
  onDone,
}: {
  stay: StayToEnd | null;
  onClose(): void;
  onDone?(): void;
}) {
  const [form] = Form.useForm<{ moveOut: Dayjs }>();
  const { saving, run } = useSaving(form);
  const { message } = App.useApp();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (stay) {
      form.resetFields();
      form.setFieldsValue({ moveOut: dayjs(todayIso()) });
    }
  }, [stay, form]);

  const submit = async () => {
    if (!stay) return;
    const values = await validValues(form);
    if (!values) return;
    await run(async () => {
      await registryApi.moveOut(stay.id, toIso(values.moveOut)!);
      message.success(`已登记「${stay.personName}」迁出`);
      await queryClient.invalidateQueries({ queryKey: registryKeys.all });
      onDone?.();
      onClose();
    });
  };

  return (
    <Modal
      open={!!stay}
      title={stay ? `确认「${stay.personName}」迁出？` : '迁出'}
      okText="确认迁出"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      onOk={submit}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      forceRender
    >
      {stay && (
        <Alert
          type="warning"
          showIcon
          className="anju-block-gap"
          title={`「${stay.personName}」将不再算作「${stay.address}」的现住人员，该房屋住户数随之减少。`}
          description="居住记录会保留在居住历史和房屋的「曾住人员」中；人员档案不会删除。此操作将记入审计日志。"
        />
      )}
      <Form form={form} layout="vertical">
        <Form.Item
          label="迁出日期"
          name="moveOut"
          required
          rules={[{ required: true, message: '请选择迁出日期' }]}
          extra={stay?.moveIn ? `入住日期为 ${stay.moveIn}，迁出日期不能早于它` : undefined}
        >
          <DatePicker
            style={{ width: '100%' }}
            format={DATE_FORMAT}
            disabledDate={(d) => notFuture(d) || (!!stay?.moveIn && d.format(DATE_FORMAT) < stay.moveIn)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
