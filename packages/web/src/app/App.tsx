import { ConfigProvider, type ThemeConfig } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { queryClient } from './queryClient';
import { router } from './router';

const theme: ThemeConfig = {
  token: { colorPrimary: '#1f4fa3', borderRadius: 6 },
  components: { Layout: { headerBg: '#ffffff', siderBg: '#ffffff' } },
};

export function App() {
  // Re-renders on language change, so antd's own texts (pagination, pickers) follow.
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en-US' ? enUS : zhCN} theme={theme}>
      {/* antd's <App> (message, modal) lives in the lazily loaded frames: Shell and AuthCard. */}
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ConfigProvider>
  );
}
