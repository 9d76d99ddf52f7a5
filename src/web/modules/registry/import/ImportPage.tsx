import {
  CheckCircleFilled,
  CloseCircleFilled,
  DownloadOutlined,
  FileExcelOutlined,
  InboxOutlined,
  ReloadOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Form,
  Grid,
  List,
  Progress,
  Radio,
  Result,
  Row,
  Space,
  Statistic,
  Steps,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { IMPORT_KIND_LABELS } from '../../../../shared/api/registry.js';
import { errorMessage, isApiError } from '../../../app/api.js';
import { PageHeader } from '../../../app/components/PageHeader.js';
import { type PlaceLite, PlaceTreeSelect } from '../../../app/components/PlaceTreeSelect.js';
import { formatDateTime } from '../../../app/format.js';
import { useCurrentPlace } from '../../../app/place.js';
import {
  FINISHED,
  type ImportKind,
  type ImportStatus,
  type ImportSummary,
  importApi,
  importKeys,
  MAX_IMPORT_BYTES,
} from './api.js';
import '../tenancies/tenancies.css';
import './import.css';

const KINDS = Object.keys(IMPORT_KIND_LABELS) as ImportKind[];

/** What each template holds, in the words of its header row. */
const KIND_HINT: Record<ImportKind, string> = {
  houses: '每行一套房屋：楼栋、单元、房号、楼层、专有面积、用途等。',
  people: '每行一人：姓名、证件类型与号码、手机、人口类型，以及住在哪栋哪单元哪一户、与户主关系。',
  tenancies: '每行一名承租人：房屋（楼栋单元房号）、出租人、承租人姓名与证件号码、起租与到期日期。',
};

const STATUS_TAG: Record<ImportStatus['status'], { color: string; label: string }> = {
  reading: { color: 'processing', label: '读取中' },
  writing: { color: 'processing', label: '写入中' },
  done: { color: 'green', label: '已完成' },
  rejected: { color: 'red', label: '未导入' },
  failed: { color: 'red', label: '失败' },
};

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The browser's own checks, before a byte is sent; the server checks the same again. */
function checkFile(file: File): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xls') || name.endsWith('.csv') || name.endsWith('.et') || !name.endsWith('.xlsx'))
    return `「${file.name}」不是 .xlsx 文件。请下载模板填写，或在 Excel / WPS 中“另存为” Excel 工作簿（*.xlsx）后再导入。`;
  if (file.size > MAX_IMPORT_BYTES)
    return `「${file.name}」有 ${mb(file.size)}，超过 30 MB 上限。请把数据拆成几个文件分别导入。`;
  if (file.size === 0) return `「${file.name}」是空文件，请检查后重新选择。`;
  return null;
}

function ErrorTable({ status }: { status: ImportStatus }) {
  const isMobile = Grid.useBreakpoint().md === false;
  const rows = status.errors.map((e, i) => ({ ...e, key: `${e.row}-${e.column}-${i}` }));
  const columns: TableColumnsType<(typeof rows)[number]> = [
    { title: '行', dataIndex: 'row', width: 70, render: (n: number) => `第 ${n} 行` },
    { title: '列', dataIndex: 'column', width: 140 },
    { title: '问题', dataIndex: 'message' },
  ];
  return (
    <>
      {isMobile ? (
        <List
          size="small"
          bordered
          dataSource={rows}
          renderItem={(e) => (
            <List.Item>
              <div>
                <Typography.Text strong>
                  第 {e.row} 行 · {e.column}
                </Typography.Text>
                <div>{e.message}</div>
              </div>
            </List.Item>
          )}
        />
      ) : (
        <Table
          size="small"
          bordered
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ y: 360 }}
        />
      )}
      {status.errorCount > status.errors.length && (
        <Typography.Paragraph type="secondary" className="anju-im-note">
          共 {status.errorCount} 处问题，这里列出前 {status.errors.length}{' '}
          处；全部问题已在错误报告中用红色标出。
        </Typography.Paragraph>
      )}
    </>
  );
}

