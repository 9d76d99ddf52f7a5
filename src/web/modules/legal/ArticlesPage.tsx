import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { ARTICLE_CATEGORIES, type ArticleCategory } from '../../../shared/legal.js';
import { errorMessage } from '../../app/api.js';
import { useAuth } from '../../app/auth.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { PlaceTreeSelect } from '../../app/components/PlaceTreeSelect.js';
import { formatDateTime } from '../../app/format.js';
import { useSaving, validValues } from '../../app/forms.js';
import { type ArticleList, legalApi, legalKeys } from './api.js';
import { categoryLabel, opts } from './meta.js';
import './legal.css';

type Row = ArticleList['items'][number];

/** 知识库: laws explained, FAQs, cases and guides; residents read the published ones on their phones. */
export function ArticlesPage() {
  const { can } = useAuth();
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [query, setQuery] = useState<{ placeId?: string; category?: string; q?: string; page: number }>({
    page: 1,
  });
  const [viewing, setViewing] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const list = useQuery({ queryKey: legalKeys.articles(query), queryFn: () => legalApi.articles(query) });

  const remove = (r: Row) =>
    modal.confirm({
      title: `删除文章「${r.title}」？`,
      content: '删除后居民将无法再看到这篇文章。',
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          await legalApi.removeArticle(r.id);
          await queryClient.invalidateQueries({ queryKey: ['legal', 'articles'] });
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });

  return (
    <div>
      <PageHeader
        title="知识库"
        description="法律解读、常见问题、以案说法与办事指南；公开的文章居民可在手机上查看"
        extra={
          can('legal.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              新增文章
            </Button>
          )
        }
      />
      <Card className="anju-card anju-query-card">
        <Form layout="inline" className="anju-query-form">
          <Form.Item label="区域">
            <PlaceTreeSelect
              value={query.placeId}
              style={{ minWidth: 200 }}
              placeholder="全部区域"
              onChange={(v) => setQuery((q) => ({ ...q, placeId: v, page: 1 }))}
            />
          </Form.Item>
          <Form.Item label="栏目">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 130 }}
              options={opts(ARTICLE_CATEGORIES)}
              onChange={(v) => setQuery((q) => ({ ...q, category: v, page: 1 }))}
            />
          </Form.Item>
          <Form.Item label="搜索">
            <Input.Search
              allowClear
              maxLength={50}
              placeholder="标题或正文"
              onSearch={(v) => setQuery((q) => ({ ...q, q: v.trim() || undefined, page: 1 }))}
            />
          </Form.Item>
        </Form>
      </Card>
      {list.isError && (
        <Alert type="error" showIcon title={errorMessage(list.error)} className="anju-block-gap" />
      )}
      <Card className="anju-card">
        <Table<Row>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items}
          scroll={{ x: 800 }}
          locale={{ emptyText: '没有找到文章' }}
          pagination={{
            current: query.page,
            total: list.data?.total,
            showTotal: (n) => `共 ${n} 篇`,
            onChange: (page) => setQuery((q) => ({ ...q, page })),
          }}
          columns={[
            {
              title: '标题',
              dataIndex: 'title',
              render: (t: string, r) => (
                <Button type="link" className="anju-link-button" onClick={() => setViewing(r.id)}>
                  {t}
                </Button>
              ),
            },
            { title: '栏目', dataIndex: 'category', render: (c: string) => <Tag>{categoryLabel(c)}</Tag> },
            { title: '发布范围', dataIndex: 'placeName' },
            {
              title: '公开',
              dataIndex: 'published',
              render: (v: boolean) => (v ? <Tag color="green">公开</Tag> : <Tag>未公开</Tag>),
            },
            { title: '更新时间', dataIndex: 'updatedAt', render: formatDateTime },
            ...(can('legal.manage')
              ? [
                  {
                    title: '操作',
                    render: (_: unknown, r: Row) => (
                      <Space>
                        <Button type="link" onClick={() => setEditing(r.id)}>
                          编辑
                        </Button>
                        <Button type="link" danger onClick={() => remove(r)}>
                          删除
                        </Button>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {viewing && <ArticleDrawer id={viewing} onClose={() => setViewing(null)} />}
      {editing && <ArticleModal id={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

function ArticleDrawer({ id, onClose }: { id: string; onClose(): void }) {
  const a = useQuery({ queryKey: legalKeys.article(id), queryFn: () => legalApi.article(id) });
  return (
    <Drawer open width={560} title={a.data?.title ?? '文章'} onClose={onClose}>
      {a.data && (
        <>
          <Space className="anju-block-gap">
            <Tag>{categoryLabel(a.data.category)}</Tag>
            <Typography.Text type="secondary">{formatDateTime(a.data.updatedAt)}</Typography.Text>
          </Space>
          {/* Plain text: the body is never rendered as markup. */}
          <div className="legal-pre">{a.data.body}</div>
        </>
      )}
    </Drawer>
  );
}

interface Values {
  placeId?: string;
  category?: ArticleCategory;
  title?: string;
  body?: string;
  published?: boolean;
}

function ArticleModal({ id, onClose }: { id: string | null; onClose(): void }) {
  const [form] = Form.useForm<Values>();
  const { saving, run } = useSaving(form);
  const queryClient = useQueryClient();
  const existing = useQuery({
    queryKey: legalKeys.article(id ?? ''),
    queryFn: () => legalApi.article(id!),
    enabled: id !== null,
  });
  if (id && !existing.data) return null;
  return (
    <Modal
      open
      width={640}
      title={id ? '编辑文章' : '新增文章'}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        const v = await validValues(form);
        if (!v) return;
        const body = {
          category: v.category!,
          title: v.title ?? '',
          body: v.body ?? '',
          published: v.published ?? true,
        };
        await run(async () => {
          if (id) await legalApi.updateArticle(id, body);
          else await legalApi.createArticle({ ...body, placeId: v.placeId! });
          await queryClient.invalidateQueries({ queryKey: ['legal'] });
          onClose();
        });
      }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={existing.data ?? { category: 'faq', published: true }}
      >
        {!id && (
          <Form.Item
            name="placeId"
            label="发布范围（街道发布则全街道小区可见）"
            rules={[{ required: true, message: '请选择' }]}
          >
            <PlaceTreeSelect placeholder="选择街道、社区或小区" />
          </Form.Item>
        )}
        <Form.Item name="category" label="栏目" rules={[{ required: true, message: '请选择栏目' }]}>
          <Select options={opts(ARTICLE_CATEGORIES)} />
        </Form.Item>
        <Form.Item
          name="title"
          label="标题"
          rules={[{ required: true, whitespace: true, message: '请填写标题' }]}
        >
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item
          name="body"
          label="正文（纯文本，空行分段）"
          rules={[{ required: true, whitespace: true, message: '请填写正文' }]}
        >
          <Input.TextArea rows={10} maxLength={20000} showCount />
        </Form.Item>
        <Form.Item name="published" label="向居民公开" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
