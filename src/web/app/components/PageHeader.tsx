import { Typography } from 'antd';
import type { ReactNode } from 'react';

/** The title row of a page: name, one line of explanation, and the page's primary actions. */
export function PageHeader({
  title,
  description,
  extra,
}: {
  title: ReactNode;
  description?: ReactNode;
  extra?: ReactNode;
}) {
  return (
    <div className="anju-page-header">
      <div className="anju-page-header-text">
        <Typography.Title level={4} className="anju-page-title">
          {title}
        </Typography.Title>
        {description && <Typography.Text type="secondary">{description}</Typography.Text>}
      </div>
      {extra && <div className="anju-page-header-extra">{extra}</div>}
    </div>
  );
}
