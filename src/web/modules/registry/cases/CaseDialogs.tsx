import {
  Alert,
  App,
  AutoComplete,
  Button,
  DatePicker,
  Form,
  Grid,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { endCaseBody, specialCaseBody, visitBody } from '../../../../shared/api/registry.js';
import {
  ATTENTION_LEVELS,
  type AttentionLevel,
  CARE_LEVEL_VISIT_DAYS,
  type CareGroup,
  type SpecialGroup,
} from '../../../../shared/registry.js';
import { useSaving, validValues, zodRule } from '../../../app/forms.js';
import { afterToday, fromIso, todayIso, toIso } from '../tenancies/dates.js';
import { type PersonLite, PersonSelect } from '../tenancies/pickers.js';
import { type CaseKind, type CaseRow, caseApi } from './api.js';
import {
  DETAIL_FIELDS,
  detailsFromForm,
  detailsToForm,
  GroupTag,
  groupLabel,
  KIND,
  RISK_LEVELS,
} from './meta.js';

// ── 登记走访 ────────────────────────────────────────────────────────────────────────────────────

const QUICK_FINDINGS: Record<CaseKind, string[]> = {
  special: ['本人在家，情绪稳定', '按时报到，遵守规定', '电话联系，表现正常', '家属反映近期无异常'],
  care: ['身体状况良好，生活能自理', '家中整洁，无安全隐患', '行动不便，需定期上门', '情绪低落，需多关心'],
};
const QUICK_HELP: Record<CaseKind, string[]> = {
  special: ['心理疏导', '法治教育', '协助就业', '联系社工帮扶'],
  care: ['中秋节送米面油', '协助申请低保', '代购药品', '联系志愿者陪护', '检查燃气安全'],
};

interface VisitValues {
  visitedOn: Dayjs;
  findings: string;
  help?: string;
}

function QuickPhrases({ phrases, onPick }: { phrases: string[]; onPick(text: string): void }) {
  return (
    <Space size={[4, 6]} wrap className="anju-rg-quick">
      <Typography.Text type="secondary">常用：</Typography.Text>
      {phrases.map((p) => (
        <Tag.CheckableTag key={p} checked={false} onChange={() => onPick(p)}>
          {p}
        </Tag.CheckableTag>
      ))}
    </Space>
  );
}

/** The visit form the drawer shows inline and the list opens on its own (big targets on a phone). */
export function VisitForm({
  kind,
  row,
  onSaved,
  onCancel,
}: {
  kind: CaseKind;
  row: Pick<CaseRow, 'id' | 'startedOn' | 'person'>;
  onSaved(): void;
  onCancel?: () => void;
}) {
  const [form] = Form.useForm<VisitValues>();
  const { message } = App.useApp();
  const { saving, run } = useSaving(form);
  const isMobile = Grid.useBreakpoint().md === false;

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue({ visitedOn: fromIso(todayIso()) });
  }, [form]);

  const append = (name: 'findings' | 'help', text: string) => {
    const current: string = form.getFieldValue(name) ?? '';
    const next = current.trim() ? `${current.trim()}；${text}` : text;
    form.setFields([{ name, value: next, errors: [] }]);
  };

  const submit = async () => {
    const values = await validValues(form);
    if (!values) return;
    await run(async () => {
      await caseApi.visit(kind, row.id, {
        visitedOn: toIso(values.visitedOn),
        findings: values.findings.trim(),
        help: values.help?.trim() ?? '',
      });
      message.success(`已登记对「${row.person.name}」的走访`);
      form.resetFields();
      form.setFieldsValue({ visitedOn: fromIso(todayIso()) });
      onSaved();
    });
  };

  return (
    <Form<VisitValues> form={form} layout="vertical" requiredMark data-testid="visit-form" autoComplete="off">
      <Form.Item
        label="走访日期"
        name="visitedOn"
        required
        rules={[
          { required: true, message: '请选择走访日期' },
          {
            validator: async (_r, value: Dayjs | undefined) => {
              if (!value) return;
              if (toIso(value) > todayIso()) throw new Error('走访日期不能晚于今天');
              if (toIso(value) < row.startedOn)
                throw new Error(`走访日期不能早于列管开始日期 ${row.startedOn}`);
            },
          },
        ]}
      >
        <DatePicker
          style={{ width: '100%' }}
          inputReadOnly={isMobile}
          size={isMobile ? 'large' : undefined}
          disabledDate={(d) => afterToday(d) || toIso(d) < row.startedOn}
        />
      </Form.Item>
      <Form.Item label="走访情况" required>
        <QuickPhrases phrases={QUICK_FINDINGS[kind]} onPick={(t) => append('findings', t)} />
        <Form.Item name="findings" noStyle rules={[zodRule(visitBody.shape.findings)]}>
          <Input.TextArea
            rows={3}
            maxLength={1000}
            showCount
            placeholder="见到本人了吗？身体、情绪、生活情况如何？"
          />
        </Form.Item>
      </Form.Item>
      <Form.Item label="帮扶内容">
        <QuickPhrases phrases={QUICK_HELP[kind]} onPick={(t) => append('help', t)} />
        <Form.Item name="help" noStyle rules={[zodRule(visitBody.shape.help, { optional: true })]}>
          <Input.TextArea
            rows={2}
            maxLength={500}
            showCount
            placeholder="选填，如 中秋节送米面油、协助申请低保"
          />
        </Form.Item>
      </Form.Item>
      <div className="anju-rg-form-actions">
        {onCancel && (
          <Button size={isMobile ? 'large' : undefined} onClick={onCancel}>
            取消
          </Button>
        )}
        <Button
          type="primary"
          size={isMobile ? 'large' : undefined}
          block={isMobile}
          loading={saving}
          onClick={submit}
        >
          保存走访记录
        </Button>
      </div>
    </Form>
  );
}

