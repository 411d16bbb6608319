import assert from 'node:assert/strict';
import { AppError } from '../server/domain/errors.ts';

/** Asserts that `fn` throws an AppError with `code` (and a message matching `message`, when given). */
export function throwsAppError(fn: () => unknown, code: string, message?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof AppError, `expected AppError ${code}, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

/** The async twin of `throwsAppError`: `fn` rejects with an AppError with `code`. */
export async function rejectsAppError(fn: () => Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(fn, (e: unknown) => {
    assert.ok(e instanceof AppError, `expected AppError ${code}, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}
