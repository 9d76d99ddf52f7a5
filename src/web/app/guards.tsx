import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { Permission } from '../../shared/permissions.js';
import { useAuth } from './auth.js';
import { ForbiddenPage } from './pages/ForbiddenPage.js';
import { CurrentPlaceProvider } from './place.js';

/** Signed-in routes: logged-out users go to /login; a pending forced password change wins over everything. */
export function RequireAuth() {
  const { user } = useAuth();
  const location = useLocation();
  if (!user) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (user.mustChangePassword && location.pathname !== '/change-password') {
    return <Navigate to="/change-password" replace />;
  }
  return (
    <CurrentPlaceProvider key={user.id}>
      <Outlet />
    </CurrentPlaceProvider>
  );
}

/** Keeps the address but shows 无权访问 when the permission is missing. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useAuth();
  return can(permission) ? children : <ForbiddenPage permission={permission} />;
}
