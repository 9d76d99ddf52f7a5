import { useSearchParams } from 'react-router';

/**
 * A list page's filters and page, kept in the address so a filtered list can be bookmarked, shared
 * and come back after 返回. `set` changes some of them; any change but the page's goes back to page 1.
 */
export function useListParams<K extends string>(keys: readonly K[], pageSizes: readonly number[] = [20]) {
  const [search, setSearch] = useSearchParams();
  const page = Math.max(1, Number(search.get('page')) || 1);
  const size = Number(search.get('pageSize'));
  const pageSize = pageSizes.includes(size) ? size : 20;
  const filters = Object.fromEntries(keys.map((k) => [k, search.get(k) || undefined])) as Record<
    K,
    string | undefined
  >;
  const set = (next: Record<string, string | number | undefined>) => {
    const out = new URLSearchParams(search);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined || v === '' || (k === 'page' && v === 1)) out.delete(k);
      else out.set(k, String(v));
    }
    if (!('page' in next)) out.delete('page');
    setSearch(out);
  };
  const clear = () => setSearch(new URLSearchParams());
  return { page, pageSize, filters, set, clear };
}
