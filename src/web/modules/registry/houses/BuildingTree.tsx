import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Empty, Spin, Tree, type TreeDataNode } from 'antd';
import { type Key, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PlaceKind } from '../../../../shared/places.js';
import { errorMessage } from '../../../app/api.js';
import { PlaceKindTag } from '../../../app/components/PlaceKindTag.js';
import { type PlaceLite, useScopeRoots } from '../../../app/components/PlaceTreeSelect.js';
import { useCurrentPlace } from '../../../app/place.js';
import { orgApi, orgKeys, type Place } from '../../org/api.js';

// The 楼盘表 only needs the way down to buildings: units are the grid's columns, not tree nodes.
const SHOWN: readonly PlaceKind[] = ['street', 'community', 'estate', 'grid', 'building'];

type Node = PlaceLite & { childCount?: number };

function toTree(nodes: Node[], children: Record<string, Node[]>): TreeDataNode[] {
  return nodes.map((p) => ({
    key: p.id,
    title: (
      <span className="anju-reg-tree-node">
        <PlaceKindTag kind={p.kind} />
        <span>{p.name}</span>
      </span>
    ),
    isLeaf: p.kind === 'building' || p.childCount === 0,
    selectable: true,
    children: children[p.id] ? toTree(children[p.id], children) : undefined,
  }));
}

/**
 * The building picker: the place switcher's current place (or the caller's scope) down to
 * buildings, loaded as it is opened. Choosing a building calls `onSelect`; choosing anything else
 * opens or closes it.
 */
export function BuildingTree({
  selectedId,
  onSelect,
}: {
  selectedId: string | null;
  onSelect(building: Node): void;
}) {
  const { place } = useCurrentPlace();
  const queryClient = useQueryClient();
  const scope = useScopeRoots();
  const rootsQuery = useQuery({
    queryKey: [...orgKeys.places, 'registry-roots', place?.id ?? 'scope'],
    queryFn: async (): Promise<Node[]> => {
      const detail = await orgApi.getPlace(place!.id);
      return [{ id: detail.id, name: detail.name, kind: detail.kind, childCount: detail.childCount }];
    },
    enabled: !!place,
  });
  const rawRoots: Node[] = place ? (rootsQuery.data ?? []) : scope.roots;
  const loadingRoots = place ? rootsQuery.isLoading : scope.loading;
  const rootKey = rawRoots.map((r) => r.id).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the same ids are the same roots
  const roots = useMemo(() => rawRoots, [rootKey]);

  const [children, setChildren] = useState<Record<string, Node[]>>({});
  const [expanded, setExpanded] = useState<Key[]>([]);
  const byId = useMemo(() => {
    const map = new Map<string, Node>();
    for (const r of roots) map.set(r.id, r);
    for (const list of Object.values(children)) for (const n of list) map.set(n.id, n);
    return map;
  }, [roots, children]);

  const load = useCallback(
    async (parentId: string) => {
      const items: Place[] = await queryClient.fetchQuery({
        queryKey: orgKeys.children(parentId),
        queryFn: () => orgApi.listPlaces({ parentId }),
        staleTime: 30_000,
      });
      const shown = items.filter((p) => SHOWN.includes(p.kind));
      setChildren((prev) => ({ ...prev, [parentId]: shown }));
      return shown;
    },
    [queryClient],
  );

  // Open the way down while each level has a single child (社区 › 小区), plus the first two levels,
  // so that buildings are a click or two away.
  const childrenRef = useRef(children);
  childrenRef.current = children;
  const revealedFor = useRef<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    revealedFor.current = null;
    setChildren({});
    setExpanded([]);
    (async () => {
      let level = roots.filter((r) => r.kind !== 'building');
      const open: string[] = [];
      for (let depth = 0; depth < 4 && level.length > 0 && level.length <= 3; depth++) {
        const next: Node[] = [];
        for (const n of level) {
          if (n.childCount === 0) continue;
          const kids = await load(n.id).catch(() => []);
          if (cancelled) return;
          open.push(n.id);
          next.push(...kids.filter((k) => k.kind !== 'building'));
        }
        if (depth >= 1 && next.length > 1) break;
        level = next;
      }
      if (!cancelled) setExpanded((keys) => Array.from(new Set([...keys, ...open])));
    })();
    return () => {
      cancelled = true;
    };
  }, [roots, load]);

  // The top bar set to a single building: that is the one to show.
  const only = roots.length === 1 && roots[0].kind === 'building' ? roots[0] : null;
  useEffect(() => {
    if (only && !selectedId) onSelect(only);
  }, [only, selectedId, onSelect]);

  // A building given in the URL: open the tree down to it once, so it shows where it is.
  useEffect(() => {
    if (!selectedId || roots.length === 0 || revealedFor.current === selectedId) return;
    revealedFor.current = selectedId;
    (async () => {
      try {
        const detail = await queryClient.fetchQuery({
          queryKey: orgKeys.detail(selectedId),
          queryFn: () => orgApi.getPlace(selectedId),
        });
        let chain = detail.ancestors.map((a) => a.id);
        if (chain.length > 1 && chain[0] === detail.parentId) chain = chain.reverse();
        const rootIds = new Set(roots.map((r) => r.id));
        const start = chain.findIndex((id) => rootIds.has(id));
        if (start < 0) return;
        const path = chain.slice(start);
        for (const id of path) if (!childrenRef.current[id]) await load(id);
        setExpanded((keys) => Array.from(new Set([...keys, ...path])));
      } catch {
        // Out of scope or gone: the grid pane says so.
      }
    })();
  }, [selectedId, roots, queryClient, load]);

  const treeData = useMemo(() => toTree(roots, children), [roots, children]);

  if (loadingRoots) return <Spin className="anju-reg-tree-loading" />;
  if (rootsQuery.isError) return <Alert type="error" showIcon title={errorMessage(rootsQuery.error)} />;
  if (roots.length === 0)
    return <Empty description="没有可查看的区域" image={Empty.PRESENTED_IMAGE_SIMPLE} />;

  return (
    <Tree
      className="anju-reg-tree"
      blockNode
      treeData={treeData}
      expandedKeys={expanded}
      onExpand={(keys) => setExpanded(keys)}
      selectedKeys={selectedId ? [selectedId] : []}
      loadData={async (node) => {
        if (!children[String(node.key)]) await load(String(node.key));
      }}
      onSelect={(_keys, info) => {
        const id = String(info.node.key);
        const n = byId.get(id);
        if (!n) return;
        if (n.kind === 'building') {
          onSelect(n);
          return;
        }
        // Not a building: open or close it instead of selecting it.
        const isOpen = expanded.includes(id);
        if (!isOpen && !children[id]) load(id).catch(() => {});
        setExpanded(isOpen ? expanded.filter((k) => k !== id) : [...expanded, id]);
      }}
    />
  );
}
