import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Radio, Rate, Select, Switch } from 'antd';
import { useState } from 'react';
import {
  ASSIGNEE_KINDS,
  type AssigneeKind,
  CLOSURE_KINDS,
  EVENT_ACTIONS,
  type EventAction,
  OUTSIDE_BODIES,
} from '../../../shared/grid.js';
import { isApiError } from '../../app/api.js';
import { useSaving, validValues } from '../../app/forms.js';
import { type EventActionInput, type EventDetail, gridApi, gridKeys } from './api.js';
import { opts } from './meta.js';

// One click (with an optional note) for the steps that change nothing but the status; a reason for
// the ones that push work back; the full dialog for 办结, 改派 and 回访.
const SIMPLE: EventAction[] = ['accept', 'start', 'note'];
const REASON: EventAction[] = ['return', 'supervise', 'reopen'];
const PRIMARY: EventAction[] = ['accept', 'start', 'close', 'review', 'archive'];
const DANGER: EventAction[] = ['return', 'supervise', 'reopen'];

export function EventActions({ event }: { event: EventDetail }) {
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<EventAction | null>(null);
  const { run } = useSaving();

  const done = async (label: string) => {
    message.success(`已${label}`);
    await queryClient.invalidateQueries({ queryKey: ['grid'] });
  };

  const click = (action: EventAction) => {
    if (action === 'archive') {
      modal.confirm({
        title: '归档这件事件？',
        content: '归档后事件不能再处理或重开，只能查看。',
        okText: '归档',
        cancelText: '取消',
        onOk: () =>
          run(async () => {
            await gridApi.act(event.id, { action: 'archive' });
            await done('归档');
          }),
      });
      return;
    }
    setOpen(action);
  };

  if (event.allowed.length === 0) return null;
  return (
    <>
      <div className="anju-grid-actions" data-testid="event-actions">
        {event.allowed.map((action) => (
          <Button
            key={action}
            size="large"
            type={PRIMARY.includes(action) ? 'primary' : 'default'}
            danger={DANGER.includes(action)}
            onClick={() => click(action)}
          >
            {EVENT_ACTIONS[action]}
          </Button>
        ))}
      </div>
      {open && (
        <ActionModal
          event={event}
          action={open}
          onClose={() => setOpen(null)}
          onDone={async () => {
            setOpen(null);
            await done(EVENT_ACTIONS[open]);
          }}
        />
      )}
    </>
  );
}

interface Values {
  note?: string;
  closureKind?: string;
  duplicateOf?: string;
  assigneeKind?: AssigneeKind;
  assigneeUserId?: string;
  assigneePlaceId?: string;
  assigneeOutside?: string;
  rating?: number;
  residentConfirmed?: boolean;
}

