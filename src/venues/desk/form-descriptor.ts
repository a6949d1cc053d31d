import { problemsOf, type VenueFormDescriptor } from '../form-descriptor';
import { DEFAULT_DESK_STREAM, parseDeskConfig } from './options';

/** The guided form for a desk collector's stream (docs/desk.md; options.ts does the checking). */
export const deskFormDescriptor: VenueFormDescriptor = {
  venue: 'desk',
  displayName: 'Desk collector',
  connects:
    'Through your desk’s collector. In desk mode a collector runs the venue connections and publishes them to a NATS ' +
    'JetStream; this page reads that stream, with the NATS token if the server asks for one.',
  suggestedId: 'desk',
  url: {
    default: 'ws://127.0.0.1:4223',
    help: 'The WebSocket address of the desk’s NATS server (npm run desk prints it).',
    presets: [],
  },
  options: [
    {
      key: 'stream',
      kind: 'text',
      label: 'Stream',
      help: 'The JetStream stream the collector publishes to.',
      default: DEFAULT_DESK_STREAM,
      optional: true,
    },
  ],
  auth: [
    {
      kind: 'pasted',
      label: 'NATS token',
      help: 'Only if the desk’s NATS server asks for a token; leave empty otherwise.',
      fields: [
        {
          key: 'token',
          kind: 'secret',
          label: 'NATS token',
          help: 'Leave empty when the server needs none.',
        },
      ],
    },
  ],
  check: problemsOf(parseDeskConfig),
};
