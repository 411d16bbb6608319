import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ApiError, setUnauthenticatedHandler } from './api/client.ts';
import { useMe } from './api/auth.ts';
import { AppLayout, homeOf } from './components/AppLayout.tsx';
import { ErrorState, Loading } from './components/states.tsx';
import { LoginPage } from './scenes/login/LoginPage.tsx';

dayjs.locale('zh-cn');

const loadWorkbench = () => import('./scenes/workbench/WorkbenchPage.tsx');
const WorkbenchPage = lazy(loadWorkbench);
// The workbench is the usual first screen: fetch its chunk while the session check is in flight.
if (window.location.pathname === '/') void loadWorkbench();
const RegisterPage = lazy(() => import('./scenes/register/RegisterPage.tsx'));
const ItemListPage = lazy(() => import('./scenes/items/ItemListPage.tsx'));
const InboxPage = lazy(() => import('./scenes/items/InboxPage.tsx'));
const ItemDetailPage = lazy(() => import('./scenes/detail/ItemDetailPage.tsx'));
const AdminPage = lazy(() => import('./scenes/admin/AdminPage.tsx'));
const DashboardPage = lazy(() => import('./scenes/dashboard/DashboardPage.tsx'));
const ScorecardPage = lazy(() => import('./scenes/scorecard/ScorecardPage.tsx'));
const WorkloadPage = lazy(() => import('./scenes/workbench/WorkloadPage.tsx'));
const AuditPage = lazy(() => import('./scenes/audit/AuditPage.tsx'));
const SettingsPage = lazy(() => import('./scenes/settings/SettingsPage.tsx'));
const AccountSecurityPage = lazy(() => import('./scenes/security/AccountSecurityPage.tsx'));
const BacklogPage = lazy(() => import('./scenes/backlog/BacklogPage.tsx'));
const MyCasesPage = lazy(() => import('./scenes/backlog/MyCasesPage.tsx'));
const DailyReportPage = lazy(() => import('./scenes/backlog/DailyReportPage.tsx'));
const CampaignPage = lazy(() => import('./scenes/campaign/CampaignPage.tsx'));
const InstructionsPage = lazy(() => import('./scenes/instructions/InstructionsPage.tsx'));
const MeetingsPage = lazy(() => import('./scenes/meetings/MeetingsPage.tsx'));
const MeetingDetailPage = lazy(() => import('./scenes/meetings/MeetingDetailPage.tsx'));
const SupervisionRegisterPage = lazy(() => import('./scenes/supervision/SupervisionRegisterPage.tsx'));
const SupervisionDetailPage = lazy(() => import('./scenes/supervision/SupervisionDetailPage.tsx'));
const GrantsPage = lazy(() => import('./scenes/security/GrantsPage.tsx'));
const LeaderHomePage = lazy(() => import('./scenes/leader/LeaderHomePage.tsx'));
// 信访人查询: public, outside the staff layout and the session check.
const QueryPage = lazy(() => import('./scenes/public/QueryPage.tsx'));
const OnlinePage = lazy(() => import('./scenes/public/OnlinePage.tsx'));
const IntakePage = lazy(() => import('./scenes/intake/IntakePage.tsx'));

const queryClient: QueryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      retry: (n, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && n < 1,
    },
  },
  queryCache: new QueryCache(),
  mutationCache: new MutationCache(),
});
setUnauthenticatedHandler(() => queryClient.setQueryData(['me'], null));

function Shell() {
  const me = useMe();
  if (me.isPending) return <Loading tip="正在进入系统…" />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  if (!me.data) return <LoginPage />;
  const a = me.data.abilities;
  const home = homeOf(me.data.role, a);
  return (
    <AppLayout>
      <Suspense fallback={<Loading />}>
        <Routes>
          {/* Each role lands where its work is: the to-do list, the audit log, 领导首页, administration. */}
          <Route path="/" element={home ? <Navigate to={home} replace /> : <WorkbenchPage />} />
          {a.register && <Route path="/register" element={<RegisterPage />} />}
          {a.register && <Route path="/online-intake" element={<IntakePage />} />}
          {a.listItems && <Route path="/items" element={<ItemListPage />} />}
          {a.inbox && <Route path="/inbox" element={<InboxPage />} />}
          <Route path="/items/:id" element={<ItemDetailPage />} />
          {a.reports && <Route path="/dashboard" element={<DashboardPage />} />}
          {a.listItems && <Route path="/scorecard" element={<ScorecardPage />} />}
          {a.workload && <Route path="/workload" element={<WorkloadPage />} />}
          {a.administer && <Route path="/admin" element={<AdminPage />} />}
          {a.audit && <Route path="/audit" element={<AuditPage />} />}
          {me.data.role === 'security_admin' && <Route path="/security" element={<AccountSecurityPage />} />}
          {(a.register || a.inbox) && <Route path="/backlog" element={<BacklogPage bureau={a.register === true} />} />}
          {me.data.role === 'leader' && <Route path="/my-cases" element={<MyCasesPage />} />}
          {a.reports && <Route path="/daily-report" element={<DailyReportPage />} />}
          {(a.reports || a.inbox) && <Route path="/instructions" element={<InstructionsPage />} />}
          {(a.reports || a.inbox) && (
            <Route
              path="/supervisions"
              element={
                <SupervisionRegisterPage
                  bureau={a.register === true || me.data.role === 'leader'}
                  issuer={a.register === true}
                />
              }
            />
          )}
          {(a.reports || a.inbox) && <Route path="/supervisions/:id" element={<SupervisionDetailPage />} />}
          {(a.reports || a.inbox) && <Route path="/meetings" element={<MeetingsPage bureau={a.register === true} />} />}
          {(a.reports || a.inbox) && <Route path="/meetings/:id" element={<MeetingDetailPage />} />}
          {a.reports && <Route path="/campaigns" element={<CampaignPage bureau={a.register === true} />} />}
          {me.data.role === 'auditor' && a.grants && <Route path="/grants" element={<GrantsPage />} />}
          {me.data.role === 'leader' && a.reports && <Route path="/leader" element={<LeaderHomePage />} />}
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="/login" element={<Navigate to="/" replace />} />
          <Route
            path="*"
            element={<ErrorState error={new ApiError(404, 'NOT_FOUND', '页面不存在，或您无权使用此功能')} />}
          />
        </Routes>
      </Suspense>
    </AppLayout>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      theme={{
        token: {
          colorPrimary: '#1d4ed8',
          borderRadius: 4,
          fontFamily: '"Microsoft YaHei", "WenQuanYi Micro Hei", "PingFang SC", sans-serif',
        },
      }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Routes>
              <Route
                path="/query"
                element={
                  <Suspense fallback={<Loading tip="正在打开查询页面…" />}>
                    <QueryPage />
                  </Suspense>
                }
              />
              <Route
                path="/online"
                element={
                  <Suspense fallback={<Loading tip="正在打开网上信访…" />}>
                    <OnlinePage />
                  </Suspense>
                }
              />
              <Route path="*" element={<Shell />} />
            </Routes>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
