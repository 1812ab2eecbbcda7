import type { AuditorServiceCreateEventOptions } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';

/** An audit event as created, and how it ended. */
export interface RecordedAudit {
  options: AuditorServiceCreateEventOptions;
  ended?: { as: 'success' | 'fail'; meta?: object; error?: Error };
}

/** An auditor mock keeping every event it was given, and its factory for test backends. */
export function recordingAuditor() {
  const audits: RecordedAudit[] = [];
  const auditor = mockServices.auditor.mock({
    createEvent: async options => {
      const audit: RecordedAudit = { options };
      audits.push(audit);
      return {
        success: async ended => {
          audit.ended = { as: 'success', ...ended };
        },
        fail: async ended => {
          audit.ended = { as: 'fail', ...ended };
        },
      };
    },
  });
  return { audits, auditor };
}
