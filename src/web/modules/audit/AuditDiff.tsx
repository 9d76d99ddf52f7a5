import { Descriptions, Table, Typography } from 'antd';
import type { AuditEvent } from './api.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === undefined) return '（无）';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function pretty(value: unknown): string {
  if (value === null || value === undefined) return '（无）';
  return JSON.stringify(value, null, 2);
}

interface Change {
  field: string;
  before: unknown;
  after: unknown;
}

/** Fields whose value differs between before and after (top level only; nested values compare as JSON). */
export function changedFields(before: unknown, after: unknown): Change[] {
  if (!isRecord(before) || !isRecord(after)) return [];
  const keys = Array.from(new Set([...Object.keys(before), ...Object.keys(after)]));
  return keys
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .map((field) => ({ field, before: before[field], after: after[field] }));
}

export function AuditDiff({ event }: { event: AuditEvent }) {
  const changes = changedFields(event.before, event.after);
  const changedKeys = new Set(changes.map((c) => c.field));
  return (
    <div className="anju-audit-detail">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'target',
            label: '对象编号',
            children: <span className="anju-mono">{event.targetId ?? '—'}</span>,
          },
          {
            key: 'place',
            label: '所属区域编号',
            children: <span className="anju-mono">{event.placeId ?? '—'}</span>,
          },
          { key: 'ip', label: 'IP 地址', children: <span className="anju-mono">{event.ip ?? '—'}</span> },
          { key: 'ua', label: '浏览器', children: <span className="anju-ua">{event.userAgent ?? '—'}</span> },
        ]}
      />
      {changes.length > 0 && (
        <Table<Change>
          className="anju-audit-changes"
          size="small"
          rowKey="field"
          pagination={false}
          dataSource={changes}
          columns={[
            {
              title: '变更字段',
              dataIndex: 'field',
              width: 160,
              render: (v: string) => <span className="anju-mono">{v}</span>,
            },
            {
              title: '变更前',
              dataIndex: 'before',
              render: (v: unknown) => <span className="anju-diff-del">{show(v)}</span>,
            },
            {
              title: '变更后',
              dataIndex: 'after',
              render: (v: unknown) => <span className="anju-diff-add">{show(v)}</span>,
            },
          ]}
        />
      )}
      <div className="anju-audit-json">
        <div>
          <Typography.Text type="secondary">变更前</Typography.Text>
          <pre className="anju-pre">
            {isRecord(event.before) ? renderLines(event.before, changedKeys, 'del') : pretty(event.before)}
          </pre>
        </div>
        <div>
          <Typography.Text type="secondary">变更后</Typography.Text>
          <pre className="anju-pre">
            {isRecord(event.after) ? renderLines(event.after, changedKeys, 'add') : pretty(event.after)}
          </pre>
        </div>
      </div>
    </div>
  );
}

/** Pretty JSON of an object with the changed top-level keys marked. */
function renderLines(value: Record<string, unknown>, changed: Set<string>, kind: 'add' | 'del') {
  const entries = Object.entries(value);
  return (
    <>
      {'{\n'}
      {entries.map(([key, v], index) => {
        const text = `  ${JSON.stringify(key)}: ${JSON.stringify(v, null, 2).replace(/\n/g, '\n  ')}${index < entries.length - 1 ? ',' : ''}\n`;
        return changed.has(key) ? (
          <span key={key} className={kind === 'add' ? 'anju-diff-add' : 'anju-diff-del'}>
            {text}
          </span>
        ) : (
          <span key={key}>{text}</span>
        );
      })}
      {'}'}
    </>
  );
}
