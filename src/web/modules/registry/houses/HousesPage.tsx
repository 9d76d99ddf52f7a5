import { ApartmentOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Drawer, Empty, Grid, Row, Space, Tabs } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useAuth } from '../../../app/auth.js';
import { PageHeader } from '../../../app/components/PageHeader.js';
import { useApiErrorHandler } from '../../../app/forms.js';
import { useCurrentPlace } from '../../../app/place.js';
import { registryApi, registryKeys } from '../shared/api.js';
import '../shared/registry.css';
import { BuildingGridView, GRID_MODES, type GridMode } from './BuildingGrid.js';
import { BuildingTree } from './BuildingTree.js';
import { HouseCard } from './HouseCard.js';
import { HouseFormModal, type HouseFormMode } from './HouseDialogs.js';
import { type HouseFilters, HouseList, readHouseFilters } from './HouseList.js';

type Tab = 'grid' | 'list';

/** 楼盘表: pick a building, see it floor by floor, open any house; and the plain house list. */
export function HousesPage() {
  const { can } = useAuth();
  const canManage = can('registry.manage');
  const { place } = useCurrentPlace();
  const queryClient = useQueryClient();
  const onError = useApiErrorHandler();
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;
  const [search, setSearch] = useSearchParams();

  const tab: Tab = search.get('tab') === 'list' ? 'list' : 'grid';
  const buildingId = search.get('building');
  const modeParam = search.get('mode') as GridMode | null;
  const mode: GridMode = GRID_MODES.some((m) => m.value === modeParam) ? modeParam! : 'use';
  const houseId = search.get('house');
  const filters = readHouseFilters(search);

  /** Changes some URL parameters, keeping the rest; undefined removes one. */
  const patch = (next: Record<string, string | undefined>, options: { replace?: boolean } = {}) => {
    const out = new URLSearchParams(search);
    for (const [key, value] of Object.entries(next)) {
      if (value === undefined || value === '') out.delete(key);
      else out.set(key, value);
    }
    setSearch(out, { replace: options.replace });
  };

  const setFilters = (next: Partial<HouseFilters>) => {
    const merged = { ...filters, ...next };
    patch({
      q: merged.q,
      use: merged.use,
      tag: merged.tag,
      page: merged.page > 1 ? String(merged.page) : undefined,
      pageSize: merged.pageSize !== 20 ? String(merged.pageSize) : undefined,
    });
  };

  // Another place in the top bar is another set of buildings and houses: start again.
  const firstPlace = useRef(place?.id);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of place resets
  useEffect(() => {
    if (firstPlace.current === place?.id) return;
    firstPlace.current = place?.id;
    patch({ building: undefined, house: undefined, page: undefined }, { replace: true });
  }, [place?.id]);

  const [pickerOpen, setPickerOpen] = useState(false);
  const [houseForm, setHouseForm] = useState<HouseFormMode | null>(null);

  const openHouse = (id: string) => patch({ house: id });
  const closeHouse = () => patch({ house: undefined });
  const editHouse = async (id: string) => {
    try {
      const card = await queryClient.fetchQuery({
        queryKey: registryKeys.house(id),
        queryFn: () => registryApi.getHouse(id),
      });
      setHouseForm({ type: 'edit', house: card.house });
    } catch (error) {
      onError(error);
    }
  };

  const createButton = canManage && (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setHouseForm({ type: 'create' })}>
      新增房屋
    </Button>
  );

  const tree = (
    <BuildingTree
      selectedId={buildingId}
      onSelect={(b) => {
        patch({ building: b.id, house: undefined });
        setPickerOpen(false);
      }}
    />
  );

  const gridPane = buildingId ? (
    <BuildingGridView
      buildingId={buildingId}
      mode={mode}
      onModeChange={(m) => patch({ mode: m === 'use' ? undefined : m }, { replace: true })}
      onOpenHouse={openHouse}
      emptyActions={createButton}
    />
  ) : (
    <Card className="anju-card">
      <Empty
        image={<ApartmentOutlined className="anju-reg-empty-icon" />}
        description={
          isMobile
            ? '请先选择楼栋，即可按楼层查看每户的用途和住户'
            : '请在左侧选择楼栋，即可按楼层查看每户的用途和住户'
        }
      >
        {isMobile && (
          <Button type="primary" onClick={() => setPickerOpen(true)}>
            选择楼栋
          </Button>
        )}
      </Empty>
    </Card>
  );

  const gridTab = isMobile ? (
    <>
      {buildingId && (
        <Button
          block
          icon={<ApartmentOutlined />}
          className="anju-reg-picker-button"
          onClick={() => setPickerOpen(true)}
        >
          更换楼栋
        </Button>
      )}
      {gridPane}
      <Drawer
        open={pickerOpen}
        onClose={() => setPickerOpen(false)}
        placement="bottom"
        size="80%"
        title="选择楼栋"
        forceRender
      >
        {tree}
      </Drawer>
    </>
  ) : (
    <Row gutter={16} wrap={false}>
      <Col flex="280px" className="anju-reg-tree-col">
        <Card className="anju-card anju-reg-tree-card" title="选择楼栋" size="small">
          {tree}
        </Card>
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        {gridPane}
      </Col>
    </Row>
  );

  return (
    <div>
      <PageHeader
        title="楼盘表"
        description={
          place
            ? `当前区域：${place.name}（可在顶部切换）`
            : '按楼栋查看每一户，点击房屋查看产权人、住户与出租情况'
        }
        extra={
          <Space wrap>
            {can('registry.import') && (
              <Link to="/registry/import">
                <Button icon={<ImportOutlined />}>导入Excel</Button>
              </Link>
            )}
            {createButton}
          </Space>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => patch({ tab: key === 'list' ? 'list' : undefined })}
        className="anju-reg-page-tabs"
        items={[
          { key: 'grid', label: '楼盘表', children: gridTab },
          {
            key: 'list',
            label: '房屋列表',
            children: (
              <HouseList
                filters={filters}
                setFilters={setFilters}
                onOpen={openHouse}
                onEdit={editHouse}
                createButton={createButton}
              />
            ),
          },
        ]}
      />
      <HouseCard houseId={houseId} onClose={closeHouse} />
      <HouseFormModal
        mode={houseForm}
        onClose={() => setHouseForm(null)}
        onSaved={(id) => {
          if (houseForm?.type === 'create') openHouse(id);
        }}
      />
    </div>
  );
}
