import { useQuery } from '@tanstack/react-query';
import { Alert, App, AutoComplete, DatePicker, Form, Grid, Input, Modal, Radio, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { tenancyBody } from '../../../../shared/api/registry.js';
import { TENANCY_PURPOSES, type TenancyPurpose } from '../../../../shared/registry.js';
import { useSaving, validValues, zodRule } from '../../../app/forms.js';
import { pickApi, type TenancyRow, tenancyApi, tenancyKeys } from './api.js';
import { afterToday, fromIso, todayIso, toIso } from './dates.js';
import { HouseSelect, type PersonLite, PersonSelect } from './pickers.js';

const shape = tenancyBody.shape;

/** Who the 出租登记 dialog starts with: a floating resident from the 未登记 list, with their home. */
export interface TenancyPreset {
  tenant: PersonLite;
  house: { id: string; address: string } | null;
}

interface CreateValues {
  houseId: string;
  landlordName: string;
  tenantIds: string[];
  startDate: Dayjs;
  endDate: Dayjs;
  purpose: TenancyPurpose;
  note?: string;
}

export function CreateTenancyModal({
  open,
  preset,
  onClose,
  onCreated,
}: {
  open: boolean;
  preset: TenancyPreset | null;
  onClose(): void;
  onCreated(): void;
}) {
  const [form] = Form.useForm<CreateValues>();
  const { message } = App.useApp();
  const { saving, run } = useSaving(form);
  const isMobile = Grid.useBreakpoint().md === false;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      purpose: 'living',
      houseId: preset?.house?.id,
      tenantIds: preset ? [preset.tenant.id] : [],
      startDate: fromIso(todayIso()),
    });
  }, [open, preset, form]);

  // The landlord is usually the owner: offer the house's owners by name, keep typing free.
  const houseId = Form.useWatch('houseId', form);
  const card = useQuery({
    queryKey: tenancyKeys.house(houseId ?? ''),
    queryFn: () => pickApi.house(houseId!),
    enabled: open && !!houseId,
    staleTime: 30_000,
  });
  const owners = useMemo(() => card.data?.owners.map((o) => o.person) ?? [], [card.data]);
  useEffect(() => {
    if (owners.length > 0 && !form.getFieldValue('landlordName')) {
      form.setFieldsValue({ landlordName: owners[0].name });
    }
  }, [owners, form]);

  const submit = async () => {
    const values = await validValues(form);
    if (!values) return;
    const landlordName = values.landlordName.trim();
    const landlord = owners.find((o) => o.name === landlordName);
    await run(async () => {
      await tenancyApi.create({
        houseId: values.houseId,
        landlordId: landlord?.id ?? null,
        landlordName,
        tenantIds: values.tenantIds,
        startDate: toIso(values.startDate),
        endDate: toIso(values.endDate),
        purpose: values.purpose,
        note: values.note?.trim() ?? '',
      });
      message.success(`已登记出租，${values.tenantIds.length} 名承租人已作为租户入住`);
      onCreated();
    });
  };

  return (
    <Modal
      open={open}
      title="出租登记"
      onCancel={onClose}
      onOk={submit}
      okText="登记"
      confirmLoading={saving}
      width={isMobile ? '100%' : 640}
      destroyOnHidden
      forceRender
    >
      <Alert
        type="info"
        showIcon
        className="anju-block-gap"
        title="登记后，承租人以「租户」身份入住该房屋，计入流动人口列管。"
      />
      <Form<CreateValues> form={form} layout="vertical" requiredMark autoComplete="off">
        <Form.Item
          label="出租房屋"
          name="houseId"
          required
          rules={[{ required: true, message: '请选择出租的房屋' }]}
        >
          <HouseSelect known={preset?.house} />
        </Form.Item>
        <Form.Item
          label="出租人"
          name="landlordName"
          required
          rules={[zodRule(shape.landlordName)]}
          extra={
            owners.length > 0
              ? `产权人：${owners.map((o) => o.name).join('、')}。出租人不是产权人时可直接填写姓名。`
              : '一般为产权人，可直接填写姓名'
          }
        >
          <AutoComplete
            options={owners.map((o) => ({ value: o.name }))}
            placeholder="出租人姓名"
            maxLength={32}
          />
        </Form.Item>
        <Form.Item
          label="承租人"
          name="tenantIds"
          required
          rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一名承租人' }]}
          extra="可选多人；查不到的人请先在「实有人口」中登记"
        >
          <PersonSelect mode="multiple" known={preset ? [preset.tenant] : undefined} />
        </Form.Item>
        <div className="anju-rg-pair">
          <Form.Item
            label="起租日期"
            name="startDate"
            required
            rules={[{ required: true, message: '请选择起租日期' }]}
          >
            <DatePicker style={{ width: '100%' }} inputReadOnly={isMobile} />
          </Form.Item>
          <Form.Item
            label="到期日期"
            name="endDate"
            required
            dependencies={['startDate']}
            rules={[
              { required: true, message: '请选择到期日期' },
              ({ getFieldValue }) => ({
                validator: async (_rule, value: Dayjs | undefined) => {
                  const start: Dayjs | undefined = getFieldValue('startDate');
                  if (value && start && value.isBefore(start, 'day'))
                    throw new Error('到期日期不能早于起租日期');
                },
              }),
            ]}
          >
            <DatePicker
              style={{ width: '100%' }}
              inputReadOnly={isMobile}
              disabledDate={(d) => {
                const start: Dayjs | undefined = form.getFieldValue('startDate');
                return !!start && d.isBefore(start, 'day');
              }}
            />
          </Form.Item>
        </div>
        <Form.Item label="租赁用途" name="purpose" required>
          <Radio.Group
            optionType="button"
            options={Object.entries(TENANCY_PURPOSES).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item label="备注" name="note" rules={[zodRule(shape.note, { optional: true })]}>
          <Input.TextArea rows={2} maxLength={500} showCount placeholder="选填，如合同编号、租金" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 退租: asks for the day and says who moves out. */
export function EndTenancyModal({
  tenancy,
  onClose,
  onEnded,
}: {
  tenancy: TenancyRow | null;
  onClose(): void;
  onEnded(): void;
}) {
  const [form] = Form.useForm<{ endedOn: Dayjs }>();
  const { message } = App.useApp();
  const { saving, run } = useSaving(form);

  useEffect(() => {
    if (tenancy) {
      form.resetFields();
      form.setFieldsValue({ endedOn: fromIso(todayIso()) });
    }
  }, [tenancy, form]);

  const submit = async () => {
    if (!tenancy) return;
    const values = await validValues(form);
    if (!values) return;
    await run(async () => {
      await tenancyApi.end(tenancy.id, toIso(values.endedOn));
      message.success(`已办理退租：${tenancy.address}`);
      onEnded();
    });
  };

  const names = tenancy?.tenants.map((t) => t.name).join('、') ?? '';
  return (
    <Modal
      open={!!tenancy}
      title="确认退租？"
      onCancel={onClose}
      onOk={submit}
      okText="确认退租"
      okButtonProps={{ danger: true }}
      confirmLoading={saving}
      destroyOnHidden
      forceRender
    >
      {tenancy && (
        <Typography.Paragraph>
          房屋 <Typography.Text strong>{tenancy.address}</Typography.Text>
          （租期 {tenancy.startDate} 至 {tenancy.endDate}）将办理退租。
        </Typography.Paragraph>
      )}
      <Alert
        type="warning"
        showIcon
        className="anju-block-gap"
        title={`承租人 ${names || '—'} 将于退租日期从该房屋迁出，居住记录保留可查。退租后不能撤销。`}
      />
      <Form form={form} layout="vertical">
        <Form.Item
          label="退租日期"
          name="endedOn"
          required
          rules={[
            { required: true, message: '请选择退租日期' },
            {
              validator: async (_rule, value: Dayjs | undefined) => {
                if (value && tenancy && toIso(value) < tenancy.startDate)
                  throw new Error(`退租日期不能早于起租日期 ${tenancy.startDate}`);
              },
            },
          ]}
          extra="实际搬离的日期，不晚于今天"
        >
          <DatePicker style={{ width: '100%' }} disabledDate={afterToday} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
