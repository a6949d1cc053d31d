import { problemsOf, type VenueFormDescriptor } from '../form-descriptor';
import { parseZdexConfig } from './options';

/** The guided form for ZDEX (README.md "Endpoint"; options.ts does the checking). */
export const zdexFormDescriptor: VenueFormDescriptor = {
  venue: 'zdex',
  displayName: 'ZDEX',
  connects:
    'With a token. Your browser connects straight to ZDEX and signs in with the session token (JWT) of the ZDEX web app. ' +
    'API keys cannot sign in to the live feed. The token expires: paste a fresh one when ZDEX refuses it.',
  suggestedId: 'zdex-main',
  url: {
    default: 'wss://api.zdex.world/ws',
    help: 'The ZDEX live feed. Keep the default unless ZDEX tells you otherwise.',
    presets: [{ label: 'Local simulator (npm start)', url: 'ws://127.0.0.1:7104/ws' }],
  },
  options: [
    {
      key: 'symbols',
      kind: 'list',
      label: 'Markets',
      help: 'ZDEX markets whose prices to keep, separated by commas (e.g. BTCUSDT, ETHUSDT). Leave empty for your account only.',
      default: ['BTCUSDT'],
      placeholder: 'BTCUSDT, ETHUSDT',
    },
  ],
  auth: [
    {
      kind: 'pasted',
      label: 'Session token',
      help: 'Sign in to the ZDEX web app and copy the session token (JWT).',
      fields: [
        {
          key: 'token',
          kind: 'secret',
          label: 'Session token (JWT)',
          help: 'Three parts separated by dots, starting with "ey". Kept in this browser only if you turn on the vault.',
          required: true,
          missing: 'Paste the ZDEX session token (JWT) from the ZDEX web app.',
          placeholder: 'eyJ…',
        },
      ],
    },
  ],
  check: problemsOf(parseZdexConfig),
};
