import { Spin } from 'antd';

export function PageLoading({ fullScreen }: { fullScreen?: boolean }) {
  return (
    <div className={fullScreen ? 'anju-loading anju-loading-full' : 'anju-loading'}>
      <Spin size="large" description="加载中…" />
    </div>
  );
}