export function VisitModal({
  kind,
  row,
  onClose,
  onSaved,
}: {
  kind: CaseKind;
  row: CaseRow | null;
  onClose(): void;
  onSaved(): void;
}) {
  const isMobile = Grid.useBreakpoint().md === false;
  return (
    <Modal
      open={!!row}
      title={row ? `走访登记：${row.person.name}` : '走访登记'}
      onCancel={onClose}
      footer={null}
      width={isMobile ? '100%' : 560}
      destroyOnHidden
    >
      {row && (
        <>
          <Typography.Paragraph type="secondary">
            {groupLabel(kind, row.group)} · {row.address ?? '住址未登记'} · 每 {row.visitEveryDays} 天走访一次
            {row.lastVisitOn ? `，上次 ${row.lastVisitOn}` : '，尚未走访'}
          </Typography.Paragraph>
          <VisitForm kind={kind} row={row} onSaved={onSaved} onCancel={onClose} />
        </>
      )}
    </Modal>
  );
}

// ── 新增 / 编辑 ─────────────────────────────────────────────────────────────────────────────────

/** A first suggestion for the visit interval by attention level; the officer may change it. */
const SUGGESTED_DAYS: Record<AttentionLevel, number> = { high: 7, medium: 15, low: 30 };

interface CaseValues {
  personId?: string;
  group?: string;
  attention?: AttentionLevel;
  level?: 1 | 2 | 3;
  visitEveryDays?: number;
  details?: Record<string, unknown>;
  responsibleName: string;
  plan?: string;
  startedOn?: Dayjs;
}

function DetailsFields({ group }: { group: string | undefined }) {
  const fields = group ? (DETAIL_FIELDS[group] ?? []) : [];
  if (fields.length === 0) return null;
  return (
    <fieldset className="anju-rg-fieldset">
      <legend>{group ? `${groupLabel('special', group)}专项信息` : '专项信息'}</legend>
      <div className="anju-rg-pair">
        {fields.map((f) => (
          <Form.Item
            key={f.key}
            label={f.label}
            name={['details', f.key]}
            required={f.required}
            rules={[
              ...(f.required ? [{ required: true, message: `请选择${f.label}` }] : []),
              ...(f.max ? [{ max: f.max, message: `${f.label}不能超过 ${f.max} 个字` }] : []),
            ]}
          >
            {f.type === 'date' ? (
              <DatePicker style={{ width: '100%' }} />
            ) : f.type === 'select' ? (
              <Select
                placeholder={`请选择${f.label}`}
                options={Object.entries(f.options ?? {}).map(([value, label]) => ({ value, label }))}
              />
            ) : f.type === 'risk' ? (
              <Select placeholder="0–5 级" options={RISK_LEVELS} />
            ) : (
              <Input maxLength={f.max} placeholder={f.placeholder ?? '选填'} />
            )}
          </Form.Item>
        ))}
      </div>
    </fieldset>
  );
}

