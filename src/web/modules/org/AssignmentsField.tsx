import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Select, Typography } from 'antd';
import { useMe } from '../../app/auth.js';
import { GLOBAL_PLACE, type PlaceLite, PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import type { AssignmentInput, Role, User } from './api.js';

/** One row of the editor; `placeId` is GLOBAL_PLACE for a role that holds everywhere. */
export interface AssignmentRow {
  roleId?: string;
  placeId?: string;
}

export function rowsFromUser(user: User): AssignmentRow[] {
  return user.assignments.map((a) => ({ roleId: a.roleId, placeId: a.placeId ?? GLOBAL_PLACE }));
}

export function knownPlacesOf(user: User | null): PlaceLite[] {
  if (!user) return [];
  return user.assignments.flatMap((a) =>
    a.placeId && a.placeName && a.placeKind ? [{ id: a.placeId, name: a.placeName, kind: a.placeKind }] : [],
  );
}

export function toAssignments(rows: AssignmentRow[] | undefined): AssignmentInput[] {
  return (rows ?? [])
    .filter((r): r is Required<AssignmentRow> => !!r.roleId && !!r.placeId)
    .map((r) => ({ roleId: r.roleId, placeId: r.placeId === GLOBAL_PLACE ? null : r.placeId }));
}

/**
 * The role × place rows of a user, as a Form.List named `assignments`. A person may hold several
 * roles (网格员 in one grid and 楼栋长 in a building); each row grants one role over one place and
 * everything under it.
 */
export function AssignmentsField({
  roles,
  rolesLoading,
  knownPlaces,
  defaultPlace,
}: {
  roles: Role[];
  rolesLoading?: boolean;
  knownPlaces?: PlaceLite[];
  defaultPlace?: PlaceLite | null;
}) {
  const me = useMe();
  const roleOptions = roles.map((r) => ({ value: r.id, label: r.name, title: r.description }));
  return (
    <Form.List
      name="assignments"
      rules={[
        {
          validator: async (_rule, rows: AssignmentRow[] | undefined) => {
            const seen = new Set<string>();
            for (const row of rows ?? []) {
              const key = `${row.roleId}|${row.placeId}`;
              if (row.roleId && row.placeId && seen.has(key)) throw new Error('有重复的授权行，请删除重复项');
              seen.add(key);
            }
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <div className="anju-assignments">
          {fields.length === 0 && (
            <Typography.Paragraph type="secondary" className="anju-assignments-empty">
              尚未授权。没有角色的账号登录后看不到任何业务数据，请点击「添加授权」为其指定角色和负责区域。
            </Typography.Paragraph>
          )}
          {fields.map((field) => (
            <div className="anju-assignment-row" key={field.key}>
              <Form.Item
                name={[field.name, 'roleId']}
                rules={[{ required: true, message: '请选择角色' }]}
                className="anju-assignment-role"
              >
                <Select
                  options={roleOptions}
                  loading={rolesLoading}
                  placeholder="角色"
                  showSearch={{ optionFilterProp: 'label' }}
                  aria-label="角色"
                />
              </Form.Item>
              <Form.Item
                name={[field.name, 'placeId']}
                rules={[{ required: true, message: '请选择负责区域' }]}
                className="anju-assignment-place"
              >
                <PlaceTreeSelect
                  placeholder="负责区域"
                  globalOption={me.global}
                  knownPlaces={defaultPlace ? [...(knownPlaces ?? []), defaultPlace] : knownPlaces}
                  allowClear={false}
                  popupMatchSelectWidth={320}
                />
              </Form.Item>
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label="删除此授权"
                onClick={() => remove(field.name)}
                className="anju-assignment-remove"
              />
            </div>
          ))}
          <Form.ErrorList errors={errors} />
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add({ placeId: defaultPlace?.id })}
            block
          >
            添加授权
          </Button>
        </div>
      )}
    </Form.List>
  );
}
