import { useQuery } from '@tanstack/react-query';
import { Select, Spin, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useCurrentPlace } from '../../../app/place.js';
import { useDebounced } from '../shared/pickers.js';
import { type PersonRow, pickApi, tenancyKeys } from './api.js';

/** What a picker needs to label a person it has seen. */
export interface PersonLite {
  id: string;
  name: string;
  idMasked?: string | null;
  address?: string | null;
}

function personLabel(p: PersonLite): string {
  return [p.name, p.idMasked, p.address].filter(Boolean).join(' · ');
}

function SearchHint({ loading, typed, hint }: { loading: boolean; typed: boolean; hint: string }) {
  if (loading) return <Spin size="small" />;
  return <Typography.Text type="secondary">{typed ? '没有找到，换个写法试试' : hint}</Typography.Text>;
}

/**
 * A house found by its address ("3栋2单元501", "3-2-501" or the room number), inside the place chosen
 * in the top bar.
 */
export function HouseSelect({
  value,
  onChange,
  known,
  id,
  status,
}: {
  /** A house to label before any search (e.g. where the person already lives). */
  known?: { id: string; address: string } | null;
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
  status?: 'error' | 'warning';
}) {
  const { place } = useCurrentPlace();
  const [typed, setTyped] = useState('');
  const q = useDebounced(typed.trim());
  const found = useQuery({
    queryKey: tenancyKeys.houseSearch(q, place?.id),
    queryFn: () => pickApi.houses(q, place?.id),
    enabled: q.length > 0,
    staleTime: 30_000,
  });
  const seen = useRef(new Map<string, { id: string; address: string; ownerNames?: string[] }>());
  if (known && !seen.current.has(known.id)) seen.current.set(known.id, known);
  for (const h of found.data ?? []) seen.current.set(h.id, h);

  const options = useMemo(() => {
    const list: { id: string; address: string; ownerNames?: string[] }[] = q ? (found.data ?? []) : [];
    const current = value ? seen.current.get(value) : undefined;
    const rows = current && !list.some((h) => h.id === current.id) ? [current, ...list] : list;
    return rows.map((h) => ({
      value: h.id,
      label: h.address,
      title: h.ownerNames?.length ? `产权人：${h.ownerNames.join('、')}` : h.address,
    }));
  }, [found.data, q, value]);

  return (
    <Select
      id={id}
      status={status}
      value={value}
      allowClear
      placeholder={place ? `在「${place.name}」内按地址查找，如 3栋2单元501` : '按地址查找，如 3栋2单元501'}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      options={options}
      notFoundContent={
        <SearchHint
          loading={found.isFetching}
          typed={q.length > 0}
          hint="输入楼栋单元房号，如 3栋2单元501 或 3-2-501"
        />
      }
      onChange={(next: string | undefined) => onChange?.(next)}
    />
  );
}

type PersonSelectProps = {
  id?: string;
  status?: 'error' | 'warning';
  /** People to offer before any search (e.g. the one the dialog was opened for). */
  known?: PersonLite[];
  placeholder?: string;
} & (
  | { mode: 'multiple'; value?: string[]; onChange?: (value: string[]) => void }
  | {
      mode?: undefined;
      value?: string;
      onChange?: (value: string | undefined) => void;
      onPick?: (p?: PersonLite) => void;
    }
);

/** A person found by name, pinyin (zhangsan / zs) or the tail of the ID number. */
export function PersonSelect(props: PersonSelectProps) {
  const { place } = useCurrentPlace();
  const [typed, setTyped] = useState('');
  const q = useDebounced(typed.trim());
  const found = useQuery({
    queryKey: tenancyKeys.personSearch(q, place?.id),
    queryFn: () => pickApi.people(q, place?.id),
    enabled: q.length > 0,
    staleTime: 30_000,
  });
  const seen = useRef(new Map<string, PersonLite>());
  for (const p of props.known ?? []) if (!seen.current.has(p.id)) seen.current.set(p.id, p);
  for (const p of found.data ?? []) seen.current.set(p.id, p satisfies PersonRow);

  const selected: string[] =
    props.mode === 'multiple' ? (props.value ?? []) : props.value ? [props.value] : [];
  const results: PersonLite[] = q ? (found.data ?? []) : (props.known ?? []);
  const rows = [
    ...selected
      .map((sid) => seen.current.get(sid))
      .filter((p): p is PersonLite => !!p && !results.some((r) => r.id === p.id)),
    ...results,
  ];
  const options = rows.map((p) => ({ value: p.id, label: personLabel(p), name: p.name, person: p }));

  const common = {
    id: props.id,
    status: props.status,
    allowClear: true,
    placeholder: props.placeholder ?? '输入姓名、拼音或证件号后 4 位查找',
    showSearch: { filterOption: false, onSearch: setTyped },
    options,
    optionLabelProp: 'name',
    // Two people may share a name: the ID tail and the address tell them apart, so show both in full.
    optionRender: (option: { data: object }) => {
      const p = (option.data as { person?: PersonLite }).person;
      if (!p) return null;
      return (
        <div className="anju-rg-person-option">
          <span>
            <Typography.Text strong>{p.name}</Typography.Text>
            {p.idMasked && <span className="anju-mono anju-rg-sub"> {p.idMasked}</span>}
          </span>
          <span className="anju-rg-sub">{p.address ?? '住址未登记'}</span>
        </div>
      );
    },
    notFoundContent: (
      <SearchHint
        loading={found.isFetching}
        typed={q.length > 0}
        hint="输入姓名、拼音首字母或证件号后 4 位"
      />
    ),
  };

  if (props.mode === 'multiple') {
    return (
      <Select<string[]>
        {...common}
        mode="multiple"
        value={props.value}
        onChange={(next) => props.onChange?.(next)}
      />
    );
  }
  return (
    <Select<string>
      {...common}
      value={props.value}
      onChange={(next) => {
        props.onChange?.(next);
        props.onPick?.(next ? seen.current.get(next) : undefined);
      }}
    />
  );
}
