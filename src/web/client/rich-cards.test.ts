import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyRepeatsCards, richCards } from './rich-cards.ts';

const slackAlert = {
  slack: {
    attachments: [{
      color: 'danger',
      title: '[FIRING:2] DiskFull db-3',
      title_link: 'https://alerts.example.test/#/db-3',
      text: '*Summary:* disk above 95%',
      fields: [{ title: 'host', value: 'db-3', short: true }, { title: 'used', value: 0.97, short: true }],
      footer: 'prom-west',
    }],
  },
};
const slackBlocks = {
  slack: {
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Nightly export done' } },
      { type: 'section', text: { type: 'mrkdwn', text: 'Rows: *1204*' }, fields: [{ type: 'mrkdwn', text: '*Took*\n41s' }] },
      { type: 'divider' },
      { type: 'context', elements: [{ type: 'image', image_url: 'https://cdn.example.test/i.png', alt_text: 'i' }, { type: 'mrkdwn', text: 'by <https://ci.example.test|export-job>' }] },
    ],
  },
};
const discordEmbed = {
  discord: {
    embeds: [{ author: { name: 'shop-api' }, title: 'RangeError: bad index', url: 'javascript:alert(1)', description: 'in cart.ts', fields: [{ name: 'Events', value: 9 }], footer: { text: 'tracker' }, image: { url: 'https://cdn.example.test/shot.png' } }],
  },
};
const mattermost = { mattermost: { props: { card: 'Build 77\nTook 3m' }, attachments: [{ title: 'Queue depth', text: 'orders above 900', color: '#ff0000' }] } };

test('richCards turns Slack, Discord and Mattermost content into text cards', () => {
  const [alert] = richCards(slackAlert);
  assert.deepEqual(alert, {
    title: '[FIRING:2] DiskFull db-3', url: 'https://alerts.example.test/#/db-3', tone: 'danger', lines: ['*Summary:* disk above 95%'],
    fields: [{ name: 'host', value: 'db-3' }, { name: 'used', value: '0.97' }], links: [], footer: 'prom-west',
  });
  const [blocks] = richCards(slackBlocks);
  assert.equal(blocks.title, 'Nightly export done');
  assert.deepEqual(blocks.lines, ['Rows: *1204*', '*Took*\n41s', 'by export-job']);
  const [embed] = richCards(discordEmbed);
  assert.equal(embed.url, null, 'a javascript: url is never a link');
  assert.deepEqual(embed.lines, ['shop-api', 'in cart.ts']);
  assert.deepEqual(embed.fields, [{ name: 'Events', value: '9' }]);
  assert.deepEqual(embed.links, [{ label: 'image', url: 'https://cdn.example.test/shot.png' }]);
  assert.deepEqual(richCards(mattermost).map((c) => [c.title, c.lines, c.tone]), [['Queue depth', ['orders above 900'], null], [null, ['Build 77\nTook 3m'], null]]);
});

test('richCards ignores what it does not know', () => {
  for (const rich of [null, 'text', [], { slack: 'x' }, { discord: { embeds: [1, null, {}] } }, { other: { a: 1 } }]) assert.deepEqual(richCards(rich), [], JSON.stringify(rich));
});

test('bodyRepeatsCards hides a body that only repeats the cards', () => {
  const cases: [string, unknown, boolean][] = [
    ['[FIRING:2] DiskFull db-3\n*Summary:* disk above 95%\nhost: db-3\nused: 0.97', slackAlert, true],
    ['Disk alert from the west region', slackAlert, false],
    ['shop-api\nRangeError: bad index\nin cart.ts\nEvents: 9\ntracker', discordEmbed, true],
    ['New crash', discordEmbed, false],
    ['', slackAlert, false],
    ['anything', null, false],
  ];
  for (const [body, rich, expected] of cases) assert.equal(bodyRepeatsCards(body, richCards(rich)), expected, body);
});
