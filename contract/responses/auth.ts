import { z } from 'zod';
import { ROLES } from '../enums.ts';
import { OkBody } from './common.ts';

/** The signed-in user with the abilities the screens read (buttons and menus follow them). */
export const CurrentUser = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    roleLabel: z.string(),
    unit: z.object({ id: z.string(), name: z.string() }).nullable(),
    abilities: z.record(z.string(), z.boolean()),
    /** A TOTP secret is set: replacing it needs a code of the current one. */
    totpEnabled: z.boolean(),
  })
  .meta({ id: 'CurrentUser' });
export type CurrentUser = z.infer<typeof CurrentUser>;

/** Signed in: the session cookie is set; `csrf` goes into the x-csrf-token header of every write. */
export const PostAuthLoginResponse = z.object({ csrf: z.string(), user: CurrentUser });
export type PostAuthLoginResponse = z.infer<typeof PostAuthLoginResponse>;

export const PostAuthLogoutResponse = OkBody;
export type PostAuthLogoutResponse = z.infer<typeof PostAuthLogoutResponse>;

export const AuthMeResponse = z.object({ csrf: z.string().nullable(), user: CurrentUser });
export type AuthMeResponse = z.infer<typeof AuthMeResponse>;
