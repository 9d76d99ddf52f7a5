import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, Button, ConfigProvider, Result } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { type ComponentType, lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import type { Permission } from '../../shared/permissions.js';
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
const PublicRequestPage = lazy(() =>
  import('../modules/requests/PublicRequestPage.js').then((m) => ({ default: m.PublicRequestPage })),
);
const RequestStatusPage = lazy(() =>
  import('../modules/requests/RequestStatusPage.js').then((m) => ({ default: m.RequestStatusPage })),
);
const NotificationsPage = lazy(() =>
  import('../modules/notifications/NotificationsPage.js').then((m) => ({ default: m.NotificationsPage })),
);
const registry = {
  PeoplePage: lazy(() =>
    import('../modules/registry/people/PeoplePage.js').then((m) => ({ default: m.PeoplePage })),
  ),
  PersonPage: lazy(() =>
    import('../modules/registry/people/PersonPage.js').then((m) => ({ default: m.PersonPage })),
  ),
  HousesPage: lazy(() =>
    import('../modules/registry/houses/HousesPage.js').then((m) => ({ default: m.HousesPage })),
  ),
  TenanciesPage: lazy(() =>
    import('../modules/registry/tenancies/TenanciesPage.js').then((m) => ({ default: m.TenanciesPage })),
  ),
  SpecialCasesPage: lazy(() =>
    import('../modules/registry/cases/CasesPage.js').then((m) => ({
      default: () => <m.CasesPage kind="special" />,
    })),
  ),
  CareCasesPage: lazy(() =>
    import('../modules/registry/cases/CasesPage.js').then((m) => ({
      default: () => <m.CasesPage kind="care" />,
    })),
  ),
  StatsPage: lazy(() =>
    import('../modules/registry/stats/RegistryStatsPage.js').then((m) => ({ default: m.RegistryStatsPage })),
  ),
  ImportPage: lazy(() =>
    import('../modules/registry/import/ImportPage.js').then((m) => ({ default: m.ImportPage })),
  ),
};

const fire = {
  EquipmentPage: lazy(() =>
    import('../modules/fire/EquipmentPage.js').then((m) => ({ default: m.EquipmentPage })),
  ),
  InspectionsPage: lazy(() =>
    import('../modules/fire/InspectionsPage.js').then((m) => ({ default: m.InspectionsPage })),
  ),
  InspectPage: lazy(() =>
    import('../modules/fire/InspectionsPage.js').then((m) => ({ default: m.InspectPage })),
  ),
  HazardsPage: lazy(() => import('../modules/fire/HazardsPage.js').then((m) => ({ default: m.HazardsPage }))),
  HazardPage: lazy(() => import('../modules/fire/HazardPage.js').then((m) => ({ default: m.HazardPage }))),
  DrillsPage: lazy(() => import('../modules/fire/DrillsPage.js').then((m) => ({ default: m.DrillsPage }))),
};
const grid = {
  EventsPage: lazy(() => import('../modules/grid/EventsPage.js').then((m) => ({ default: m.EventsPage }))),
  EventPage: lazy(() => import('../modules/grid/EventPage.js').then((m) => ({ default: m.EventPage }))),
  ReportPage: lazy(() => import('../modules/grid/ReportPage.js').then((m) => ({ default: m.ReportPage }))),
  MyDayPage: lazy(() => import('../modules/grid/MyDayPage.js').then((m) => ({ default: m.MyDayPage }))),
  DiaryPage: lazy(() => import('../modules/grid/DiaryPage.js').then((m) => ({ default: m.DiaryPage }))),
  MembersPage: lazy(() => import('../modules/grid/MembersPage.js').then((m) => ({ default: m.MembersPage }))),
  MetricsPage: lazy(() => import('../modules/grid/MetricsPage.js').then((m) => ({ default: m.MetricsPage }))),
  ScoresPage: lazy(() => import('../modules/grid/ScoresPage.js').then((m) => ({ default: m.ScoresPage }))),
  CampaignsPage: lazy(() =>
    import('../modules/grid/CampaignsPage.js').then((m) => ({ default: m.CampaignsPage })),
  ),
};

const mediationPage = <K extends string>(name: K) =>
  lazy(() =>
    import('../modules/mediation/index.js').then((m) => ({
      default: m[name as keyof typeof m] as ComponentType,
    })),
  );
const mediation = {
  CasesPage: mediationPage('CasesPage'),
  NewCasePage: mediationPage('NewCasePage'),
  CasePage: mediationPage('CasePage'),
  AgreementPrintPage: mediationPage('AgreementPrintPage'),
  CommitteesPage: mediationPage('CommitteesPage'),
  SweepsPage: mediationPage('SweepsPage'),
  WarningsPage: mediationPage('WarningsPage'),
  StatsPage: mediationPage('StatsPage'),
};

const legalPage = <K extends string>(name: K) =>
  lazy(() =>
    import('../modules/legal/index.js').then((m) => ({
      default: m[name as keyof typeof m] as ComponentType,
    })),
  );
const legal = {
  RequestsPage: legalPage('RequestsPage'),
  RequestPage: legalPage('RequestPage'),
  DutyPage: legalPage('DutyPage'),
  ContactsPage: legalPage('ContactsPage'),
  AgreementsPage: legalPage('AgreementsPage'),
  ArticlesPage: legalPage('ArticlesPage'),
  BoardsPage: legalPage('BoardsPage'),
  SchoolPage: legalPage('SchoolPage'),
  SessionPage: legalPage('SessionPage'),
  StatsPage: legalPage('StatsPage'),
};
// Residents' legal pages (no login) load on their own: a phone in WeChat fetches no office pages.
const legalPublic = <K extends string>(name: K) =>
  lazy(() =>
    import('../modules/legal/PublicPages.js').then((m) => ({
      default: m[name as keyof typeof m] as ComponentType,
    })),
  );
const LEGAL_PUBLIC: [string, ComponentType][] = [
  ['/fw/status', legalPublic('LegalStatusPage')],
  ['/fw/:placeId', legalPublic('LegalFormPage')],
  ['/fw/:placeId/zhishi', legalPublic('KnowledgePage')],
  ['/yx/:sessionId', legalPublic('SignupPage')],
  ['/yx/qd/:token', legalPublic('CheckinPage')],
];

const noticePage = (
  name: 'NoticePage' | 'ChannelsPage' | 'TemplatesPage' | 'ReceivedNoticePage' | 'PublicBoardPage',
) => lazy(() => import('../modules/notices/NoticePages.js').then((m) => ({ default: m[name] })));
const volunteerPage = (
  name: 'TeamsPage' | 'TeamPage' | 'RecordEntryPage' | 'ApplicationsPage' | 'PublicSignupPage',
) => lazy(() => import('../modules/volunteers/VolunteerPages.js').then((m) => ({ default: m[name] })));
const NoticesPage = lazy(() =>
  import('../modules/notices/NoticesPage.js').then((m) => ({ default: m.NoticesPage })),
);
const ReceivedNoticePage = noticePage('ReceivedNoticePage');
// Residents' notice board and volunteer sign-up: opened from a QR code, no login.
const NOTICES_PUBLIC: [string, ComponentType][] = [
  ['/gg/:estateId', noticePage('PublicBoardPage')],
  ['/zy/:estateId', volunteerPage('PublicSignupPage')],
];

const GOV_FILES = {
  VotePages: () => import('../modules/governance/VotePages.js'),
  MeetingPages: () => import('../modules/governance/MeetingPages.js'),
  CommitteePages: () => import('../modules/governance/CommitteePages.js'),
  PublicPages: () => import('../modules/governance/PublicPages.js'),
};
const govPage = (file: keyof typeof GOV_FILES, name: string) =>
  lazy(() =>
    GOV_FILES[file]().then((m) => ({ default: (m as Record<string, unknown>)[name] as ComponentType })),
  );
// Residents' governance pages with no login: the estate's board, result notices, rules.
const GOV_PUBLIC: [string, ComponentType][] = [
  ['/gov/e/:estateId', govPage('PublicPages', 'PublicEstatePage')],
  ['/gov/notices/:id', govPage('PublicPages', 'PublicNoticePage')],
  ['/gov/rules/:id', govPage('PublicPages', 'PublicRulePage')],
];
const MyVotesPage = govPage('PublicPages', 'MyVotesPage');
const GOV_GUARDED: [string, Permission, ComponentType][] = [
  ['/gov/committee', 'governance.read', govPage('CommitteePages', 'CommitteePage')],
  ['/gov/lists', 'governance.read', govPage('CommitteePages', 'ListsPage')],
  ['/gov/rules', 'governance.read', govPage('CommitteePages', 'RulesPage')],
  ['/gov/meetings', 'governance.read', govPage('MeetingPages', 'MeetingsPage')],
  ['/gov/meetings/:id', 'governance.read', govPage('MeetingPages', 'MeetingPage')],
  ['/gov/tasks', 'governance.read', govPage('MeetingPages', 'TasksPage')],
  ['/gov/votes', 'governance.read', govPage('VotePages', 'VotesPage')],
  ['/gov/votes/:id', 'governance.read', govPage('VotePages', 'VotePage')],
];

/** Pages behind a permission: path, permission, page. */
const GUARDED: [string, Permission, ComponentType][] = [
  ['/org/places', 'org.place.read', PlacesPage],
  ['/org/users', 'org.user.read', UsersPage],
  ['/org/roles', 'org.role.manage', RolesPage],
  ['/audit/events', 'audit.read', AuditPage],
  ['/registry/people', 'registry.read', registry.PeoplePage],
  ['/registry/people/:id', 'registry.read', registry.PersonPage],
  ['/registry/houses', 'registry.read', registry.HousesPage],
  ['/registry/tenancies', 'registry.read', registry.TenanciesPage],
  ['/registry/special', 'registry.special', registry.SpecialCasesPage],
  ['/registry/care', 'registry.read', registry.CareCasesPage],
  ['/registry/stats', 'registry.read', registry.StatsPage],
  ['/registry/import', 'registry.import', registry.ImportPage],
  ['/grid/events', 'grid.read', grid.EventsPage],
  ['/grid/events/:id', 'grid.read', grid.EventPage],
  ['/grid/report', 'grid.report', grid.ReportPage],
  ['/grid/my-day', 'grid.work', grid.MyDayPage],
  ['/grid/diary', 'grid.read', grid.DiaryPage],
  ['/grid/members', 'grid.read', grid.MembersPage],
  ['/grid/metrics', 'grid.read', grid.MetricsPage],
  ['/grid/scores', 'grid.read', grid.ScoresPage],
  ['/grid/campaigns', 'grid.read', grid.CampaignsPage],
  ['/fire/equipment', 'fire.read', fire.EquipmentPage],
  ['/fire/inspections', 'fire.read', fire.InspectionsPage],
  ['/fire/inspections/new', 'fire.manage', fire.InspectPage],
  ['/fire/hazards', 'fire.read', fire.HazardsPage],
  ['/fire/hazards/:id', 'fire.read', fire.HazardPage],
  ['/fire/drills', 'fire.read', fire.DrillsPage],
  ['/mediation/cases', 'mediation.read', mediation.CasesPage],
  ['/mediation/cases/new', 'mediation.work', mediation.NewCasePage],
  ['/mediation/cases/:id', 'mediation.read', mediation.CasePage],
  ['/mediation/committees', 'mediation.read', mediation.CommitteesPage],
  ['/mediation/sweeps', 'mediation.read', mediation.SweepsPage],
  ['/mediation/warnings', 'mediation.read', mediation.WarningsPage],
  ['/mediation/stats', 'mediation.read', mediation.StatsPage],
  ['/legal/requests', 'legal.read', legal.RequestsPage],
  ['/legal/requests/:id', 'legal.read', legal.RequestPage],
  ['/legal/duty', 'legal.read', legal.DutyPage],
  ['/legal/contacts', 'legal.read', legal.ContactsPage],
  ['/legal/agreements', 'legal.read', legal.AgreementsPage],
  ['/legal/articles', 'legal.read', legal.ArticlesPage],
  ['/legal/boards', 'legal.read', legal.BoardsPage],
  ['/legal/school', 'legal.read', legal.SchoolPage],
  ['/legal/school/sessions/:id', 'legal.read', legal.SessionPage],
  ['/legal/stats', 'legal.read', legal.StatsPage],
  ['/notices/items', 'notices.read', NoticesPage],
  ['/notices/items/:id', 'notices.read', noticePage('NoticePage')],
  ['/notices/templates', 'notices.read', noticePage('TemplatesPage')],
  ['/notices/channels', 'notices.channels', noticePage('ChannelsPage')],
  ['/volunteers/teams', 'volunteers.read', volunteerPage('TeamsPage')],
  ['/volunteers/teams/:id', 'volunteers.read', volunteerPage('TeamPage')],
  ['/volunteers/log', 'volunteers.read', volunteerPage('RecordEntryPage')],
  ['/volunteers/applications', 'volunteers.read', volunteerPage('ApplicationsPage')],
  ...GOV_GUARDED,
];

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
                {/* Residents' pages: opened from a QR code, no login. */}
                <Route
                  path="/r/status"
                  element={
                    <Suspense fallback={<PageLoading />}>
                      <RequestStatusPage />
                    </Suspense>
                  }
                />
                <Route
                  path="/r/:placeId"
                  element={
                    <Suspense fallback={<PageLoading />}>
                      <PublicRequestPage />
                    </Suspense>
                  }
                />
                {LEGAL_PUBLIC.map(([path, Page]) => (
                  <Route
                    key={path}
                    path={path}
                    element={
                      <Suspense fallback={<PageLoading />}>
                        <Page />
                      </Suspense>
                    }
                  />
                ))}
                {NOTICES_PUBLIC.map(([path, Page]) => (
                  <Route
                    key={path}
                    path={path}
                    element={
                      <Suspense fallback={<PageLoading />}>
                        <Page />
                      </Suspense>
                    }
                  />
                ))}
                {GOV_PUBLIC.map(([path, Page]) => (
                  <Route
                    key={path}
                    path={path}
                    element={
                      <Suspense fallback={<PageLoading />}>
                        <Page />
                      </Suspense>
                    }
                  />
                ))}
                <Route element={<RequireAuth />}>
                  <Route path="/change-password" element={<ChangePasswordPage />} />
                  {/* Printed documents: a page of their own, nothing of the app around them. */}
                  <Route
                    path="/mediation/cases/:id/print"
                    element={
                      <RequirePermission permission="mediation.read">
                        <Suspense fallback={<PageLoading />}>
                          <mediation.AgreementPrintPage />
                        </Suspense>
                      </RequirePermission>
                    }
                  />
                  <Route element={<AppShell />}>
                    <Route index element={<HomePage />} />
                    {/* Everyone's own notifications: no permission beyond being signed in. */}
                    <Route path="/notifications" element={<NotificationsPage />} />
                    {/* A notice opened from the bell: any recipient, whatever their permissions. */}
                    <Route path="/notices/received/:id" element={<ReceivedNoticePage />} />
                    {/* An owner's own votes: any signed-in resident; the server decides which houses are theirs. */}
                    <Route path="/owner/votes" element={<MyVotesPage />} />
                    {GUARDED.map(([path, permission, Page]) => (
                      <Route
                        key={path}
                        path={path}
                        element={
                          <RequirePermission permission={permission}>
                            <Page />
                          </RequirePermission>
                        }
                      />
                    ))}
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
