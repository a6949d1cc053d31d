import { DeliverPolicy, type JsMsg, type NatsConnection, type OrderedConsumerOptions } from 'nats.ws';
import type { JsSubCommand, NatsFrame, NatsHeaders, NatsMessage } from './nats-protocol';

/**
 * The `js-sub` command of the NATS transport (nats-protocol.ts): a JetStream ordered consumer (nats.ws
 * `js.consumers.get(stream, options)`), which JetStream itself keeps gap-free and in order (it
 * recreates its consumer from the last sequence on a missed heartbeat). Each message becomes a `msg`
 * frame whose `jetStream` position (stream sequence, pending...) is the consumer's own `JsMsg.info`;
 * a `js-ready` status frame says how many
 * were pending when the consumer was created (0: nothing to catch up). A failure is a `status` error
 * frame with the sid.
 */

export interface JsSubscription {
  stop(): void;
}

const decoder = new TextDecoder();

export function startJsSubscription(
  nc: NatsConnection,
  command: JsSubCommand,
  deliver: (frame: NatsFrame) => void,
): JsSubscription {
  let stopped = false;
  let stopConsumer: (() => void) | undefined;
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
  void (async () => {
    const consumer = await nc.jetstream().consumers.get(command.stream, consumerOptions(command));
    if (stopped) return;
    // Short pulls: a pull expiring every 5 s carries idle heartbeats every 2.5 s, so a consumer lost
    // with its server (a cluster node's loss) is noticed within seconds and recreated from the last
    // sequence by nats.ws (the default, 30 s pulls, would leave the page silent for a minute).
    const messages = await consumer.consume({ max_messages: 1_000, expires: 5_000 });
    stopConsumer = () => void messages.close();
    if (stopped) return stopConsumer();
    const info = await consumer.info(true);
    let pending = info.num_pending;
    if (!stopped) deliver({ op: 'status', type: 'js-ready', sid: command.sid, pending });
    // A message's `pending` can stay above 0 on its last message (a key superseded in a bucket after it
    // was counted): until one says 0, ask the server each second and say so once it has nothing left
    // and nothing delivered waits here. `info()` without `true`: the cached info of an ordered consumer
    // is its creation-time answer, whose count never changes (the page would never go live).
    const check = setInterval(() => {
      if (stopped || pending === 0) return clearInterval(check);
      consumer.info().then(
        (now) => {
          if (stopped || pending === 0 || now.num_pending !== 0 || messages.getPending() > 0) return;
          pending = 0;
          deliver({ op: 'status', type: 'js-ready', sid: command.sid, pending: 0 });
        },
        () => undefined,
      );
    }, 1_000);
    for await (const m of messages) {
      if (stopped) break;
      pending = m.info.pending;
      deliver(jsMessageFrame(command.sid, m));
    }
    clearInterval(check);
  })().catch(fail);
  return {
    stop() {
      stopped = true;
      stopConsumer?.();
    },
  };
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

function consumerOptions(command: JsSubCommand): Partial<OrderedConsumerOptions> {
  const base = { filterSubjects: command.subject };
  switch (command.deliver) {
    case 'all':
      // The ordered consumer's default; naming DeliverPolicy.All makes nats.ws 1.30 send it with a start
      // sequence, which the server refuses, and the consumer retries forever without a word.
      return base;
    case 'new':
      return { ...base, deliver_policy: DeliverPolicy.New };
    case 'last-per-subject':
      return { ...base, deliver_policy: DeliverPolicy.LastPerSubject };
    case 'time':
      return {
        ...base,
        deliver_policy: DeliverPolicy.StartTime,
        opt_start_time: new Date(command.startTime ?? 0).toISOString(),
      };
    case 'seq':
      return { ...base, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: command.startSeq ?? 1 };
  }
}