export function CaseFormModal({
  kind,
  open,
  editing,
  preset,
  onClose,
  onSaved,
}: {
  kind: CaseKind;
  open: boolean;
  /** The case being edited; null for a new one. */
  editing: CaseRow | null;
  /** A person to start a new case for. */
  preset?: PersonLite | null;
  onClose(): void;
  onSaved(id: string): void;
}) {
  const [form] = Form.useForm<CaseValues>();
  const { message } = App.useApp();
  const { saving, run } = useSaving(form);
  const isMobile = Grid.useBreakpoint().md === false;
  const meta = KIND[kind];
  const group = Form.useWatch('group', form) ?? editing?.group;
  const attention = Form.useWatch('attention', form);
  const level = Form.useWatch('level', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        attention: (editing.attention ?? undefined) as AttentionLevel | undefined,
        level: (editing.level ?? undefined) as 1 | 2 | 3 | undefined,
        visitEveryDays: editing.visitEveryDays,
        details: detailsToForm(editing.group, editing.details),
        responsibleName: editing.responsibleName,
        plan: editing.plan,
      });
    } else {
      form.setFieldsValue({
        personId: preset?.id,
        attention: 'medium',
        visitEveryDays: SUGGESTED_DAYS.medium,
        level: 1,
        startedOn: fromIso(todayIso()),
      });
    }
  }, [open, editing, preset, form]);

  const submit = async () => {
    const values = await validValues(form);
    if (!values) return;
    const common = { responsibleName: values.responsibleName.trim(), plan: values.plan?.trim() ?? '' };
    await run(async () => {
      if (editing) {
        await caseApi.update(
          kind,
          editing.id,
          kind === 'special'
            ? {
                ...common,
                attention: values.attention,
                visitEveryDays: values.visitEveryDays,
                details: detailsFromForm(editing.group, values.details),
              }
            : { ...common, level: values.level },
        );
        message.success('已保存');
        onSaved(editing.id);
        return;
      }
      const startedOn = toIso(values.startedOn!);
      const created =
        kind === 'special'
          ? await caseApi.create(kind, {
              ...common,
              personId: values.personId!,
              group: values.group as SpecialGroup,
              attention: values.attention,
              visitEveryDays: values.visitEveryDays!,
              details: detailsFromForm(values.group!, values.details),
              startedOn,
            })
          : await caseApi.create(kind, {
              ...common,
              personId: values.personId!,
              group: values.group as CareGroup,
              level: values.level!,
              startedOn,
            });
      message.success(`已列入${meta.title}名单`);
      onSaved(created.id);
    });
  };

  return (
    <Modal
      open={open}
      title={
        editing ? `编辑：${editing.person.name}（${groupLabel(kind, editing.group)}）` : `新增${meta.noun}`
      }
      onCancel={onClose}
      onOk={submit}
      okText="保存"
      confirmLoading={saving}
      width={isMobile ? '100%' : 680}
      destroyOnHidden
      forceRender
      // Opened from the detail drawer too: stay above it (its portal mounts later).
      zIndex={1100}
    >
      <Form<CaseValues> form={form} layout="vertical" requiredMark autoComplete="off">
        {!editing && (
          <>
            <Form.Item
              label="人员"
              name="personId"
              required
              rules={[{ required: true, message: '请选择人员' }]}
              extra="查不到的人请先在「实有人口」中登记"
            >
              <PersonSelect known={preset ? [preset] : undefined} />
            </Form.Item>
            <Form.Item
              label="类别"
              name="group"
              required
              rules={[{ required: true, message: `请选择${kind === 'special' ? '特殊人群' : '关爱'}类别` }]}
            >
              <Select
                placeholder="请选择类别"
                options={Object.entries(meta.groups).map(([value, label]) => ({ value, label }))}
                onChange={() => form.setFieldsValue({ details: {} })}
              />
            </Form.Item>
          </>
        )}
        {editing && (
          <Typography.Paragraph>
            类别：
            <GroupTag kind={kind} group={editing.group} />
            <Typography.Text type="secondary">
              （类别不能修改；如类别有变，请结束本条后重新新增）
            </Typography.Text>
          </Typography.Paragraph>
        )}

        {kind === 'special' ? (
          <div className="anju-rg-pair">
            <Form.Item label="关注程度" name="attention" required>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={(Object.keys(ATTENTION_LEVELS) as AttentionLevel[]).map((value) => ({
                  value,
                  label: `${ATTENTION_LEVELS[value]}关注`,
                }))}
                onChange={(e) => {
                  if (!editing)
                    form.setFieldsValue({ visitEveryDays: SUGGESTED_DAYS[e.target.value as AttentionLevel] });
                }}
              />
            </Form.Item>
            <Form.Item
              label="走访周期"
              name="visitEveryDays"
              required
              rules={[zodRule(specialCaseBody.shape.visitEveryDays)]}
              extra={
                attention && !editing
                  ? `${ATTENTION_LEVELS[attention]}关注建议每 ${SUGGESTED_DAYS[attention]} 天，可按要求调整`
                  : undefined
              }
            >
              <InputNumber
                min={1}
                max={365}
                precision={0}
                prefix="每"
                suffix="天"
                style={{ width: '100%' }}
              />
            </Form.Item>
          </div>
        ) : (
          <Form.Item
            label="服务星级"
            name="level"
            required
            extra={level ? `每 ${CARE_LEVEL_VISIT_DAYS[level]} 天走访一次` : undefined}
          >
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={([1, 2, 3] as const).map((n) => ({
                value: n,
                label: `${'★'.repeat(n)} 每 ${CARE_LEVEL_VISIT_DAYS[n]} 天`,
              }))}
            />
          </Form.Item>
        )}

        {kind === 'special' && <DetailsFields group={group} />}

        <div className="anju-rg-pair">
          <Form.Item
            label={meta.responsible}
            name="responsibleName"
            required
            rules={[zodRule(specialCaseBody.shape.responsibleName)]}
          >
            <Input
              maxLength={32}
              placeholder={kind === 'special' ? '负责帮教的网格员或民警' : '负责联系的网格员或志愿者'}
            />
          </Form.Item>
          {!editing && (
            <Form.Item
              label="列管开始日期"
              name="startedOn"
              required
              rules={[{ required: true, message: '请选择开始日期' }]}
            >
              <DatePicker style={{ width: '100%' }} inputReadOnly={isMobile} />
            </Form.Item>
          )}
        </div>
        <Form.Item
          label={meta.plan}
          name="plan"
          rules={[{ max: 1000, message: `${meta.plan}不能超过 1000 个字` }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={1000}
            showCount
            placeholder={
              kind === 'special'
                ? '如：每周电话联系一次，每月入户一次；督促按时报到'
                : '如：每月上门探视，节日送慰问品，协助办理补贴'
            }
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ── 结束列管 ────────────────────────────────────────────────────────────────────────────────────

export function EndCaseModal({
  kind,
  row,
  onClose,
  onEnded,
}: {
  kind: CaseKind;
  row: CaseRow | null;
  onClose(): void;
  onEnded(): void;
}) {
  const [form] = Form.useForm<{ endedOn: Dayjs; reason: string }>();
  const { message } = App.useApp();
  const { saving, run } = useSaving(form);
  const meta = KIND[kind];

  useEffect(() => {
    if (row) {
      form.resetFields();
      form.setFieldsValue({ endedOn: fromIso(todayIso()) });
    }
  }, [row, form]);

  const submit = async () => {
    if (!row) return;
    const values = await validValues(form);
    if (!values) return;
    await run(async () => {
      await caseApi.end(kind, row.id, toIso(values.endedOn), values.reason.trim());
      message.success(`「${row.person.name}」已结束列管`);
      onEnded();
    });
  };

  return (
    <Modal
      open={!!row}
      title={row ? `结束列管：${row.person.name}` : '结束列管'}
      onCancel={onClose}
      onOk={submit}
      okText="确认结束"
      okButtonProps={{ danger: true }}
      confirmLoading={saving}
      destroyOnHidden
      forceRender
      // Opened from the detail drawer too: stay above it (its portal mounts later).
      zIndex={1100}
    >
      <Alert
        type="warning"
        showIcon
        className="anju-block-gap"
        title={`结束后「${row?.person.name ?? ''}」不再列入${meta.title}名单，也不再提示走访；已有走访记录保留可查。结束后不能撤销。`}
      />
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item
          label="结束日期"
          name="endedOn"
          required
          rules={[
            { required: true, message: '请选择结束日期' },
            {
              validator: async (_r, value: Dayjs | undefined) => {
                if (value && row && toIso(value) < row.startedOn)
                  throw new Error(`结束日期不能早于开始日期 ${row.startedOn}`);
              },
            },
          ]}
        >
          <DatePicker style={{ width: '100%' }} disabledDate={afterToday} />
        </Form.Item>
        <Form.Item label="结束原因" name="reason" required rules={[zodRule(endCaseBody.shape.reason)]}>
          <AutoComplete
            options={meta.endReasons.map((value) => ({ value }))}
            placeholder={`如 ${meta.endReasons.slice(0, 3).join('、')}`}
            maxLength={64}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
