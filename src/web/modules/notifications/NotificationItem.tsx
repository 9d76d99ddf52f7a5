import { Badge, Typography } from 'antd';
import { formatDateTime, fromNow } from '../../app/format.js';
import type { NotificationView } from './api.js';

/** One notification: unread ones carry a dot and a bold title; the time is absolute with the relative beside it. */
export function NotificationItem({ n, clamp = false }: { n: NotificationView; clamp?: boolean }) {
  const unread = !n.readAt;
  return (
    <div className={`anju-notice${unread ? ' is-unread' : ''}`}>
      <Badge status={unread ? 'processing' : 'default'} className="anju-notice-dot" />
      <div className="anju-notice-text">
        <Typography.Text
          strong={unread}
          className="anju-notice-title"
          ellipsis={clamp ? { tooltip: n.title } : false}
        >
          {n.title}
        </Typography.Text>
        {n.body && (
          <Typography.Paragraph
            type="secondary"
            className="anju-notice-body"
            ellipsis={clamp ? { rows: 2 } : false}
          >
            {n.body}
          </Typography.Paragraph>
        )}
        <Typography.Text type="secondary" className="anju-notice-time">
          {formatDateTime(n.createdAt)}（{fromNow(n.createdAt)}）{unread ? '' : ' · 已读'}
        </Typography.Text>
      </div>
    </div>
  );
}
