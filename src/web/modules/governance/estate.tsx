import { useQuery } from '@tanstack/react-query';
import { Select, Tag } from 'antd';
import { useSearchParams } from 'react-router';
import { useCurrentPlace } from '../../app/place.js';
import { orgApi } from '../org/api.js';
import './governance.css';

/**
 * The estate a governance page works on: the one in the URL, else the top bar's place when it is an
 * estate, else the first estate in the caller's scope (a committee member has exactly one).
 */
export function useEstate() {
  const [search, setSearch] = useSearchParams();
  const { place } = useCurrentPlace();
  const estates = useQuery({
    queryKey: ['governance', 'estates'],
    queryFn: () => orgApi.listPlaces({ kind: 'estate' }),
    staleTime: 300_000,
  });
  const list = estates.data ?? [];
  const estateId =
    search.get('estateId') || (place?.kind === 'estate' ? place.id : undefined) || list[0]?.id || undefined;
  const estate = list.find((e) => e.id === estateId);
  const setEstateId = (id: string) => {
    const next = new URLSearchParams(search);
    next.set('estateId', id);
    next.delete('page');
    setSearch(next, { replace: true });
  };
  return { estateId, estate, estates: list, loading: estates.isLoading, setEstateId };
}

export function EstatePicker({ state }: { state: ReturnType<typeof useEstate> }) {
  if (state.estates.length <= 1) return state.estate ? <Tag color="blue">{state.estate.name}</Tag> : null;
  return (
    <Select
      value={state.estateId}
      style={{ minWidth: 180 }}
      aria-label="小区"
      showSearch
      optionFilterProp="label"
      options={state.estates.map((e) => ({ value: e.id, label: e.name }))}
      onChange={state.setEstateId}
    />
  );
}

/** Link to a page of the same estate. */
export const withEstate = (path: string, estateId?: string) =>
  estateId ? `${path}${path.includes('?') ? '&' : '?'}estateId=${estateId}` : path;
