import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, setCsrf } from './client.ts';
import { call, client } from './typed.ts';
import type { Me } from './types.ts';

/** The signed-in user (null when not signed in). Also refreshes the CSRF token after a reload. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      try {
        const r = await call(client.GET('/api/v1/auth/me'));
        setCsrf(r.csrf ?? '');
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

/** Shown for the instant between sign-out and the shell switching to the login page. */
const SIGNED_OUT: Me = {
  id: '',
  username: '',
  displayName: '',
  role: 'leader',
  roleLabel: '',
  unit: null,
  abilities: {},
  totpEnabled: false,
};

/**
 * The signed-in user for components inside the staff layout. On sign-out React may render such a component
 * once more before the shell replaces it with the login page; it then gets an empty user with no abilities
 * rather than an exception that would tear down the whole page.
 */
export function useCurrentUser(): Me {
  return useMe().data ?? SIGNED_OUT;
}

export function useLogout() {
  const qc = useQueryClient();
  return async () => {
    try {
      await call(client.POST('/api/v1/auth/logout'));
    } catch {
      /* the session may be gone already */
    }
    setCsrf('');
    qc.clear();
    qc.setQueryData(['me'], null);
    // A fresh page load: the sign-in page for every role, and nothing of the last user left in memory
    // (cached lists, drafts) on a shared office computer.
    window.location.replace('/');
  };
}
