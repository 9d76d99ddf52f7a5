import { CheckOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Pagination, Segmented, Skeleton, Typography } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../../app/api.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { type NotificationView, useMarkRead, useNotificationList } from './api.js';
import { NotificationItem } from './NotificationItem.js';

const PAGE_SIZE = 20;

/** 我的通知: everything addressed to the signed-in user, newest first; filters live in the URL. */
export function NotificationsPage() {
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const unreadOnly = search.get('unread') === '1';
  const pageNumber = Number(search.get('page'));
  const page = Number.isInteger(pageNumber) && pageNumber > 0 ? pageNumber : 1;
  const list = useNotificationList({ unreadOnly, page, pageSize: PAGE_SIZE });
  const markRead = useMarkRead();
  const unread = list.data?.unread ?? 0;

  const setQuery = (next: { unread?: boolean; page?: number }) => {
    const params = new URLSearchParams(search);
    if (next.unread !== undefined) {
      if (next.unread) params.set('unread', '1');
      else params.delete('unread');
    }
    const p = next.page ?? 1;
    if (p > 1) params.set('page', String(p));
    else params.delete('page');
    setSearch(params);
  };

  const open = (n: NotificationView) => {
    if (!n.readAt) markRead.mutate([n.id]);
    if (n.link) navigate(n.link);
  };

  return (
    <>
      <PageHeader
        title="我的通知"
        description={unread > 0 ? `${unread} 条未读` : '没有未读通知'}
        extra={
          <Button
            icon={<CheckOutlined />}
            disabled={unread === 0}
            loading={markRead.isPending}
            data-testid="mark-all-read"
            onClick={() =>
              markRead.mutate('all', {
                onSuccess: (r) => message.success(`已将 ${r.updated} 条通知标记为已读`),
                onError: (e) => message.error(errorMessage(e)),
              })
            }
          >
            全部已读
          </Button>
        }
      />
      <Card
        size="small"
        title={
          <Segmented
            value={unreadOnly ? 'unread' : 'all'}
            options={[
              { label: '全部', value: 'all' },
              { label: '未读', value: 'unread' },
            ]}
            onChange={(v) => setQuery({ unread: v === 'unread' })}
          />
        }
      >
        {list.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : list.isError ? (
          <Typography.Text type="danger">{errorMessage(list.error)}</Typography.Text>
        ) : list.data.items.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={unreadOnly ? '没有未读通知' : '暂无通知。事件分派、转交、督办等消息会出现在这里'}
          />
        ) : (
          <div className="anju-notice-list" data-testid="notification-list">
            {list.data.items.map((n) => (
              <button type="button" key={n.id} className="anju-bell-item" onClick={() => open(n)}>
                <NotificationItem n={n} />
              </button>
            ))}
          </div>
        )}
        {list.data && list.data.total > PAGE_SIZE && (
          <Pagination
            className="anju-notice-pagination"
            current={page}
            pageSize={PAGE_SIZE}
            total={list.data.total}
            showSizeChanger={false}
            showTotal={(total) => `共 ${total} 条`}
            onChange={(p) => setQuery({ page: p })}
            size="small"
          />
        )}
      </Card>
    </>
  );
}
