import { Pagination } from 'antd';

/** The pager under a list shown as cards on a phone: compact, with the total in the list's unit. */
export function CardListPagination({
  data,
  unit,
  onChange,
}: {
  data: { page: number; pageSize: number; total: number } | undefined;
  /** 人, 户, 件 … */
  unit: string;
  onChange: (page: number, pageSize: number) => void;
}) {
  if (!data || data.total === 0) return null;
  return (
    <Pagination
      className="anju-pagination"
      simple
      current={data.page}
      pageSize={data.pageSize}
      total={data.total}
      onChange={onChange}
      showTotal={(n) => `共 ${n} ${unit}`}
    />
  );
}
