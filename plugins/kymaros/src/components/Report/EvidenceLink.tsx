import Link from '@material-ui/core/Link';
import { EVIDENCE_ANCHOR } from '@kymaros/plugin-kymaros-common';

/** A link to what the run kept, further down this tab: the whole evidence or one pod's. */
export const EvidenceLink = (props: { anchor?: string }) => (
  <Link href={`#${props.anchor ?? EVIDENCE_ANCHOR}`}>See the evidence</Link>
);
