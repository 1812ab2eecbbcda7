import { ResponseError, type ErrorLike } from '@backstage/errors';

/** What the page says when "Run now" was refused or failed. */
export function runErrorMessage(error: ErrorLike, entityRef: string): string {
  // The button asked first, but the policy may have changed since, or may
  // answer differently for the backend: say plainly that it was refused.
  if (error instanceof ResponseError && error.statusCode === 403) {
    return `Not allowed: you may not run the restore tests of ${entityRef}. Ask its owners or a Backstage admin for kymaros.restoretest.run.`;
  }
  return `Could not start a run: ${error.message}`;
}
