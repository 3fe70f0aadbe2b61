import type { DisplayStatus, ServerMessageOf } from '../../server/protocol/messages.js';
import type { ApiClient } from './session.js';
import { TestClient, displayHello } from './ws-client.js';

export interface PairedDisplay {
  client: TestClient;
  token: string;
  display: DisplayStatus;
  timeline: ServerMessageOf<'timeline'>;
}

/** Pairs a new display the way a screen and an operator do: code on the socket, claim over HTTP. */
export async function pairDisplay(
  baseUrl: string,
  operator: ApiClient,
  opts: { zoneId: string; name?: string; role?: 'backdrop' | 'side' },
): Promise<PairedDisplay> {
  const client = await TestClient.connect(baseUrl);
  client.send(displayHello());
  const { code } = await client.next('pairing-code');
  const res = await operator.post('/api/displays/pair', {
    code,
    name: opts.name ?? `Màn hình ${opts.zoneId}`,
    zoneId: opts.zoneId,
    ...(opts.role ? { role: opts.role } : {}),
  });
  if (res.status !== 201) throw new Error(`pair: ${res.status} ${await res.text()}`);
  const display = (await res.json()) as DisplayStatus;
  const { token } = await client.next('paired');
  await client.next('welcome');
  const timeline = await client.next('timeline');
  return { client, token, display, timeline };
}

/** A paired display's token, its socket closed: for tests that connect with it themselves. */
export async function pairedToken(baseUrl: string, operator: ApiClient, zoneId: string): Promise<{ token: string; id: string }> {
  const paired = await pairDisplay(baseUrl, operator, { zoneId });
  paired.client.close();
  await paired.client.closed;
  return { token: paired.token, id: paired.display.id };
}