function ResultPanel({ status, onAgain }: { status: ImportStatus; onAgain(): void }) {
  const { message } = App.useApp();
  const [downloading, setDownloading] = useState(false);
  const getReport = async () => {
    setDownloading(true);
    try {
      await importApi.report(status.id, status.fileName);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setDownloading(false);
    }
  };
  const reportButton = status.hasReport && (
    <Button icon={<DownloadOutlined />} loading={downloading} onClick={getReport}>
      下载错误报告
    </Button>
  );
  const again = (
    <Button type="primary" onClick={onAgain}>
      再导入一个文件
    </Button>
  );
  const label = IMPORT_KIND_LABELS[status.kind];

  if (status.status === 'done') {
    return (
      <div data-testid="import-result">
        <Result
          status="success"
          title={`${label}导入完成`}
          subTitle={`「${status.fileName}」→ ${status.placeName}，共读取 ${status.rowsTotal} 行。`}
          extra={
            <Space wrap>
              {again}
              {reportButton}
            </Space>
          }
        >
          <Row gutter={16} className="anju-im-figures">
            <Col span={8}>
              <Statistic
                title="新增"
                value={status.created}
                suffix="条"
                styles={{ content: { color: '#389e0d' } }}
              />
            </Col>
            <Col span={8}>
              <Statistic
                title="更新"
                value={status.updated}
                suffix="条"
                styles={{ content: { color: '#1f5fbf' } }}
              />
            </Col>
            <Col span={8}>
              <Statistic title="跳过" value={status.skipped} suffix="条" />
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" className="anju-im-note">
            “更新”是系统里已有、这次按表格内容更新的记录；“跳过”是与系统中完全一致
            {status.mode === 'valid' ? '或有问题未导入' : ''}的行。
          </Typography.Paragraph>
          {status.errorCount > 0 && (
            <>
              <Alert
                type="warning"
                showIcon
                className="anju-block-gap"
                title={`发现 ${status.errorCount} 处问题，所在的行没有导入。改正后重新导入同一文件即可，已导入的行不会重复。`}
              />
              <ErrorTable status={status} />
            </>
          )}
        </Result>
      </div>
    );
  }
  if (status.status === 'rejected') {
    return (
      <div data-testid="import-result">
        <Result
          status="error"
          icon={<CloseCircleFilled />}
          title={`未导入：文件中有 ${status.errorCount} 处问题`}
          subTitle={
            status.message ||
            '为避免只导入一部分，默认要求全部无误才导入。请按下表或错误报告改正后重新上传，也可以勾选「仅导入无误的行」。'
          }
          extra={
            <Space wrap>
              {reportButton}
              {again}
            </Space>
          }
        >
          <ErrorTable status={status} />
        </Result>
      </div>
    );
  }
  return (
    <div data-testid="import-result">
      <Result
        status="warning"
        title="导入失败"
        subTitle={status.message || '处理文件时出错，没有数据被导入。请稍后重试；仍不行请联系系统管理员。'}
        extra={again}
      />
    </div>
  );
}

