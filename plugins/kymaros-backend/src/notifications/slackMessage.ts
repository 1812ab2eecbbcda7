import type { NotificationTarget } from '@kymaros/plugin-kymaros-common';
import {
  type NotificationContent,
  regressionText,
  rtoText,
} from './notificationContent';
import type { StateChangeKind } from './stateChange';

const EMOJI: Record<StateChangeKind, string> = {
  failure: ':x:',
  regression: ':chart_with_downwards_trend:',
  rtoExceeded: ':hourglass:',
  recovery: ':white_check_mark:',
  passing: ':white_check_mark:',
  rtoWithin: ':stopwatch:',
};

/** Slack's mrkdwn gives `&`, `<` and `>` meaning: text from reports is escaped. */
const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });

/**
 * A Slack incoming-webhook body: `text` (what notifications and clients
 * without blocks show) and blocks with the score, RTO, reason and a link to
 * the entity's Restore tab. `channel` is sent when the target names one
 * (only legacy webhooks honour it).
 */
export function slackMessage(
  content: NotificationContent,
  target: NotificationTarget,
): object {
  const { report, previous, regression, url } = content;
  const emoji = EMOJI[content.event];
  const entity = url
    ? `<${url}|${escape(content.entityRef)}>`
    : escape(content.entityRef);
  const score = `${report.score}/100 (${report.result})${
    previous ? `, was ${previous.score}/100 (${previous.result})` : ''
  }`;
  const blocks: object[] = [
    {
      type: 'section',
      text: mrkdwn(
        `${emoji} *${escape(content.headline)}*\n${entity} · report \`${escape(
          report.name,
        )}\``,
      ),
    },
    {
      type: 'section',
      fields: [
        mrkdwn(`*Score*\n${score}`),
        mrkdwn(`*RTO*\n${escape(rtoText(content.rto))}`),
      ],
    },
    {
      type: 'section',
      text: mrkdwn(
        `*Reason*\n${escape(content.reason)}${
          regression
            ? `\n${escape(regressionText(regression, report.score))}`
            : ''
        }`,
      ),
    },
  ];
  if (url)
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`<${url}|Open the Restore tab>`)],
    });
  return {
    ...(target.channel ? { channel: target.channel } : {}),
    text: `${emoji} ${content.headline}: ${score}, ${content.entityRef}`,
    blocks,
  };
}
