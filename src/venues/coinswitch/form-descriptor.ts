import { keyringMethod, problemsOf, type VenueFormDescriptor } from '../form-descriptor';
import { parseCoinswitchConfig } from './options';
import { COINSWITCH_DEFAULT_AUTH_SUBJECT } from './wire';

/** The guided form for CoinSwitch PRO HFT (README.md; options.ts does the checking). */
export const coinswitchFormDescriptor: VenueFormDescriptor = {
  venue: 'coinswitch',
  displayName: 'CoinSwitch PRO HFT',
  connects:
    'Through the keyring relay, or with a pasted signature. CoinSwitch signs in with a short-lived signature made from your ' +
    'API secret: the relay keeps the secret and renews the signature. A pasted signature works until its expiry time.',
  suggestedId: 'coinswitch-main',
  url: {
    default: 'wss://pc-nats-prod.coinswitch.co',
    help: 'The CoinSwitch PRO live feed. Keep the default unless CoinSwitch tells you otherwise.',
    presets: [{ label: 'Local simulator (npm start)', url: 'ws://127.0.0.1:7103' }],
  },
  options: [
    {
      key: 'subAccountId',
      kind: 'text',
      label: 'Sub-account id',
      help: 'Your CoinSwitch sub-account number (sub_account_id), e.g. 491363048.',
      required: true,
      missing: 'Fill in your CoinSwitch sub-account id (digits, e.g. 491363048).',
      placeholder: '491363048',
    },
    {
      key: 'authMode',
      kind: 'select',
      label: 'Sign-in method',
      help: 'How the signature is sent. Keep "request" unless CoinSwitch support told you to use "connect".',
      default: 'request',
      choices: [
        { value: 'request', label: 'request (default)' },
        { value: 'connect', label: 'connect' },
      ],
    },
    {
      key: 'authSubject',
      kind: 'text',
      label: 'Sign-in subject',
      help: `Where sign-in requests go. Keep ${COINSWITCH_DEFAULT_AUTH_SUBJECT}.`,
      default: COINSWITCH_DEFAULT_AUTH_SUBJECT,
      optional: true,
    },
    {
      key: 'tickerSymbols',
      kind: 'list',
      label: 'Price tickers',
      help: 'Markets whose prices to follow, written BASE/QUOTE and separated by commas (e.g. BTC/USDT). Leave empty for none.',
      default: ['BTC/USDT'],
      optional: true,
    },
  ],
  auth: [
    keyringMethod(
      'coinswitch-main',
      'The relay keeps your CoinSwitch API secret and gives this page fresh signatures. Start it with npm run relay -- --config FILE.',
    ),
    {
      kind: 'pasted',
      label: 'Pasted signature',
      help: 'The three values of GET /dma/api/v1/socket/signature. They stop working at the expiry time.',
      fields: [
        {
          key: 'apiKey',
          kind: 'secret',
          label: 'API key',
          help: 'The api_key of the signature response.',
          required: true,
          missing: 'Paste the api_key of the signature response.',
        },
        {
          key: 'signature',
          kind: 'secret',
          label: 'Signature',
          help: 'The signature of the signature response (do not compute it yourself).',
          required: true,
          missing: 'Paste the signature of the signature response.',
        },
        {
          key: 'expires',
          kind: 'number',
          label: 'Expires (Unix ms)',
          help: 'The expires of the signature response, in milliseconds, e.g. 1756461000000.',
          required: true,
          missing: 'Fill in the expires value of the signature response, e.g. 1756461000000.',
          placeholder: '1756461000000',
        },
      ],
    },
  ],
  check: problemsOf(parseCoinswitchConfig),
};
