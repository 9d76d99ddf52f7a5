import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, DatePicker, Empty, Form, Grid, Select, Spin } from 'antd';
import { useSearchParams } from 'react-router';
import { DIARY_TOPICS } from '../../../shared/grid.js';
import { errorMessage } from '../../app/api.js';
import { CardListPagination } from '../../app/components/CardListPagination.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { dayjs } from '../../app/format.js';
import { gridApi, gridKeys } from './api.js';
import { DiaryCard } from './DiaryCard.js';
import { opts } from './meta.js';
import './grid.css';
import '../registry/tenancies/tenancies.css';

const KEYS = ['placeId', 'topic', 'from', 'to', 'mine', 'userId'] as const;

export function DiaryPage() {
  const isMobile = Grid.useBreakpoint().md === false;
  const [search, setSearch] = useSearchParams();
  const f = Object.fromEntries(KEYS.map((k) => [k, search.get(k) || undefined])) as Record<
    (typeof KEYS)[number],
    string | undefined
  >;
  const page = Math.max(1, Number(search.get('page')) || 1);
  const set = (next: Record<string, string | number | undefined>) => {
    const out = new URLSearchParams(search);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined || v === '' || (k === 'page' && v === 1)) out.delete(k);
      else out.set(k, String(v));
    }
    if (!('page' in next)) out.delete('page');
    setSearch(out);
  };
  const query = { ...f, page, pageSize: 20 };
  const list = useQuery({
    queryKey: gridKeys.diary(query),
    queryFn: () => gridApi.diary(query),
    placeholderData: keepPreviousData,
  });
  const data = list.data;
  const hasFilters = KEYS.some((k) => f[k]);

  return (
    <div>
      <PageHeader title="民情日记" description="网格员入户走访、巡查和听取意见的记录" />
      <Card className="anju-card anju-query-card">
        <Form layout={isMobile ? 'vertical' : 'inline'} className="anju-query-form">
          <Form.Item label="地点">
            <PlaceTreeSelect
              value={f.placeId}
              style={{ minWidth: 180 }}
              placeholder="全部区域"
              onChange={(placeId) => set({ placeId })}
            />
          </Form.Item>
          <Form.Item label="走访事项">
            <Select
              allowClear
              placeholder="全部事项"
              style={{ minWidth: 140 }}
              value={f.topic}
              options={opts(DIARY_TOPICS)}
              onChange={(topic?: string) => set({ topic })}
            />
          </Form.Item>
          <Form.Item label="走访日期">
            <DatePicker.RangePicker
              style={{ maxWidth: '100%' }}
              value={f.from && f.to ? [dayjs(f.from), dayjs(f.to)] : null}
              onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
            />
          </Form.Item>
          <Form.Item>
            <Checkbox
              checked={f.mine === 'true'}
              onChange={(e) => set({ mine: e.target.checked ? 'true' : undefined })}
            >
              只看我写的
            </Checkbox>
          </Form.Item>
          <Form.Item>
            <Button onClick={() => setSearch(new URLSearchParams())}>重置</Button>
          </Form.Item>
        </Form>
      </Card>
      <Card className="anju-card" title={data ? `民情日记（共 ${data.total} 篇）` : '民情日记'}>
        {list.isError && (
          <Alert type="error" showIcon title={errorMessage(list.error)} className="anju-block-gap" />
        )}
        <Spin spinning={list.isFetching}>
          {data && data.items.length === 0 ? (
            <Empty
              description={
                hasFilters
                  ? '没有符合条件的日记，可清空筛选条件后再查'
                  : '暂无民情日记，网格员可在「我的今日」记录走访'
              }
            />
          ) : (
            <div className="anju-grid-diary-list">
              {data?.items.map((e) => (
                <DiaryCard key={e.id} entry={e} />
              ))}
              {!data && <div className="anju-rg-wait" />}
            </div>
          )}
        </Spin>
        <CardListPagination data={data} unit="篇" onChange={(p) => set({ page: p })} />
      </Card>
    </div>
  );
}
