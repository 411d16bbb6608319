import type { MessageChannel } from '../../contract/supervision.ts';

/**
 * Outbound channels behind one interface. Without configuration no message leaves the system: the outbox keeps
 * it as `recorded` for people to read. A real gateway is a configuration away: `XINFANG_SMS_WEBHOOK` /
 * `XINFANG_EMAIL_WEBHOOK` name an HTTP endpoint that accepts `{to, subject, body, id}` as JSON (the usual shape
 * of SMS platforms and mail relays run by government clouds); any other gateway implements `MessageAdapter`.
 */

export interface OutboundMessage {
  id: string;
  channel: MessageChannel;
  address: string;
  subject: string;
  body: string;
}

/** What an adapter did: delivered (with the provider's id), or only recorded (no real channel). */
export type DeliveryOutcome = { kind: 'sent'; providerId: string | null } | { kind: 'recorded' };

/** An adapter throws this when trying again cannot help (a rejected address); other errors are retried. */
export class PermanentDeliveryError extends Error {}

export interface MessageAdapter {
  readonly channel: MessageChannel;
  readonly name: string;
  send(m: OutboundMessage): Promise<DeliveryOutcome>;
}

/** The default: keeps the message in the outbox, sends nothing. */
export function recordOnlyAdapter(channel: MessageChannel): MessageAdapter {
  return { channel, name: 'record-only', send: async () => ({ kind: 'recorded' }) };
}

/** Posts the message as JSON to a gateway; 4xx is permanent, anything else is retried. */
export function webhookAdapter(
  channel: MessageChannel,
  url: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 15_000,
): MessageAdapter {
  return {
    channel,
    name: `webhook:${new URL(url).host}`,
    async send(m) {
      const res = await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: m.id, to: m.address, subject: m.subject, body: m.body }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      if (res.status >= 400 && res.status < 500)
        throw new PermanentDeliveryError(`发送网关拒绝（HTTP ${res.status}）：${text.slice(0, 200)}`);
      if (!res.ok) throw new Error(`发送网关暂时不可用（HTTP ${res.status}）`);
      let providerId: string | null = null;
      try {
        const j = JSON.parse(text) as { id?: unknown };
        if (typeof j.id === 'string') providerId = j.id;
      } catch {
        // A gateway that answers with plain text: delivered, no id.
      }
      return { kind: 'sent', providerId };
    },
  };
}

export type AdapterSet = Readonly<Record<MessageChannel, MessageAdapter>>;

/** The adapters the environment configures; record-only for every channel that names no gateway. */
export function adaptersFromEnv(env: NodeJS.ProcessEnv = process.env): AdapterSet {
  const sms = env.XINFANG_SMS_WEBHOOK;
  const email = env.XINFANG_EMAIL_WEBHOOK;
  return {
    sms: sms ? webhookAdapter('sms', sms) : recordOnlyAdapter('sms'),
    email: email ? webhookAdapter('email', email) : recordOnlyAdapter('email'),
  };
}
