import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrf } from './client.ts';
import type { Me } from './types.ts';

/** The signed-in user (null when not signed in). Also refreshes the CSRF token after a reload. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      try {
        const r = await api<{ csrf: string; user: Me }>('/api/v1/auth/me');
        setCsrf(r.csrf);
        return r.user;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: Infinity,
    retry: false,
  });
}

export function useCurrentUser(): Me {
  const q = useMe();
  if (!q.data) throw new Error('未登录');
  return q.data;
}

export function useLogout() {
  const qc = useQueryClient();
  return async () => {
    try { await api('/api/v1/auth/logout', { method: 'POST' }); } catch { /* the session may be gone already */ }
    setCsrf('');
    qc.clear();
    qc.setQueryData(['me'], null);
  };
}
