import {
  AimOutlined,
  DeleteOutlined,
  DragOutlined,
  EditOutlined,
  PlusOutlined,
  ReloadOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Grid,
  Input,
  List,
  Row,
  Select,
  Space,
  Spin,
  Tree,
  type TreeDataNode,
  Typography,
} from 'antd';
import { type Key, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ALLOWED_CHILDREN, PLACE_KIND_LABELS, PLACE_KINDS, type PlaceKind } from '../../../shared/places.js';
import { errorMessage } from '../../app/api.js';
import { useAuth, useMe } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceKindTag } from '../../app/components/PlaceKindTag.js';
import { useCurrentPlace } from '../../app/place.js';
import { orgApi, orgKeys, type Place, type PlaceDetail } from './api.js';
import { MovePlaceModal } from './MovePlaceModal.js';
import { PlaceFormModal, type PlaceFormMode } from './PlaceFormModal.js';

type ChildMap = Record<string, Place[]>;

function PlaceTitle({ place }: { place: Place }) {
  return (
    <span className="anju-place-node">
      <PlaceKindTag kind={place.kind} />
      <span>{place.name}</span>
      {place.childCount > 0 && <span className="anju-place-count">{place.childCount}</span>}
    </span>
  );
}

function toTreeData(places: Place[], childMap: ChildMap): TreeDataNode[] {
  return places.map((place) => ({
    key: place.id,
    title: <PlaceTitle place={place} />,
    isLeaf: place.childCount === 0 && !childMap[place.id]?.length,
    children: childMap[place.id] ? toTreeData(childMap[place.id], childMap) : undefined,
  }));
}

/** Ancestors as returned may be nearest-first or root-first; make them root-first. */
function rootFirst(detail: PlaceDetail): string[] {
  const ids = detail.ancestors.map((a) => a.id);
  if (ids.length > 1 && ids[0] === detail.parentId) ids.reverse();
  return ids;
}

