/**
 * The one password of every demo account (meets the password policy). It is documented in the README and
 * printed at start; the database keeps only its argon2 hash, never the password itself. Kept apart from
 * server/demo/ so that a start can print the demo logins without loading the demo district.
 */
export const DEMO_PASSWORD = 'Xf@2025demo';
