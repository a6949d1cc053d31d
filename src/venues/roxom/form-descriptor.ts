import { keyringMethod, problemsOf, type VenueFormDescriptor } from '../form-descriptor';
import { parseRoxomConfig } from './options';
import { ROXOM_PRIVATE_CHANNELS } from './wire';

/** The guided form for Roxom (README.md "Endpoint"; options.ts does the checking). */
export const roxomFormDescriptor: VenueFormDescriptor = {
  venue: 'roxom',
  displayName: 'Roxom',
  connects:
    'Only through the keyring relay. Roxom needs signed headers that a browser cannot send, so the relay holds your API key, ' +
    'signs for you and passes the live feed on to this page. The address is the relay’s, ending in /ws/<relay venue id>.',
  suggestedId: 'roxom-main',
  url: {
    // The browser never talks to Roxom: the relay's bridge is the only address (README.md).
    default: 'ws://127.0.0.1:8787/ws/roxom-main',
    help: 'The relay’s bridge for this account: ws://127.0.0.1:8787/ws/<relay venue id> when the relay runs on this computer (wss:// elsewhere).',
    presets: [{ label: 'Relay on this computer (npm start)', url: 'ws://127.0.0.1:8787/ws/roxom-main' }],
  },
  options: [
    {
      key: 'channels',
      kind: 'list',
      label: 'Channels',
      help: `What to receive, separated by commas: ${ROXOM_PRIVATE_CHANNELS.join(', ')}. Leave empty for all four.`,
      default: [...ROXOM_PRIVATE_CHANNELS],
      optional: true,
    },
  ],
  auth: [
    keyringMethod(
      'roxom-main',
      'The relay keeps your Roxom API key and private key. Start it with npm run relay -- --config FILE; use the same relay venue id here and in the address.',
    ),
  ],
  check: problemsOf(parseRoxomConfig),
};
