import { keyringMethod, problemsOf, type VenueFormDescriptor } from '../form-descriptor';
import { parseRailsConfig } from './options';
import { RAILS_SUBSCRIPTIONS } from './wire';

/** The guided form for Rails (README.md; options.ts does the checking). */
export const railsFormDescriptor: VenueFormDescriptor = {
  venue: 'rails',
  displayName: 'Rails',
  connects:
    'Through the keyring relay, or with a token. Rails access tokens last 30 minutes: with the relay, it keeps your API key ' +
    'and hands this page a fresh token before the old one runs out. A pasted token works until it expires.',
  suggestedId: 'rails-btc',
  url: {
    default: 'wss://ws.trade.rails.xyz',
    help: 'The Rails live feed. The market and streams are added to it by the dashboard.',
    presets: [{ label: 'Local simulator (npm start)', url: 'ws://127.0.0.1:7101' }],
  },
  options: [
    {
      key: 'market',
      kind: 'text',
      label: 'Market',
      help: 'The market to follow, written like BTC-USDT, or ALL for every market.',
      default: 'BTC-USDT',
      required: true,
      missing: 'Fill in a market such as BTC-USDT (or ALL).',
    },
    {
      key: 'subscriptions',
      kind: 'list',
      label: 'Streams',
      help: `Which streams to receive, separated by commas: ${RAILS_SUBSCRIPTIONS.join(', ')}. Leave empty for all of them.`,
      default: [...RAILS_SUBSCRIPTIONS],
      optional: true,
    },
    {
      key: 'restUrl',
      kind: 'text',
      label: 'Account REST address',
      help: 'Optional. Where missed fills are read back after a drop, e.g. https://user-account.trade.rails.xyz. Leave empty to derive it from the feed address.',
      optional: true,
      placeholder: 'https://user-account.trade.rails.xyz',
    },
    {
      key: 'standby',
      kind: 'boolean',
      label: 'Keep a standby connection',
      help: 'A second connection takes over at once if the first drops. Turn off to leave the second of Rails’ two places per market to another app.',
      default: true,
    },
  ],
  auth: [
    keyringMethod(
      'rails-btc',
      'The relay keeps your Rails API key and gives this page short-lived tokens. Start it with npm run relay -- --config FILE.',
    ),
    {
      kind: 'pasted',
      label: 'Access token',
      help: 'A token from Rails (POST /api/v1/token). It expires after 30 minutes.',
      fields: [
        {
          key: 'token',
          kind: 'secret',
          label: 'Access token (JWT)',
          help: 'Kept in this browser only if you turn on the vault.',
          required: true,
          missing: 'Paste the Rails access token (JWT).',
          placeholder: 'eyJ…',
        },
      ],
    },
  ],
  check: problemsOf(parseRailsConfig),
};
