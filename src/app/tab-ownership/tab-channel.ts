import { receiveTabMessage, TAB_CHANNEL, TAB_PROTOCOL_VERSION, type TabMessage, type TabMessageBody } from './protocol';
import { reportSkipped } from './tab-role';

/** The minimum of BroadcastChannel this code uses (the browser's, or Node's in the unit tests). */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

/** One tab's end of the channel: sends with the envelope, receives only checked messages. */
export class TabChannel {
  private readonly listeners = new Set<(message: TabMessage) => void>();
  private readonly onEvent = (event: { data: unknown }) => {
    const received = receiveTabMessage(event.data);
    if (!received.ok) {
      reportSkipped(received.problem);
      return;
    }
    if (received.message.from === this.tabId) return;
    for (const listener of this.listeners) listener(received.message);
  };

  constructor(
    private readonly channel: ChannelLike,
    readonly tabId: string,
  ) {
    channel.addEventListener('message', this.onEvent);
  }

  send(body: TabMessageBody): void {
    this.channel.postMessage({ ...body, v: TAB_PROTOCOL_VERSION, from: this.tabId });
  }

  listen(listener: (message: TabMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.channel.removeEventListener('message', this.onEvent);
    this.channel.close();
  }
}

/** This tab's channel, or undefined where the browser has no BroadcastChannel (the tab then runs alone). */
export function openTabChannel(): TabChannel | undefined {
  if (typeof BroadcastChannel === 'undefined') return undefined;
  const id =
    typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
      ? crypto.randomUUID()
      : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return new TabChannel(new BroadcastChannel(TAB_CHANNEL), id);
}
