import {
  AckPolicy,
  ConsumerEvents,
  DeliverPolicy,
  nanos,
  type Consumer,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamManager,
  type JsMsg,
  type NatsConnection,
} from 'nats.ws';
import type { JsSubCommand, NatsFrame, NatsHeaders, NatsMessage } from './nats-protocol';

/**
 * The `js-sub` command of the NATS transport (nats-protocol.ts): an ephemeral JetStream pull consumer
 * kept gap-free and in order here, like an ordered consumer: a jump in the consumer's own sequence or
 * missed heartbeats recreate it from the stream sequence after the last message delivered. Each
 * message becomes a `msg` frame whose `jetStream` position (stream sequence, pending...) is the
 * consumer's own `JsMsg.info`; a `js-ready` status frame says how many were pending when the consumer
 * was created (0: nothing to catch up). A failure is a `status` error frame with the sid.
 */

export interface JsSubscription {
  stop(): void;
}

const decoder = new TextDecoder();

/**
 * Heartbeats a consumer may miss in a row before it is recreated here, from the sequence after the last
 * one delivered (a consumer whose server died or lost its leader, and no word from it).
 */
export const MISSED_HEARTBEATS_BEFORE_RECREATE = 3;
/** An unused consumer is removed by the server after this long (a page closed without a word). */
const INACTIVE_THRESHOLD_MS = 60_000;

export function startJsSubscription(
  nc: NatsConnection,
  command: JsSubCommand,
  deliver: (frame: NatsFrame) => void,
): JsSubscription {
  let stopped = false;
  let stopConsumer: (() => void) | undefined;
  /** The stream sequence of the last message delivered, to start a recreated consumer after it. */
  let lastSeq: number | undefined;
  const fail = (error: unknown) => {
    if (stopped) return;
    deliver({
      op: 'status',
      type: 'error',
      operation: 'subscription',
      sid: command.sid,
      subject: command.subject,
      data: `JetStream ${command.stream}: ${error instanceof Error ? error.message : String(error)}`,
    });
  };
  const run = async (start: ConsumerStart) => {
    const jsm = await nc.jetstreamManager({ checkAPI: false });
    const { consumer, name } = await createConsumer(nc, jsm, command, start);
    if (stopped) return void jsm.consumers.delete(command.stream, name).catch(() => undefined);
    // Short pulls: a pull expiring every 5 s carries idle heartbeats every 2.5 s, so a consumer lost
    // with its server is noticed within seconds.
    const messages = await consumer.consume({ max_messages: 1_000, expires: 5_000 });
    let recreating = false;
    let pending = Number.POSITIVE_INFINITY;
    /** The consumer's own sequence of the last message: a jump means a message was lost on the way. */
    let lastDelivery = 0;
    const close = () => {
      void messages.close();
      void jsm.consumers.delete(command.stream, name).catch(() => undefined);
    };
    stopConsumer = close;
    if (stopped) return close();
    const recreate = () => {
      if (stopped || recreating) return;
      recreating = true;
      close();
      run(lastSeq === undefined ? start : { deliver: 'seq', startSeq: lastSeq + 1 }).catch(fail);
    };
    void (async () => {
      for await (const s of await messages.status()) {
        if (stopped || recreating) return;
        if (s.type === ConsumerEvents.HeartbeatsMissed && Number(s.data) >= MISSED_HEARTBEATS_BEFORE_RECREATE)
          return recreate();
      }
    })().catch(() => undefined);
    pending = (await consumer.info(true)).num_pending;
    if (!stopped) deliver({ op: 'status', type: 'js-ready', sid: command.sid, pending });
    // A message's `pending` can stay above 0 on its last message (a key superseded in a bucket after it
    // was counted): until one says 0, ask the server each second and say so once it has nothing left
    // and nothing delivered waits here.
    const check = setInterval(() => {
      if (stopped || recreating || pending === 0) return clearInterval(check);
      consumer.info().then(
        (now: ConsumerInfo) => {
          if (stopped || pending === 0 || now.num_pending !== 0 || messages.getPending() > 0) return;
          pending = 0;
          deliver({ op: 'status', type: 'js-ready', sid: command.sid, pending: 0 });
        },
        () => undefined,
      );
    }, 1_000);
    for await (const m of messages) {
      if (stopped || recreating) break;
      if (m.info.deliverySequence !== lastDelivery + 1) {
        recreate();
        break;
      }
      lastDelivery = m.info.deliverySequence;
      pending = m.info.pending;
      lastSeq = m.info.streamSequence;
      deliver(jsMessageFrame(command.sid, m));
    }
    clearInterval(check);
  };
  run(command).catch(fail);
  return {
    stop() {
      stopped = true;
      stopConsumer?.();
    },
  };
}

type ConsumerStart = Pick<JsSubCommand, 'deliver' | 'startSeq' | 'startTime'>;

/**
 * A page's consumer: ephemeral, unacknowledged, and replicated like its stream. An R1 consumer (what a
 * nats.ws ordered consumer is) lives on one node; when that node is lost, a cluster that still lists
 * the node among the stream's peers can time out every new R1 consumer for as long as it is down
 * (seen with nats-server 2.9 on three local nodes). A consumer with the stream's replicas keeps a
 * leader on the nodes that remain. Order and gaps are checked by the caller (consumer sequence).
 */
async function createConsumer(
  nc: NatsConnection,
  jsm: JetStreamManager,
  command: JsSubCommand,
  start: ConsumerStart,
): Promise<{ consumer: Consumer; name: string }> {
  const stream = await jsm.streams.info(command.stream);
  const config: Partial<ConsumerConfig> = {
    ack_policy: AckPolicy.None,
    filter_subject: command.subject,
    mem_storage: true,
    num_replicas: stream.config.num_replicas,
    inactive_threshold: nanos(INACTIVE_THRESHOLD_MS),
    ...deliverPolicy(start),
  };
  const info = await jsm.consumers.add(command.stream, config);
  return { consumer: await nc.jetstream().consumers.get(command.stream, info.name), name: info.name };
}

/** A consumer's message as the session sees it: payload decoded once, its position from the consumer. */
export function jsMessageFrame(sid: string, m: Pick<JsMsg, 'subject' | 'data' | 'headers' | 'info'>): NatsMessage {
  const { info } = m;
  const frame: NatsMessage = {
    op: 'msg',
    sid,
    subject: m.subject,
    data: decoder.decode(m.data),
    jetStream: {
      stream: info.stream,
      consumer: info.consumer,
      streamSequence: info.streamSequence,
      consumerSequence: info.deliverySequence,
      deliveryCount: info.deliveryCount,
      pending: info.pending,
    },
  };
  if (m.headers) {
    const headers: NatsHeaders = {};
    for (const [name, values] of m.headers) headers[name] = [...values];
    if (Object.keys(headers).length > 0) frame.headers = headers;
  }
  return frame;
}

/** Where a consumer starts, in the server's terms. */
function deliverPolicy(start: ConsumerStart): Partial<ConsumerConfig> {
  switch (start.deliver) {
    case 'all':
      return { deliver_policy: DeliverPolicy.All };
    case 'new':
      return { deliver_policy: DeliverPolicy.New };
    case 'last-per-subject':
      return { deliver_policy: DeliverPolicy.LastPerSubject };
    case 'time':
      return { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(start.startTime ?? 0).toISOString() };
    case 'seq':
      return { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: start.startSeq ?? 1 };
  }
}
