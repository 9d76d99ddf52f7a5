import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from 'react';
import type { Me, SessionInfo } from '../../shared/api/auth.js';
import type { Permission } from '../../shared/permissions.js';
import { AUTH_PATHS, api, isApiError, setCsrfToken, setSessionHandlers } from './api.js';

export const SESSION_KEY = ['auth', 'session'] as const;

async function fetchSession(): Promise<SessionInfo | null> {
  try {
    const session = await api<SessionInfo>(AUTH_PATHS.me, { expectUnauthorized: true });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

interface AuthContextValue {
  user: Me | null;
  can(permission: Permission): boolean;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  refresh(): Promise<Me | null>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The signed-in user; only for components that render behind RequireAuth. */
export function useMe(): Me {
  const { user } = useAuth();
  if (!user) throw new Error('useMe used outside a signed-in route');
  return user;
}

export function AuthProvider({
  loading,
  failed,
  children,
}: {
  loading: ReactNode;
  failed: (retry: () => void, error: unknown) => ReactNode;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  const session = useQuery({
    queryKey: SESSION_KEY,
    queryFn: fetchSession,
    staleTime: Number.POSITIVE_INFINITY,
    retry: (count, error) => !isApiError(error) && count < 2,
  });

  useEffect(() => {
    setSessionHandlers({
      onUnauthorized() {
        setCsrfToken(null);
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
        queryClient.setQueryData(SESSION_KEY, null);
      },
      onPasswordChangeRequired() {
        queryClient.setQueryData<SessionInfo | null>(SESSION_KEY, (prev) =>
          prev ? { ...prev, user: { ...prev.user, mustChangePassword: true } } : prev,
        );
      },
    });
    return () => setSessionHandlers(null);
  }, [queryClient]);

  const user = session.data?.user ?? null;

  const can = useCallback((permission: Permission) => !!user?.permissions.includes(permission), [user]);

  const login = useCallback(
    async (username: string, password: string) => {
      const next = await api<SessionInfo>(AUTH_PATHS.login, {
        method: 'POST',
        body: { username, password },
        expectUnauthorized: true,
      });
      setCsrfToken(next.csrfToken);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      queryClient.setQueryData(SESSION_KEY, next);
      return next.user;
    },
    [queryClient],
  );

  const logout = useCallback(async () => {
    try {
      await api(AUTH_PATHS.logout, { method: 'POST', expectUnauthorized: true });
    } catch {
      // Leaving is always allowed: a failed call still ends the session on this screen, and the
      // server-side session expires on its own.
    }
    setCsrfToken(null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    queryClient.setQueryData(SESSION_KEY, null);
  }, [queryClient]);

  const refresh = useCallback(async () => {
    const next = await fetchSession();
    queryClient.setQueryData(SESSION_KEY, next);
    return next?.user ?? null;
  }, [queryClient]);

  const value = useMemo(() => ({ user, can, login, logout, refresh }), [user, can, login, logout, refresh]);

  if (session.isPending) return <>{loading}</>;
  if (session.isError && session.data === undefined)
    return <>{failed(() => session.refetch(), session.error)}</>;
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
