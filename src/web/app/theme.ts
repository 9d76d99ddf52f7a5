import type { ThemeConfig } from 'antd';

// A calm government blue; the fonts list puts the common Chinese system faces first.
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1f5fbf',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: {
      siderBg: '#14243d',
      headerBg: '#ffffff',
      headerHeight: 56,
      headerPadding: '0 16px',
      bodyBg: '#f3f5f8',
    },
    Menu: { darkItemBg: '#14243d', darkSubMenuItemBg: '#0f1c31', darkItemSelectedBg: '#1f5fbf' },
  },
};
