import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Segmented, Space, Tooltip, Typography } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { HOUSE_USES, type HouseUse } from '../../../../shared/registry.js';
import { errorMessage } from '../../../app/api.js';
import { useAuth } from '../../../app/auth.js';
import { PageLoading } from '../../../app/components/PageLoading.js';
import { type BuildingGrid as GridData, type GridHouse, registryApi, registryKeys } from '../shared/api.js';
import { formatArea } from '../shared/format.js';
import { HOUSE_USE_COLORS } from '../shared/labels.js';

export type GridMode = 'use' | 'occupancy' | 'marks';
export const GRID_MODES: { value: GridMode; label: string }[] = [
  { value: 'use', label: '按用途' },
  { value: 'occupancy', label: '按入住' },
  { value: 'marks', label: '按标记' },
];

interface Swatch {
  key: string;
  label: string;
  fill: string;
  border: string;
  text: string;
}

const OCCUPANCY: Record<'lived' | 'empty', Swatch> = {
  lived: { key: 'lived', label: '有人住', fill: '#e7f6ea', border: '#52a866', text: '#1f6b32' },
  empty: { key: 'empty', label: '无人住', fill: '#f3f4f6', border: '#c4c8cf', text: '#5f6670' },
};
const MARKS: Record<'care' | 'rented' | 'tagged' | 'none', Swatch> = {
  care: { key: 'care', label: '有关爱对象', fill: '#fdeef6', border: '#d0508f', text: '#8c1c5a' },
  rented: { key: 'rented', label: '出租', fill: '#fff4e6', border: '#f0a048', text: '#ad5a00' },
  tagged: { key: 'tagged', label: '有标签', fill: '#e8f1fd', border: '#5b8fdc', text: '#1f4f99' },
  none: { key: 'none', label: '无标记', fill: '#ffffff', border: '#d9dde3', text: '#5f6670' },
};
/** The letters 按标记 puts in a cell's corner; the legend shows the same ones. */
const MARK_LETTER: Record<string, string> = { rented: '租', care: '关', tagged: '标' };
const swatchForUse = (use: HouseUse): Swatch => ({
  key: use,
  label: HOUSE_USES[use],
  ...HOUSE_USE_COLORS[use],
});

/** What a cell counts as in each mode; in 按标记 a house can match several keys. */
function keysOf(h: GridHouse, mode: GridMode): string[] {
  if (mode === 'use') return [h.use];
  if (mode === 'occupancy') return [h.residentCount > 0 ? 'lived' : 'empty'];
  const keys: string[] = [];
  if (h.care) keys.push('care');
  if (h.rented) keys.push('rented');
  if (h.tags.length) keys.push('tagged');
  return keys.length ? keys : ['none'];
}

function swatchOf(h: GridHouse, mode: GridMode): Swatch {
  if (mode === 'use') return swatchForUse(h.use);
  if (mode === 'occupancy') return h.residentCount > 0 ? OCCUPANCY.lived : OCCUPANCY.empty;
  return MARKS[keysOf(h, mode)[0] as keyof typeof MARKS];
}

/** The column a house sits in: its number without the floor (1501 on 15层 → 01), so floors line up. */
function columnOf(h: Pick<GridHouse, 'floor' | 'number'>): string {
  const prefix = String(h.floor);
  if (h.floor > 0 && h.number.startsWith(prefix) && h.number.length > prefix.length) {
    return h.number.slice(prefix.length);
  }
  return h.number;
}

const natural = (a: string, b: string) => a.localeCompare(b, 'zh-CN', { numeric: true });

function layout(grid: GridData) {
  const columns = new Map<string, string[]>();
  const cells = new Map<string, GridHouse>();
  for (const u of grid.units) columns.set(u.id, []);
  for (const h of grid.houses) {
    const col = columnOf(h);
    const list = columns.get(h.unitId) ?? [];
    if (!list.includes(col)) list.push(col);
    columns.set(h.unitId, list);
    cells.set(`${h.unitId}|${h.floor}|${col}`, h);
  }
  for (const list of columns.values()) list.sort(natural);
  const floors = [...new Set([...grid.floors, ...grid.houses.map((h) => h.floor)])].sort((a, b) => b - a);
  // Units without any house still show, as one empty column, so the building's shape is honest.
  const units = grid.units.map((u) => ({
    ...u,
    columns: columns.get(u.id)?.length ? columns.get(u.id)! : [''],
  }));
  return { units, floors, cells };
}

function floorLabel(floor: number): string {
  return floor < 0 ? `地下${-floor}层` : `${floor}层`;
}

