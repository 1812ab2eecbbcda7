import type { RunEvidence } from '@kymaros/plugin-kymaros-common';

/** Saves the whole evidence, as served, as `<report>-evidence.json`. */
export function downloadEvidence(reportName: string, evidence: RunEvidence) {
  const url = URL.createObjectURL(
    new Blob([JSON.stringify(evidence, null, 2)], {
      type: 'application/json',
    }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = `${reportName}-evidence.json`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked once the browser has taken the file.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
