import { providerTitle } from '@kymaros/plugin-kymaros-common';
import { ResponseError } from '@backstage/errors';
import type { BackupCoverage } from '@kymaros/plugin-kymaros-common';

/** The backend's own words (they name the provider, test or backup in the way), as a sentence. */
function backendSentence(error: ResponseError): string {
  const message = error.cause.message.trim();
  return /[.!?]$/.test(message) ? message : `${message}.`;
}

/** What the card says when "Back up now" was refused or failed. */
export function backupErrorMessage(
  error: Error,
  coverage: BackupCoverage,
): string {
  const provider = providerTitle(coverage.provider);
  if (!(error instanceof ResponseError))
    return `Could not ask for a backup: ${error.message}`;
  switch (error.statusCode) {
    case 403:
      return `Not allowed: you may not back up the namespaces of ${coverage.entityRef}. Ask its owners or a Backstage admin for kymaros.backup.create.`;
    case 409:
      return `${backendSentence(
        error,
      )} Wait for that backup to finish before asking for another.`;
    case 501:
      return `${backendSentence(
        error,
      )} Take this backup with ${provider}'s own tools.`;
    default:
      return `${provider} did not take the backup: ${backendSentence(error)}`;
  }
}
