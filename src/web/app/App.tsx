import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, Button, ConfigProvider, Result } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AppShell } from './AppShell.js';
import { isApiError } from './api.js';
import { AuthProvider } from './auth.js';
import { PageLoading } from './components/PageLoading.js';
import './format.js';
import { RequireAuth, RequirePermission } from './guards.js';
import { ChangePasswordPage } from './pages/ChangePasswordPage.js';
import { HomePage } from './pages/HomePage.js';
import { LoginPage } from './pages/LoginPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { theme } from './theme.js';

// Each capability's pages load on first visit, so the login page stays small.
const PlacesPage = lazy(() =>
  import('../modules/org/PlacesPage.js').then((m) => ({ default: m.PlacesPage })),
);
const UsersPage = lazy(() => import('../modules/org/UsersPage.js').then((m) => ({ default: m.UsersPage })));
const RolesPage = lazy(() => import('../modules/org/RolesPage.js').then((m) => ({ default: m.RolesPage })));
const AuditPage = lazy(() => import('../modules/audit/AuditPage.js').then((m) => ({ default: m.AuditPage })));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will answer the same way again; only network trouble and 5xx are worth a retry.
      retry: (count, error) => count < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
    mutations: { retry: false },
  },
});

function SessionFailed({ retry }: { retry: () => void }) {
  return (
    <Result
      status="warning"
      title="暂时无法连接服务器"
      subTitle="请检查网络连接，或稍后再试。"
      extra={
        <Button type="primary" onClick={retry}>
          重试
        </Button>
      }
    />
  );
}

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={theme}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AuthProvider
              loading={<PageLoading fullScreen />}
              failed={(retry) => <SessionFailed retry={retry} />}
            >
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route element={<RequireAuth />}>
                  <Route path="/change-password" element={<ChangePasswordPage />} />
                  <Route element={<AppShell />}>
                    <Route index element={<HomePage />} />
                    <Route
                      path="/org/places"
                      element={
                        <RequirePermission permission="org.place.read">
                          <PlacesPage />
                        </RequirePermission>
                      }
                    />
                    <Route
                      path="/org/users"
                      element={
                        <RequirePermission permission="org.user.read">
                          <UsersPage />
                        </RequirePermission>
                      }
                    />
                    <Route
                      path="/org/roles"
                      element={
                        <RequirePermission permission="org.role.manage">
                          <RolesPage />
                        </RequirePermission>
                      }
                    />
                    <Route
                      path="/audit/events"
                      element={
                        <RequirePermission permission="audit.read">
                          <AuditPage />
                        </RequirePermission>
                      }
                    />
                    <Route path="*" element={<NotFoundPage />} />
                  </Route>
                </Route>
              </Routes>
            </AuthProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
