import { useQuery, useQueryClient } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { type CSSProperties, useCallback, useMemo, useState } from 'react';
import { PLACE_KIND_LABELS, type PlaceKind } from '../../../shared/places.js';
import { orgApi, orgKeys } from '../../modules/org/api.js';
import { useAuth } from '../auth.js';

export interface PlaceLite {
  id: string;
  name: string;
  kind: PlaceKind;
  childCount?: number;
}

/** The value the assignment editor uses for "no particular place" (a global role). */
export const GLOBAL_PLACE = '__global__';
const ROOT = '__root__';

/** The top of what the caller may see: `scopeRoots` from /auth/me, or the API's roots for a global user. */
export function useScopeRoots(): { roots: PlaceLite[]; loading: boolean } {
  const { user, can } = useAuth();
  const scopeRoots = user?.scopeRoots ?? [];
  const fallback = useQuery({
    queryKey: orgKeys.children(null),
    queryFn: () => orgApi.listPlaces({}),
    enabled: scopeRoots.length === 0 && can('org.place.read'),
    staleTime: 60_000,
  });
  if (scopeRoots.length > 0) {
    return { roots: scopeRoots.map(({ id, name, kind }) => ({ id, name, kind })), loading: false };
  }
  return { roots: fallback.data ?? [], loading: fallback.isLoading };
}

/** Children of places, fetched as the user opens them and shared through the query cache. */
export function useLazyPlaceChildren() {
  const queryClient = useQueryClient();
  const { can } = useAuth();
  const canRead = can('org.place.read');
  const [children, setChildren] = useState<Record<string, PlaceLite[]>>({});
  const loadChildren = useCallback(
    async (parentId: string) => {
      let items: PlaceLite[] = [];
      if (canRead) {
        try {
          items = await queryClient.fetchQuery({
            queryKey: orgKeys.children(parentId),
            queryFn: () => orgApi.listPlaces({ parentId }),
            staleTime: 30_000,
          });
        } catch {
          items = [];
        }
      }
      setChildren((prev) => ({ ...prev, [parentId]: items }));
    },
    [queryClient, canRead],
  );
  return { children, loadChildren };
}

interface FlatNode {
  id: string;
  pId: string;
  value: string;
  label: string;
  title: React.ReactNode;
  isLeaf?: boolean;
  disabled?: boolean;
}

export interface PlaceTreeSelectProps {
  value?: string | null;
  onChange?: (value: string | undefined, place: PlaceLite | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  /** Places the caller already knows the names of (e.g. a user's current assignments). */
  knownPlaces?: PlaceLite[];
  /** Offer "全局（不限区域）" as the first choice, with value GLOBAL_PLACE. */
  globalOption?: boolean;
  /** Return true to grey out a node; `ancestorIds` are the loaded ancestors, nearest first. */
  isDisabled?: (place: PlaceLite, ancestorIds: string[]) => boolean;
  style?: CSSProperties;
  className?: string;
  size?: 'small' | 'middle' | 'large';
  variant?: 'outlined' | 'borderless' | 'filled' | 'underlined';
  status?: 'error' | 'warning';
  id?: string;
  'data-testid'?: string;
  popupMatchSelectWidth?: boolean | number;
}

export function PlaceTreeSelect({
  value,
  onChange,
  placeholder = '请选择区域',
  allowClear = true,
  knownPlaces,
  globalOption,
  isDisabled,
  popupMatchSelectWidth,
  ...rest
}: PlaceTreeSelectProps) {
  const { roots, loading } = useScopeRoots();
  const { children, loadChildren } = useLazyPlaceChildren();

  const { nodes, byId } = useMemo(() => {
    const byId = new Map<string, PlaceLite>();
    const parents = new Map<string, string>();
    const list: FlatNode[] = [];
    const ancestorsOf = (id: string): string[] => {
      const out: string[] = [];
      let cursor = parents.get(id);
      while (cursor && cursor !== ROOT) {
        out.push(cursor);
        cursor = parents.get(cursor);
      }
      return out;
    };
    const push = (place: PlaceLite, pId: string) => {
      if (byId.has(place.id)) return;
      byId.set(place.id, place);
      parents.set(place.id, pId);
      list.push({
        id: place.id,
        pId,
        value: place.id,
        label: place.name,
        title: (
          <span>
            {place.name}
            <span className="anju-kind-hint">{PLACE_KIND_LABELS[place.kind]}</span>
          </span>
        ),
        isLeaf: place.childCount === undefined ? undefined : place.childCount === 0,
        disabled: isDisabled?.(place, ancestorsOf(place.id)),
      });
    };
    if (globalOption) {
      list.push({
        id: GLOBAL_PLACE,
        pId: ROOT,
        value: GLOBAL_PLACE,
        label: '全局（不限区域）',
        title: '全局（不限区域）',
        isLeaf: true,
      });
    }
    for (const root of roots) push(root, ROOT);
    // Walk breadth-first so that a child is added after its parent and inherits its ancestry.
    const queue = roots.map((r) => r.id);
    while (queue.length > 0) {
      const parentId = queue.shift()!;
      for (const child of children[parentId] ?? []) {
        push(child, parentId);
        queue.push(child.id);
      }
    }
    return { nodes: list, byId };
  }, [roots, children, globalOption, isDisabled]);

  const labelOf = (id: string): string => {
    if (id === GLOBAL_PLACE) return '全局（不限区域）';
    return byId.get(id)?.name ?? knownPlaces?.find((p) => p.id === id)?.name ?? '（已选区域）';
  };

  return (
    <TreeSelect
      {...rest}
      loading={loading}
      treeDataSimpleMode={{ id: 'id', pId: 'pId', rootPId: ROOT }}
      treeData={nodes}
      loadData={(node) => loadChildren(String(node.value))}
      labelInValue
      value={value ? { value, label: labelOf(value) } : undefined}
      onChange={(next: { value: string; label?: React.ReactNode } | undefined) => {
        const id = next?.value;
        const place = id ? (byId.get(id) ?? knownPlaces?.find((p) => p.id === id)) : undefined;
        onChange?.(id, place);
      }}
      placeholder={placeholder}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: 'label' }}
      treeNodeLabelProp="label"
      popupMatchSelectWidth={popupMatchSelectWidth}
      notFoundContent={loading ? '加载中…' : '没有可选的区域'}
    />
  );
}
