import { Card, Tag, Typography } from 'antd';
import { DIARY_TOPICS } from '../../../shared/grid.js';
import { formatDateTime } from '../../app/format.js';
import type { DiaryEntry } from './api.js';
import { PhotoStrip } from './meta.js';

export function DiaryCard({ entry }: { entry: DiaryEntry }) {
  return (
    <Card size="small" className="anju-grid-diary-card" data-testid="diary-card">
      <div className="anju-rg-card-head">
        <span>
          <Tag color="blue">{DIARY_TOPICS[entry.topic] ?? entry.topic}</Tag>
          {entry.person && <strong>{entry.person.name}</strong>}
        </span>
        {entry.needsFollowUp && <Tag color="orange">需跟进</Tag>}
      </div>
      <div className="anju-grid-meta">
        <span className="anju-mono">{formatDateTime(entry.visitedAt)}</span>
        <span>{entry.authorName}</span>
        <span>{entry.house?.address ?? entry.placeName}</span>
      </div>
      <Typography.Paragraph className="anju-grid-text" style={{ marginBottom: 0 }}>
        {entry.said}
      </Typography.Paragraph>
      {entry.followUp && (
        <Typography.Text type="secondary" className="anju-grid-text">
          后续跟进：{entry.followUp}
        </Typography.Text>
      )}
      <PhotoStrip photos={entry.photos} size={64} />
    </Card>
  );
}