export function ImportPage() {
  const { place } = useCurrentPlace();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isMobile = Grid.useBreakpoint().md === false;
  const [search, setSearch] = useSearchParams();

  const kindParam = search.get('kind');
  const kind: ImportKind = KINDS.includes(kindParam as ImportKind) ? (kindParam as ImportKind) : 'houses';
  const importId = search.get('id');
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: key === 'kind' });
  };

  // The estate the rows go into: the top bar's place when it is one, else the user picks.
  const [target, setTarget] = useState<PlaceLite | undefined>(place?.kind === 'estate' ? place : undefined);
  useEffect(() => {
    if (place?.kind === 'estate') setTarget(place);
  }, [place]);
  const placeId = target?.id;
  const [onlyValid, setOnlyValid] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [uploaded, setUploaded] = useState<number | null>(null);
  const [templateLoading, setTemplateLoading] = useState(false);

  const status = useQuery({
    queryKey: importKeys.status(importId ?? ''),
    queryFn: () => importApi.status(importId!),
    enabled: !!importId,
    refetchInterval: (q) =>
      q.state.status === 'error' || (q.state.data && FINISHED.has(q.state.data.status)) ? false : 700,
  });
  const current = status.data;
  const finished = !!current && FINISHED.has(current.status);

  const history = useQuery({
    queryKey: importKeys.history(place?.id),
    queryFn: () => importApi.history(place?.id),
  });

  // When an import ends, every list may have changed; the history gains a row.
  useEffect(() => {
    if (finished) {
      queryClient.invalidateQueries({ queryKey: ['registry'] });
    }
  }, [finished, queryClient]);

  const busy = uploaded !== null || (!!importId && !finished && !status.isError);

  const start = async () => {
    if (!file || !placeId) return;
    setUploaded(0);
    try {
      const { id } = await importApi.start(
        file,
        { kind, placeId, mode: onlyValid ? 'valid' : 'all', fileName: file.name },
        (f) => setUploaded(f),
      );
      setFile(null);
      setParam('id', id);
    } catch (error) {
      message.error(
        isApiError(error) && error.status === 404 ? '导入服务暂不可用，请稍后再试' : errorMessage(error),
      );
    } finally {
      setUploaded(null);
    }
  };

  const getTemplate = async () => {
    setTemplateLoading(true);
    try {
      await importApi.template(kind, IMPORT_KIND_LABELS[kind]);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setTemplateLoading(false);
    }
  };

  const step = finished ? 2 : importId || uploaded !== null || placeId ? 1 : 0;
  const rowPercent =
    current && current.rowsTotal > 0
      ? Math.min(100, Math.round((current.rowsRead / current.rowsTotal) * 100))
      : 0;

  const historyColumns: TableColumnsType<ImportSummary> = [
    { title: '时间', dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
    { title: '类型', dataIndex: 'kind', width: 90, render: (k: ImportKind) => IMPORT_KIND_LABELS[k] },
    { title: '小区', dataIndex: 'placeName', width: 140 },
    {
      title: '文件',
      dataIndex: 'fileName',
      ellipsis: true,
      render: (v: string) => (
        <span>
          <FileExcelOutlined className="anju-im-xlsx" /> {v}
        </span>
      ),
    },
    {
      title: '方式',
      dataIndex: 'mode',
      width: 120,
      render: (m: string) => (m === 'valid' ? '仅导入无误的行' : '全部无误才导入'),
    },
    {
      title: '结果',
      key: 'status',
      width: 220,
      render: (_, r) => (
        <Space size={4} wrap>
          <Tag color={STATUS_TAG[r.status].color}>{STATUS_TAG[r.status].label}</Tag>
          {r.status === 'done' && (
            <Typography.Text type="secondary">
              新增 {r.created} · 更新 {r.updated} · 跳过 {r.skipped}
            </Typography.Text>
          )}
          {r.errorCount > 0 && <Typography.Text type="danger">{r.errorCount} 处问题</Typography.Text>}
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      render: (_, r) => (
        <Space size={12}>
          <Typography.Link onClick={() => setParam('id', r.id)}>查看</Typography.Link>
          {r.hasReport && (
            <Typography.Link
              onClick={() => importApi.report(r.id, r.fileName).catch((e) => message.error(errorMessage(e)))}
            >
              错误报告
            </Typography.Link>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div>
      <PageHeader
        title="数据导入"
        description="用 Excel 批量登记房屋、人口与出租信息。先下载模板填写，再上传。"
      />
      <Card className="anju-card">
        <Steps
          current={step}
          size="small"
          responsive={false}
          titlePlacement={isMobile ? 'vertical' : 'horizontal'}
          items={[
            { title: '选择类型与小区', content: isMobile ? undefined : '并下载模板' },
            { title: '上传文件', content: isMobile ? undefined : '.xlsx，不超过 30 MB' },
            { title: '查看结果', content: isMobile ? undefined : '新增、更新或问题清单' },
          ]}
        />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card className="anju-card anju-fill" title="1 选择类型与小区">
            <Form layout="vertical" requiredMark>
              <Form.Item label="导入类型" required>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  value={kind}
                  disabled={busy}
                  onChange={(e) => setParam('kind', e.target.value)}
                  options={KINDS.map((k) => ({ value: k, label: IMPORT_KIND_LABELS[k] }))}
                />
                <Typography.Paragraph type="secondary" className="anju-im-hint">
                  {KIND_HINT[kind]}
                </Typography.Paragraph>
              </Form.Item>
              <Form.Item
                label="导入到小区"
                required
                extra="表格中的楼栋、单元按名称在这个小区里查找（如“3栋”“3号楼”都能对上）"
              >
                <PlaceTreeSelect
                  value={placeId}
                  knownPlaces={target ? [target] : undefined}
                  onChange={(id, p) =>
                    setTarget(id ? (p ?? (target?.id === id ? target : undefined)) : undefined)
                  }
                  placeholder="请选择小区"
                  isDisabled={(p) => p.kind !== 'estate'}
                  style={{ width: '100%' }}
                />
              </Form.Item>
              <Button
                icon={<DownloadOutlined />}
                loading={templateLoading}
                onClick={getTemplate}
                block={isMobile}
              >
                下载{IMPORT_KIND_LABELS[kind]}导入模板
              </Button>
            </Form>
            <Alert
              className="anju-im-tip"
              type="info"
              showIcon
              title="可以放心重复导入"
              description="系统按房屋地址（楼栋+单元+房号）和证件号码认出已有的记录：同一个文件改正后再导入一次，只会更新这些记录，不会重复新增。"
            />
          </Card>
        </Col>

        <Col xs={24} lg={14}>
          <Card className="anju-card anju-fill" title={finished ? '3 导入结果' : '2 上传文件'}>
            {current && finished ? (
              <ResultPanel
                status={current}
                onAgain={() => {
                  setParam('id', null);
                  setFile(null);
                  setFileError(null);
                }}
              />
            ) : importId && status.isError ? (
              <Result
                status="warning"
                title="查不到这次导入的进度"
                subTitle={errorMessage(status.error)}
                extra={<Button onClick={() => setParam('id', null)}>重新导入</Button>}
              />
            ) : uploaded !== null || importId ? (
              <div className="anju-im-progress">
                <Typography.Text strong>
                  {uploaded !== null
                    ? `正在上传「${file?.name ?? ''}」…`
                    : current?.status === 'writing'
                      ? '正在写入数据…'
                      : '正在检查每一行…'}
                </Typography.Text>
                <Progress
                  percent={uploaded !== null ? Math.round(uploaded * 100) : 100}
                  status={uploaded !== null ? 'active' : 'success'}
                  format={(p) => (uploaded !== null ? `上传 ${p}%` : '已上传')}
                />
                {uploaded === null && (
                  <Progress
                    percent={rowPercent}
                    status="active"
                    format={() =>
                      current && current.rowsTotal > 0
                        ? `${current.rowsRead} / ${current.rowsTotal} 行`
                        : '准备中'
                    }
                  />
                )}
                <Typography.Paragraph type="secondary">
                  可以离开本页，导入在后台继续，结果会记在下方的导入记录里。
                </Typography.Paragraph>
              </div>
            ) : (
              <>
                <Upload.Dragger
                  data-testid="import-upload"
                  accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  multiple={false}
                  showUploadList={false}
                  disabled={!placeId}
                  beforeUpload={(f) => {
                    const problem = checkFile(f);
                    setFileError(problem);
                    setFile(problem ? null : f);
                    return false;
                  }}
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">
                    {placeId ? '把 Excel 文件拖到这里，或点击选择文件' : '请先在左侧选择要导入到的小区'}
                  </p>
                  <p className="ant-upload-hint">仅支持 .xlsx 格式，单个文件不超过 30 MB</p>
                </Upload.Dragger>
                {fileError && <Alert type="error" showIcon className="anju-im-gap" title={fileError} />}
                {file && (
                  <div className="anju-im-file">
                    <FileExcelOutlined className="anju-im-xlsx" />
                    <span className="anju-im-file-name">{file.name}</span>
                    <Typography.Text type="secondary">{mb(file.size)}</Typography.Text>
                    <Typography.Link onClick={() => setFile(null)}>移除</Typography.Link>
                  </div>
                )}
                <Checkbox
                  className="anju-im-gap"
                  checked={onlyValid}
                  onChange={(e) => setOnlyValid(e.target.checked)}
                >
                  仅导入无误的行（默认全部无误才导入）
                </Checkbox>
                <Typography.Paragraph type="secondary" className="anju-im-hint">
                  {onlyValid
                    ? '有问题的行会跳过，其余的行照常导入；问题行可在错误报告中改正后再导入。'
                    : '只要有一行有问题，整个文件都不导入，并列出每处问题，改好后再传。'}
                </Typography.Paragraph>
                <Button
                  type="primary"
                  size="large"
                  icon={<CheckCircleFilled />}
                  disabled={!file || !placeId}
                  onClick={start}
                  block={isMobile}
                >
                  开始导入
                </Button>
              </>
            )}
          </Card>
        </Col>
      </Row>

      <Card
        className="anju-card"
        title={place ? `导入记录（${place.name}）` : '导入记录'}
        extra={
          <Tooltip title="刷新">
            <Button
              type="text"
              icon={<ReloadOutlined />}
              aria-label="刷新"
              onClick={() => queryClient.invalidateQueries({ queryKey: importKeys.all })}
            />
          </Tooltip>
        }
      >
        {history.isError && (
          <Alert
            type="error"
            showIcon
            className="anju-block-gap"
            title={
              isApiError(history.error) && history.error.status === 404
                ? '导入记录暂不可用'
                : errorMessage(history.error)
            }
          />
        )}
        <Table<ImportSummary>
          rowKey="id"
          size="middle"
          columns={historyColumns}
          dataSource={history.data ?? []}
          loading={history.isFetching}
          scroll={{ x: 1000 }}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 次` }}
          locale={{
            emptyText: history.data ? (
              <Empty description="还没有导入过，可按上面的步骤导入第一个文件" />
            ) : (
              <div className="anju-rg-wait" />
            ),
          }}
        />
      </Card>
    </div>
  );
}