export function PlacesPage() {
  const { can } = useAuth();
  const me = useMe();
  const canManage = can('org.place.manage');
  const { place: current, setPlace } = useCurrentPlace();
  const currentId = current?.id;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const screens = Grid.useBreakpoint();
  const detailRef = useRef<HTMLDivElement>(null);

  // The tree starts at the place chosen in the top bar, or at the caller's scope roots.
  const rootsQuery = useQuery({
    queryKey: [...orgKeys.places, 'view-roots', currentId ?? 'all'],
    queryFn: async (): Promise<Place[]> => {
      if (currentId) {
        const { ancestors: _ancestors, ...place } = await orgApi.getPlace(currentId);
        return [place];
      }
      return orgApi.listPlaces({});
    },
  });
  const roots = rootsQuery.data ?? [];

  const [childMap, setChildMap] = useState<ChildMap>({});
  const [expandedKeys, setExpandedKeys] = useState<Key[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  // A new starting point is a new tree.
  useEffect(() => {
    setChildMap({});
    setExpandedKeys(currentId ? [currentId] : []);
    setSelectedId(currentId ?? null);
  }, [currentId]);

  const loadChildren = useCallback(
    async (parentId: string) => {
      const items = await queryClient.fetchQuery({
        queryKey: orgKeys.children(parentId),
        queryFn: () => orgApi.listPlaces({ parentId }),
        staleTime: 0,
      });
      setChildMap((prev) => ({ ...prev, [parentId]: items }));
      return items;
    },
    [queryClient],
  );

  // Opening the view on a single root: show its children straight away.
  useEffect(() => {
    if (roots.length === 1 && roots[0].childCount > 0 && !childMap[roots[0].id]) {
      loadChildren(roots[0].id).catch(() => {});
      setExpandedKeys((keys) => (keys.includes(roots[0].id) ? keys : [...keys, roots[0].id]));
    }
  }, [roots, childMap, loadChildren]);

  const treeData = useMemo(() => toTreeData(roots, childMap), [roots, childMap]);

  const detailQuery = useQuery({
    queryKey: orgKeys.detail(selectedId ?? ''),
    queryFn: () => orgApi.getPlace(selectedId!),
    enabled: !!selectedId,
  });
  const detail = detailQuery.data;

  // ---- search ---------------------------------------------------------------------------------
  const [searchInput, setSearchInput] = useState('');
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<PlaceKind | undefined>();
  const searching = q.trim() !== '' || !!kind;
  const searchQuery = useQuery({
    queryKey: orgKeys.search(q.trim(), kind),
    queryFn: () => orgApi.listPlaces({ q: q.trim() || undefined, kind }),
    enabled: searching,
  });

  const select = (id: string) => {
    setSelectedId(id);
    if (!screens.lg)
      setTimeout(() => detailRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 50);
  };

  /** Open the tree down to a place found by search, then select it. */
  const reveal = async (id: string) => {
    select(id);
    try {
      const found = await queryClient.fetchQuery({
        queryKey: orgKeys.detail(id),
        queryFn: () => orgApi.getPlace(id),
      });
      const rootIds = roots.map((r) => r.id);
      const chain = rootFirst(found);
      const start = chain.findIndex((a) => rootIds.includes(a));
      if (start < 0) {
        if (!rootIds.includes(id)) message.info('该区域不在当前选择的区域之下，已在右侧显示详情');
        return;
      }
      const path = chain.slice(start);
      for (const parentId of path) await loadChildren(parentId);
      setExpandedKeys((keys) => Array.from(new Set([...keys, ...path])));
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  // ---- refreshing after a change ---------------------------------------------------------------
  // Child counts live in the parent's list, so after any change every loaded level is reloaded;
  // a handful of small requests keeps every count and name on screen true.
  const childMapRef = useRef(childMap);
  childMapRef.current = childMap;
  const refreshTree = async () => {
    await queryClient.invalidateQueries({ queryKey: orgKeys.places });
    const loaded = Object.keys(childMapRef.current);
    await Promise.all(
      loaded.map((id) =>
        loadChildren(id).catch(() =>
          setChildMap((prev) => {
            const { [id]: _gone, ...rest } = prev;
            return rest;
          }),
        ),
      ),
    );
  };

  // ---- actions ----------------------------------------------------------------------------------
  const [formMode, setFormMode] = useState<PlaceFormMode | null>(null);
  const [moving, setMoving] = useState<Place | null>(null);

  const confirmDelete = (place: PlaceDetail) => {
    const kindLabel = PLACE_KIND_LABELS[place.kind];
    modal.confirm({
      title: `删除${kindLabel}「${place.name}」？`,
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      content: (
        <div>
          {place.childCount > 0 ? (
            <Typography.Paragraph type="danger">
              该{kindLabel}下还有 {place.childCount} 个下级区域，系统会拒绝删除；请先删除或移走下级区域。
            </Typography.Paragraph>
          ) : (
            <Typography.Paragraph>删除后不可恢复。</Typography.Paragraph>
          )}
          <Typography.Paragraph type="secondary">
            如该区域已有人员授权或业务记录，系统也会拒绝删除。此操作将记入审计日志。
          </Typography.Paragraph>
        </div>
      ),
      onOk: async () => {
        try {
          await orgApi.deletePlace(place.id);
        } catch (error) {
          modal.error({ title: '无法删除', content: errorMessage(error) });
          return;
        }
        message.success(`已删除${kindLabel}「${place.name}」`);
        queryClient.removeQueries({ queryKey: orgKeys.detail(place.id) });
        if (current?.id === place.id) {
          setPlace(null);
          return;
        }
        setSelectedId(place.parentId);
        await refreshTree();
      },
    });
  };

  const onSaved = async ({ id, parentId }: { id?: string; parentId: string | null }) => {
    const creating = formMode?.type === 'create';
    setFormMode(null);
    message.success(creating ? '已新增' : '已保存');
    if (creating && parentId) {
      await loadChildren(parentId).catch(() => {});
      setExpandedKeys((keys) => (keys.includes(parentId) ? keys : [...keys, parentId]));
    }
    await refreshTree();
    if (creating && id) setSelectedId(id);
    if (!creating && id && current?.id === id) {
      const fresh = queryClient.getQueryData<PlaceDetail>(orgKeys.detail(id));
      if (fresh) setPlace({ id: fresh.id, name: fresh.name, kind: fresh.kind });
    }
  };

  const onMoved = async ({ id }: { id: string }) => {
    setMoving(null);
    message.success('已移动');
    await refreshTree();
    await reveal(id);
  };

  // ---- rendering --------------------------------------------------------------------------------
  const treeCard = (
    <Card
      className="anju-card anju-fill"
      title="区域树"
      extra={
        <Button
          type="text"
          size="small"
          icon={<ReloadOutlined />}
          aria-label="刷新"
          onClick={() => {
            setChildMap({});
            setExpandedKeys(current ? [current.id] : []);
            queryClient.invalidateQueries({ queryKey: orgKeys.places });
          }}
        />
      }
    >
      <Space.Compact block className="anju-place-search">
        <Select<PlaceKind>
          allowClear
          placeholder="全部类型"
          value={kind}
          onChange={(v) => setKind(v)}
          options={PLACE_KINDS.map((k) => ({ value: k, label: PLACE_KIND_LABELS[k] }))}
          style={{ width: 120 }}
        />
        <Input.Search
          allowClear
          placeholder="按名称或编码搜索"
          value={searchInput}
          onChange={(e) => {
            setSearchInput(e.target.value);
            if (!e.target.value) setQ('');
          }}
          onSearch={(value) => setQ(value)}
          enterButton="搜索"
        />
      </Space.Compact>

      {searching ? (
        <div className="anju-place-results">
          <div className="anju-place-results-head">
            <Typography.Text type="secondary">
              {searchQuery.isFetching ? '正在搜索…' : `找到 ${searchQuery.data?.length ?? 0} 个区域`}
            </Typography.Text>
            <Button
              type="link"
              size="small"
              onClick={() => {
                setQ('');
                setSearchInput('');
                setKind(undefined);
              }}
            >
              返回区域树
            </Button>
          </div>
          {searchQuery.isError ? (
            <Alert type="error" showIcon title={errorMessage(searchQuery.error)} />
          ) : (
            <List<Place>
              size="small"
              loading={searchQuery.isLoading}
              dataSource={searchQuery.data ?? []}
              locale={{ emptyText: <Empty description="没有符合条件的区域，换个关键字或类型试试" /> }}
              renderItem={(item) => (
                <List.Item
                  className={`anju-place-result${item.id === selectedId ? ' is-selected' : ''}`}
                  onClick={() => {
                    setQ('');
                    setSearchInput('');
                    setKind(undefined);
                    void reveal(item.id);
                  }}
                >
                  <PlaceTitle place={item} />
                  <Typography.Text type="secondary" className="anju-mono">
                    {item.code}
                  </Typography.Text>
                </List.Item>
              )}
            />
          )}
        </div>
      ) : rootsQuery.isLoading ? (
        <div className="anju-loading">
          <Spin />
        </div>
      ) : rootsQuery.isError ? (
        <Alert type="error" showIcon title={errorMessage(rootsQuery.error)} />
      ) : roots.length === 0 ? (
        <Empty
          description={
            canManage && me.global
              ? '还没有建立区域架构。请点击右上角「新增街道」开始，然后逐级添加社区、小区、网格、楼栋和单元。'
              : '暂无可查看的区域。请联系管理员为您分配管辖区域。'
          }
        />
      ) : (
        <div data-testid="place-tree" className="anju-place-tree">
          <Tree
            blockNode
            showLine={{ showLeafIcon: false }}
            treeData={treeData}
            expandedKeys={expandedKeys}
            loadedKeys={Object.keys(childMap)}
            onExpand={(keys) => setExpandedKeys(keys)}
            selectedKeys={selectedId ? [selectedId] : []}
            onSelect={(keys) => {
              const key = keys[0];
              if (key) select(String(key));
            }}
            loadData={async (node) => {
              await loadChildren(String(node.key)).catch((error: unknown) =>
                message.error(errorMessage(error)),
              );
            }}
          />
        </div>
      )}
    </Card>
  );

  const childKinds = detail ? ALLOWED_CHILDREN[detail.kind] : [];
  const detailCard = (
    <Card className="anju-card anju-fill" title="区域详情">
      <div ref={detailRef} />
      {!selectedId ? (
        <Empty description="在左侧选择一个区域，查看详情并进行新增下级、编辑、移动等操作" />
      ) : detailQuery.isLoading ? (
        <div className="anju-loading">
          <Spin />
        </div>
      ) : detailQuery.isError || !detail ? (
        <Alert type="error" showIcon title={errorMessage(detailQuery.error)} />
      ) : (
        <div className="anju-place-detail">
          <div className="anju-detail-head">
            <Space size={8} wrap>
              <PlaceKindTag kind={detail.kind} />
              <Typography.Title level={4} className="anju-detail-title">
                {detail.name}
              </Typography.Title>
            </Space>
            {detail.ancestors.length > 0 && (
              <Typography.Text type="secondary" className="anju-detail-path">
                {rootFirst(detail)
                  .map((id) => detail.ancestors.find((a) => a.id === id)?.name)
                  .join(' › ')}{' '}
                › {detail.name}
              </Typography.Text>
            )}
          </div>
          {canManage && (
            <Space wrap className="anju-detail-actions">
              <Button
                type="primary"
                icon={<PlusOutlined />}
                disabled={childKinds.length === 0}
                title={
                  childKinds.length === 0 ? `${PLACE_KIND_LABELS[detail.kind]}下不能再设下级` : undefined
                }
                onClick={() => setFormMode({ type: 'create', parent: detail })}
              >
                新增下级
              </Button>
              <Button icon={<EditOutlined />} onClick={() => setFormMode({ type: 'edit', place: detail })}>
                编辑
              </Button>
              <Button
                icon={<DragOutlined />}
                disabled={detail.kind === 'street'}
                title={detail.kind === 'street' ? '街道是最上级，不能移动' : undefined}
                onClick={() => setMoving(detail)}
              >
                移动
              </Button>
              <Button danger icon={<DeleteOutlined />} onClick={() => confirmDelete(detail)}>
                删除
              </Button>
            </Space>
          )}
          <Descriptions
            column={{ xs: 1, sm: 2 }}
            size="small"
            bordered
            items={[
              { key: 'kind', label: '类型', children: PLACE_KIND_LABELS[detail.kind] },
              { key: 'code', label: '编码', children: <span className="anju-mono">{detail.code}</span> },
              { key: 'children', label: '直属下级', children: `${detail.childCount} 个` },
              { key: 'sort', label: '排序号', children: detail.sortOrder },
              {
                key: 'allowed',
                label: '可设下级',
                children:
                  childKinds.length > 0
                    ? childKinds.map((k) => PLACE_KIND_LABELS[k]).join('、')
                    : '无（最末级）',
              },
              {
                key: 'parent',
                label: '上级',
                children: detail.ancestors.find((a) => a.id === detail.parentId)?.name ?? '—',
              },
            ]}
          />
          <Space wrap className="anju-detail-links">
            {current?.id !== detail.id && (
              <Button
                size="small"
                icon={<AimOutlined />}
                onClick={() => setPlace({ id: detail.id, name: detail.name, kind: detail.kind })}
              >
                设为当前区域
              </Button>
            )}
            {can('org.user.read') && (
              <Button
                size="small"
                icon={<TeamOutlined />}
                onClick={() => {
                  setPlace({ id: detail.id, name: detail.name, kind: detail.kind });
                  navigate('/org/users');
                }}
              >
                查看该区域的用户
              </Button>
            )}
          </Space>
        </div>
      )}
    </Card>
  );

  return (
    <div>
      <PageHeader
        title="区域架构"
        description={
          current
            ? `当前区域：${current.name}（可在顶部切换）`
            : '街道 › 社区 › 小区 › 网格 › 楼栋 › 单元，逐级展开查看'
        }
        extra={
          canManage &&
          me.global &&
          !current && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setFormMode({ type: 'create', parent: null })}
            >
              新增街道
            </Button>
          )
        }
      />
      <Row gutter={[16, 16]} className="anju-row-gap">
        <Col xs={24} lg={10}>
          {treeCard}
        </Col>
        <Col xs={24} lg={14}>
          {detailCard}
        </Col>
      </Row>
      <PlaceFormModal mode={formMode} onClose={() => setFormMode(null)} onSaved={onSaved} />
      <MovePlaceModal place={moving} onClose={() => setMoving(null)} onMoved={onMoved} />
    </div>
  );
}