export function BuildingGridView({
  buildingId,
  mode,
  onModeChange,
  onOpenHouse,
  emptyActions,
}: {
  buildingId: string;
  mode: GridMode;
  onModeChange(mode: GridMode): void;
  onOpenHouse(houseId: string): void;
  emptyActions?: ReactNode;
}) {
  const { can } = useAuth();
  const grid = useQuery({
    queryKey: registryKeys.grid(buildingId),
    queryFn: () => registryApi.buildingGrid(buildingId),
  });
  const [highlight, setHighlight] = useState<string | null>(null);
  const data = grid.data;
  const shape = useMemo(() => (data ? layout(data) : null), [data]);

  const legend = useMemo((): (Swatch & { count: number })[] => {
    if (!data) return [];
    const count = (key: string) => data.houses.filter((h) => keysOf(h, mode).includes(key)).length;
    if (mode === 'use') {
      return (Object.keys(HOUSE_USES) as HouseUse[]).map((u) => ({
        ...swatchForUse(u),
        count: data.counts.byUse[u] ?? count(u),
      }));
    }
    const swatches = mode === 'occupancy' ? Object.values(OCCUPANCY) : Object.values(MARKS);
    return swatches.map((s) => ({ ...s, count: count(s.key) }));
  }, [data, mode]);

  if (grid.isError) {
    return (
      <Card className="anju-card">
        <Alert
          type="error"
          showIcon
          title={errorMessage(grid.error)}
          action={
            <Button size="small" onClick={() => grid.refetch()}>
              重试
            </Button>
          }
        />
      </Card>
    );
  }
  if (!data || !shape) {
    return (
      <Card className="anju-card">
        <PageLoading />
      </Card>
    );
  }

  const title = data.building.address || data.building.name;
  return (
    <Card
      className="anju-card anju-reg-grid-card"
      title={
        <div className="anju-reg-grid-title">
          <span>{title}</span>
          <Typography.Text type="secondary" className="anju-reg-grid-sub">
            {shape.floors.length} 层 · {data.units.length} 个单元
          </Typography.Text>
        </div>
      }
      extra={
        <Tooltip title="刷新">
          <Button type="text" icon={<ReloadOutlined />} aria-label="刷新" onClick={() => grid.refetch()} />
        </Tooltip>
      }
    >
      <div className="anju-reg-grid-toolbar">
        <Segmented<GridMode>
          options={GRID_MODES}
          value={mode}
          onChange={(m) => {
            setHighlight(null);
            onModeChange(m);
          }}
        />
        <Space size={16} className="anju-reg-grid-totals">
          <span>
            户数 <b>{data.counts.houses}</b> 户
          </span>
          <span>
            住户人数 <b>{data.counts.residents}</b> 人
          </span>
        </Space>
      </div>
      <div className="anju-reg-legend">
        {legend.map((s) => (
          <button
            type="button"
            aria-pressed={highlight === s.key}
            key={s.key}
            className={`anju-reg-legend-item${highlight === s.key ? ' is-active' : ''}`}
            onClick={() => setHighlight((h) => (h === s.key ? null : s.key))}
            title={highlight === s.key ? '取消突出显示' : `突出显示「${s.label}」`}
          >
            <span
              className="anju-reg-swatch"
              style={{ background: s.fill, borderColor: s.border, color: s.text }}
            >
              {mode === 'marks' ? MARK_LETTER[s.key] : null}
            </span>
            {s.label} <b>{s.count}</b> 户
          </button>
        ))}
        {mode === 'marks' && <Typography.Text type="secondary">同一户可有多个标记</Typography.Text>}
      </div>

      {data.houses.length === 0 ? (
        <Empty
          description={
            can('registry.manage') ? (
              <span>
                该楼栋暂无房屋，可 <Link to="/registry/import">导入Excel</Link> 或 新增房屋
              </span>
            ) : (
              '该楼栋暂无房屋'
            )
          }
        >
          {emptyActions}
        </Empty>
      ) : (
        <div className="anju-reg-grid-scroll" data-testid="building-grid">
          <table className="anju-reg-grid">
            <thead>
              <tr>
                <th className="anju-reg-grid-floor anju-reg-grid-corner">楼层</th>
                {shape.units.map((u) => (
                  <th key={u.id} colSpan={u.columns.length} className="anju-reg-grid-unit">
                    {u.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shape.floors.map((floor) => (
                <tr key={floor}>
                  <th className="anju-reg-grid-floor" scope="row">
                    {floorLabel(floor)}
                  </th>
                  {shape.units.map((u) =>
                    u.columns.map((col, i) => {
                      const h = shape.cells.get(`${u.id}|${floor}|${col}`);
                      const edge = i === 0 ? ' is-unit-start' : '';
                      if (!h) return <td key={`${u.id}-${col}`} className={`anju-reg-grid-gap${edge}`} />;
                      const s = swatchOf(h, mode);
                      const dim = highlight !== null && !keysOf(h, mode).includes(highlight);
                      return (
                        <td key={h.id} className={edge.trim() || undefined}>
                          <button
                            type="button"
                            data-testid={`house-cell-${h.number}`}
                            className={`anju-reg-cell${dim ? ' is-dim' : ''}`}
                            style={{ background: s.fill, borderColor: s.border, color: s.text }}
                            title={[
                              `${u.name}${h.number}`,
                              HOUSE_USES[h.use],
                              h.area ? formatArea(h.area) : null,
                              h.residentCount ? `现住 ${h.residentCount} 人` : '无人居住',
                              h.rented ? '出租' : null,
                              h.care ? '有关爱对象' : null,
                              ...h.tags,
                            ]
                              .filter(Boolean)
                              .join(' · ')}
                            onClick={() => onOpenHouse(h.id)}
                          >
                            <span className="anju-reg-cell-no">{h.number}</span>
                            <span className="anju-reg-cell-sub">
                              {h.residentCount > 0 ? `${h.residentCount}人` : '空'}
                              {mode === 'marks' && (h.rented || h.care || h.tags.length > 0) && (
                                <span className="anju-reg-cell-marks">
                                  {h.rented && <i className="is-rented">{MARK_LETTER.rented}</i>}
                                  {h.care && <i className="is-care">{MARK_LETTER.care}</i>}
                                  {h.tags.length > 0 && <i className="is-tagged">{MARK_LETTER.tagged}</i>}
                                </span>
                              )}
                            </span>
                          </button>
                        </td>
                      );
                    }),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
