import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, DatePicker, Empty, Form, Grid, Select, Spin } from 'antd';
import { DIARY_TOPICS } from '../../../shared/grid.js';
import { errorMessage } from '../../app/api.js';
import { CardListPagination } from '../../app/components/CardListPagination.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { dayjs } from '../../app/format.js';
import { useListParams } from '../../app/listParams.js';
import { gridApi, gridKeys } from './api.js';
import { DiaryCard } from './DiaryCard.js';
import { opts } from './meta.js';
import './grid.css';
import '../registry/tenancies/tenancies.css';

const KEYS = ['placeId', 'topic', 'from', 'to', 'mine', 'userId'] as const;

export function DiaryPage() {
  const isMobile = Grid.useBreakpoint().md === false;
  const { page, filters: f, set, clear } = useListParams(KEYS);
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
            <Button onClick={() => clear()}>重置</Button>
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
