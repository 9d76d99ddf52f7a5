import { Alert, Form, Modal, Typography } from 'antd';
import { useCallback, useEffect } from 'react';
import { ALLOWED_CHILDREN, PLACE_KIND_LABELS, PLACE_KINDS, type PlaceKind } from '../../../shared/places.js';
import { type PlaceLite, PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { useSaving, validValues } from '../../app/forms.js';
import { orgApi, type Place } from './api.js';

function parentKindsOf(kind: PlaceKind): PlaceKind[] {
  return PLACE_KINDS.filter((k) => ALLOWED_CHILDREN[k].includes(kind));
}

export function MovePlaceModal({
  place,
  onClose,
  onMoved,
}: {
  place: Place | null;
  onClose(): void;
  onMoved(moved: { id: string; from: string | null; to: string }): void;
}) {
  const [form] = Form.useForm<{ parentId?: string }>();
  const { saving, run } = useSaving(form);

  useEffect(() => {
    if (place) form.resetFields();
  }, [place, form]);

  // A place cannot go under itself, under one of its own descendants, under its current parent
  // (nothing would change) or under a kind that may not hold it.
  const isDisabled = useCallback(
    (candidate: PlaceLite, ancestorIds: string[]) =>
      !place ||
      candidate.id === place.id ||
      ancestorIds.includes(place.id) ||
      candidate.id === place.parentId ||
      !ALLOWED_CHILDREN[candidate.kind].includes(place.kind),
    [place],
  );

  const submit = async () => {
    if (!place) return;
    const values = await validValues(form);
    if (!values?.parentId) return;
    const { parentId } = values;
    await run(async () => {
      await orgApi.movePlace(place.id, parentId);
      onMoved({ id: place.id, from: place.parentId, to: parentId });
    });
  };

  const allowedParents = place ? parentKindsOf(place.kind).map((k) => PLACE_KIND_LABELS[k]) : [];

  return (
    <Modal
      open={!!place}
      title={place ? `移动${PLACE_KIND_LABELS[place.kind]}「${place.name}」` : '移动'}
      onCancel={onClose}
      onOk={submit}
      okText="移动"
      confirmLoading={saving}
      destroyOnHidden
      forceRender
    >
      {place && (
        <>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={`${PLACE_KIND_LABELS[place.kind]}只能放在${allowedParents.join('或') || '（无）'}之下。该区域的全部下级${place.childCount > 0 ? `（直属 ${place.childCount} 个）` : ''}及其记录随之移动，相关人员的管辖范围会随之变化。`}
          />
          <Form form={form} layout="vertical">
            <Form.Item
              label="新的上级区域"
              name="parentId"
              rules={[{ required: true, message: '请选择新的上级区域' }]}
            >
              <PlaceTreeSelect placeholder="展开并选择新的上级" isDisabled={isDisabled} allowClear={false} />
            </Form.Item>
          </Form>
          <Typography.Text type="secondary">灰色的区域不能作为新的上级。</Typography.Text>
        </>
      )}
    </Modal>
  );
}
