import { useQuery } from '@tanstack/react-query';
import { Select, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useCurrentPlace } from '../../../app/place.js';
import { registryApi, registryKeys } from './api.js';

/** The value after the user has stopped typing for a moment. */
export function useDebounced<T>(value: T, ms = 300): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return current;
}

interface PickerProps {
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  id?: string;
  status?: 'error' | 'warning';
  /** Ids to leave out (people already living in the house, the current home). */
  exclude?: string[];
  /** Labels for values chosen before the dialog opened (existing owners, the current home). */
  known?: { value: string; label: string }[];
  'data-testid'?: string;
}

/** Picks a person by name, pinyin, ID digits, phone or address (GET /people?q=…). */
export function PersonPicker({ value, onChange, placeholder, exclude, known, ...rest }: PickerProps) {
  const { place } = useCurrentPlace();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const found = useQuery({
    queryKey: registryKeys.personSearch(q, place?.id),
    queryFn: () => registryApi.listPeople({ q, placeId: place?.id, page: 1, pageSize: 20 }),
    enabled: q.length > 0,
  });
  const options = (found.data?.items ?? [])
    .filter((p) => !exclude?.includes(p.id))
    .map((p) => ({
      value: p.id,
      label: [p.name, p.idMasked, p.address].filter(Boolean).join(' · '),
    }));
  const current = chosen?.value === value ? chosen : known?.find((k) => k.value === value);
  if (current && !options.some((o) => o.value === current.value)) options.unshift(current);
  return (
    <Select
      {...rest}
      value={value}
      allowClear
      options={options}
      placeholder={placeholder ?? '输入姓名、拼音、证件号后4位或手机号搜索'}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      notFoundContent={
        found.isFetching ? (
          <Spin size="small" />
        ) : q ? (
          '没有找到，请换个关键字，或先在实有人口中新增'
        ) : (
          '请输入关键字'
        )
      }
      onChange={(next: string | undefined) => {
        setChosen(options.find((o) => o.value === next) ?? null);
        onChange?.(next);
      }}
    />
  );
}

/** Picks a house by address typed the Chinese way: 3栋2单元501, 3-2-501 (GET /houses?q=…). */
export function HousePicker({ value, onChange, placeholder, exclude, known, ...rest }: PickerProps) {
  const { place } = useCurrentPlace();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const found = useQuery({
    queryKey: registryKeys.houseSearch(q, place?.id),
    queryFn: () => registryApi.listHouses({ q, placeId: place?.id, page: 1, pageSize: 20 }),
    enabled: q.length > 0,
  });
  const options = (found.data?.items ?? [])
    .filter((h) => !exclude?.includes(h.id))
    .map((h) => ({
      value: h.id,
      label: `${h.address}${h.residentCount > 0 ? `（现住 ${h.residentCount} 人）` : '（无人居住）'}`,
    }));
  const current = chosen?.value === value ? chosen : known?.find((k) => k.value === value);
  if (current && !options.some((o) => o.value === current.value)) options.unshift(current);
  return (
    <Select
      {...rest}
      value={value}
      allowClear
      options={options}
      placeholder={placeholder ?? '输入地址搜索，如 3栋2单元501 或 3-2-501'}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      notFoundContent={
        found.isFetching ? <Spin size="small" /> : q ? '没有找到该房屋，请核对楼栋、单元和房号' : '请输入地址'
      }
      onChange={(next: string | undefined) => {
        setChosen(options.find((o) => o.value === next) ?? null);
        onChange?.(next);
      }}
    />
  );
}
