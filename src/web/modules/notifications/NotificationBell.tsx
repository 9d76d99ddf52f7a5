import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Dropdown, type DropdownProps, Empty, Spin, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../app/api.js';
import { type NotificationView, useMarkRead, useNotificationList, useUnreadCount } from './api.js';
import { NotificationItem } from './NotificationItem.js';

const LATEST = 8;
// antd passes this through to the popup aligner, which knows shiftX; antd's own type omits it.
const SHIFT_INTO_VIEW = { adjustX: 1, adjustY: 1, shiftX: true } as DropdownProps['autoAdjustOverflow'];

/** The bell in the top bar: unread count (polled), and the latest eight in a dropdown. */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const unread = useUnreadCount();
  const latest = useNotificationList({ unreadOnly: false, page: 1, pageSize: LATEST }, open);
  const markRead = useMarkRead();
  const count = unread.data?.count ?? 0;

  const openOne = async (n: NotificationView) => {
    setOpen(false);
    if (!n.readAt) markRead.mutate([n.id]);
    navigate(n.link ?? '/notifications');
  };

  const panel = (
    <div className="anju-bell-panel" data-testid="notification-panel">
      <div className="anju-bell-panel-head">
        <Typography.Text strong>通知</Typography.Text>
        <Button
          type="link"
          size="small"
          disabled={count === 0}
          loading={markRead.isPending}
          onClick={() => markRead.mutate('all', { onError: (e) => message.error(errorMessage(e)) })}
        >
          全部已读
        </Button>
      </div>
      <div className="anju-bell-panel-list">
        {latest.isPending ? (
          <div className="anju-bell-panel-empty">
            <Spin />
          </div>
        ) : latest.isError ? (
          <div className="anju-bell-panel-empty">
            <Typography.Text type="danger">{errorMessage(latest.error)}</Typography.Text>
          </div>
        ) : latest.data.items.length === 0 ? (
          <Empty
            className="anju-bell-panel-empty"
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description="暂无通知"
          />
        ) : (
          latest.data.items.map((n) => (
            <button type="button" key={n.id} className="anju-bell-item" onClick={() => openOne(n)}>
              <NotificationItem n={n} clamp />
            </button>
          ))
        )}
      </div>
      <div className="anju-bell-panel-foot">
        <Link to="/notifications" onClick={() => setOpen(false)}>
          查看全部通知
        </Link>
      </div>
    </div>
  );

  return (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      // On a phone the bell is not at the screen's edge: shift the panel inside the screen, never off it.
      autoAdjustOverflow={SHIFT_INTO_VIEW}
      open={open}
      onOpenChange={setOpen}
      popupRender={() => panel}
    >
      <Button
        type="text"
        className="anju-header-icon anju-bell"
        data-testid="notification-bell"
        aria-label={count > 0 ? `通知：${count} 条未读` : '通知'}
        icon={
          <Badge count={count} overflowCount={99} size="small" offset={[4, -2]}>
            <BellOutlined className="anju-bell-icon" />
          </Badge>
        }
      />
    </Dropdown>
  );
}
