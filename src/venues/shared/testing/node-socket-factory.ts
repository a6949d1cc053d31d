import { WebSocket as NodeWebSocket } from 'ws';
import { wrapPlatformSocket, type SocketFactory } from '../socket';

/** Node 20 has no global WebSocket: tests, simulators and benches use the `ws` package. */
export const nodeSocketFactory: SocketFactory = (url, protocols) => {
  const socket = new NodeWebSocket(url, protocols);
  socket.binaryType = 'arraybuffer';
  return wrapPlatformSocket(socket, (events) => {
    socket.onopen = () => events.open();
    socket.onmessage = (event) => events.message(event.data);
    socket.onclose = (event) => events.close(event.code, event.reason);
    socket.onerror = (event) => events.error(event.message);
  });
};