function ActionModal({
  event,
  action,
  onClose,
  onDone,
}: {
  event: EventDetail;
  action: EventAction;
  onClose(): void;
  onDone(): Promise<void>;
}) {
  const [form] = Form.useForm<Values>();
  const { saving, run } = useSaving(form);
  const queryClient = useQueryClient();
  const closureKind = Form.useWatch('closureKind', form);
  const assigneeKind = Form.useWatch('assigneeKind', form);

  const duplicates = useQuery({
    queryKey: gridKeys.duplicates({ placeId: event.placeId, category: event.category }),
    queryFn: () => gridApi.duplicates({ placeId: event.placeId, category: event.category }),
    enabled: action === 'close' && closureKind === 'duplicate',
  });
  const assignees = useQuery({
    queryKey: gridKeys.assignees(event.id),
    queryFn: () => gridApi.assignees(event.id),
    enabled: action === 'reassign',
  });

  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    const body: EventActionInput = { action, note: v.note?.trim() ?? '' };
    if (action === 'close') {
      body.closureKind = v.closureKind as EventActionInput['closureKind'];
      if (v.closureKind === 'duplicate') body.duplicateOf = v.duplicateOf;
    }
    if (action === 'reassign') {
      body.assigneeKind = v.assigneeKind;
      if (v.assigneeKind === 'person') body.assigneeUserId = v.assigneeUserId;
      else if (v.assigneeKind === 'outside')
        body.assigneeOutside = v.assigneeOutside as EventActionInput['assigneeOutside'];
      else body.assigneePlaceId = v.assigneePlaceId;
    }
    if (action === 'review') {
      body.rating = v.rating;
      body.residentConfirmed = v.residentConfirmed ?? false;
    }
    await run(async () => {
      try {
        await gridApi.act(event.id, body);
      } catch (error) {
        // Someone else moved the event on: show why, and the buttons that now apply.
        if (isApiError(error) && error.status === 409) {
          onClose();
          void queryClient.invalidateQueries({ queryKey: gridKeys.event(event.id) });
        }
        throw error;
      }
      await onDone();
    });
  };

  const needsNote = REASON.includes(action) || action === 'note';
  const noteLabel = REASON.includes(action)
    ? `${EVENT_ACTIONS[action]}原因`
    : action === 'close'
      ? '办结说明（将回复给居民）'
      : action === 'note'
        ? '补充说明'
        : '说明（可不填）';

  const placeOptions = (assignees.data?.places ?? [])
    .filter((p) => (assigneeKind === 'grid' ? p.kind === 'grid' : p.kind === assigneeKind))
    .map((p) => ({ value: p.id, label: p.name }));

  return (
    <Modal
      open
      title={`${EVENT_ACTIONS[action]}：${event.title}`}
      okText={EVENT_ACTIONS[action]}
      cancelText="取消"
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ residentConfirmed: true }}>
        {action === 'close' && (
          <>
            <Form.Item
              name="closureKind"
              label="办结类型"
              rules={[{ required: true, message: '请选择办结类型' }]}
            >
              <Radio.Group options={opts(CLOSURE_KINDS)} />
            </Form.Item>
            {closureKind === 'duplicate' && (
              <Form.Item
                name="duplicateOf"
                label="原事件"
                rules={[{ required: true, message: '重复件请选择原事件' }]}
              >
                <Select
                  loading={duplicates.isLoading}
                  placeholder="同地点同类别 7 天内的事件"
                  notFoundContent="没有可选的原事件"
                  options={(duplicates.data?.items ?? [])
                    .filter((d) => d.id !== event.id)
                    .map((d) => ({ value: d.id, label: `${d.no} ${d.title}` }))}
                />
              </Form.Item>
            )}
          </>
        )}
        {action === 'reassign' && (
          <>
            <Form.Item
              name="assigneeKind"
              label="改派给"
              rules={[{ required: true, message: '请选择改派对象' }]}
            >
              <Radio.Group
                options={opts(ASSIGNEE_KINDS)}
                onChange={() =>
                  form.setFieldsValue({
                    assigneeUserId: undefined,
                    assigneePlaceId: undefined,
                    assigneeOutside: undefined,
                  })
                }
              />
            </Form.Item>
            {assigneeKind === 'person' && (
              <Form.Item
                name="assigneeUserId"
                label="承办人"
                rules={[{ required: true, message: '请选择承办人' }]}
              >
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={assignees.isLoading}
                  options={(assignees.data?.users ?? []).map((u) => ({
                    value: u.id,
                    label: `${u.name}（${u.role}）`,
                  }))}
                />
              </Form.Item>
            )}
            {(assigneeKind === 'grid' || assigneeKind === 'community' || assigneeKind === 'street') && (
              <Form.Item
                name="assigneePlaceId"
                label={`承办${ASSIGNEE_KINDS[assigneeKind]}`}
                rules={[{ required: true, message: '请选择承办地点' }]}
              >
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={assignees.isLoading}
                  notFoundContent="没有可选的地点"
                  options={placeOptions}
                />
              </Form.Item>
            )}
            {assigneeKind === 'outside' && (
              <Form.Item
                name="assigneeOutside"
                label="外部单位"
                rules={[{ required: true, message: '请选择外部单位' }]}
              >
                <Select options={opts(OUTSIDE_BODIES)} />
              </Form.Item>
            )}
          </>
        )}
        {action === 'review' && (
          <>
            <Form.Item name="rating" label="居民评价" rules={[{ required: true, message: '请选择评价星级' }]}>
              <Rate count={5} tooltips={['很不满意', '不满意', '基本满意', '满意', '非常满意']} />
            </Form.Item>
            <Form.Item name="residentConfirmed" label="居民确认问题已解决" valuePropName="checked">
              <Switch checkedChildren="已解决" unCheckedChildren="未解决" />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="note"
          label={noteLabel}
          rules={
            needsNote
              ? [
                  {
                    required: true,
                    whitespace: true,
                    message: action === 'note' ? '请填写说明' : '请填写原因',
                  },
                ]
              : []
          }
        >
          <Input.TextArea
            rows={3}
            maxLength={1000}
            showCount
            autoFocus={SIMPLE.includes(action) || needsNote}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
