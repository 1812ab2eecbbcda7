import { CustomErrorBase } from '@backstage/errors';

/**
 * A problem with the backup or its restore rather than with the
 * environment: the run fails (the backup did not prove restorable) instead
 * of ending as an error.
 */
export class BackupProblem extends CustomErrorBase {}
