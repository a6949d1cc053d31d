import { problemsOf, type VenueFormDescriptor } from '../form-descriptor';
import { DEFAULT_CURRENCY, parseScaletradeConfig } from './options';

/** The guided form for ScaleTrade (README.md; options.ts does the checking). */
export const scaletradeFormDescriptor: VenueFormDescriptor = {
  venue: 'scaletrade',
  displayName: 'ScaleTrade',
  connects:
    'With a token. Your browser connects straight to your broker’s ScaleTrade server and signs in with the token (JWT) ' +
    'you get when signing in to the ScaleTrade Client API. Each broker has its own address.',
  suggestedId: 'scaletrade-cfd',
  url: {
    // No single production address: each broker runs its own (wss://{broker_domain}:{ws_port}).
    default: 'wss://broker.example:443',
    help: 'Your broker’s ScaleTrade feed, wss://<broker domain>:<port>. Ask your broker if you do not know it.',
    presets: [{ label: 'Local simulator (npm start)', url: 'ws://127.0.0.1:7102' }],
  },
  options: [
    {
      key: 'login',
      kind: 'number',
      label: 'Trading account',
      help: 'Your trading account number (login), e.g. 2000009.',
      required: true,
      missing: 'Fill in your trading account number, e.g. 2000009.',
      placeholder: '2000009',
    },
    {
      key: 'symbols',
      kind: 'list',
      label: 'Symbols',
      help: 'Symbols whose prices to follow, exactly as your broker names them, separated by commas (e.g. eurusd). Leave empty for your account only.',
      default: [],
      placeholder: 'eurusd, btcusd',
    },
    {
      key: 'currency',
      kind: 'text',
      label: 'Account currency',
      help: 'The currency your account is kept in (USD, EUR…). ScaleTrade does not send it, so it is asked here.',
      default: DEFAULT_CURRENCY,
      optional: true,
    },
    {
      key: 'restUrl',
      kind: 'text',
      label: 'Client REST address',
      help: 'Optional. Your broker’s https address, used to read back trades missed during a drop.',
      optional: true,
      placeholder: 'https://broker.example',
    },
  ],
  auth: [
    {
      kind: 'pasted',
      label: 'Session token',
      help: 'Sign in to the ScaleTrade Client API and copy the token (JWT).',
      fields: [
        {
          key: 'token',
          kind: 'secret',
          label: 'Session token (JWT)',
          help: 'Kept in this browser only if you turn on the vault.',
          required: true,
          missing: 'Paste the ScaleTrade session token (JWT).',
          placeholder: 'eyJ…',
        },
      ],
    },
  ],
  check: problemsOf(parseScaletradeConfig),
};
