/**
 * Fan-out of new alerts to the delivery sinks of one watch process: each webhook gets its own
 * queue (one POST at a time, in order, each retried with back-off by ./webhook.ts, so a slow
 * receiver delays neither the feed nor the other sinks), MQTT publishes at once. What the sinks
 * are sent is the alert with its evidence and, for a simulated store, a `notice` saying so.
 */
import { connectMqtt, type MqttSink } from './mqtt.js';
import type { StoredAlert } from './store.js';
import { postWebhook } from './webhook.js';

export const SIMULATED_NOTICE = 'SIMULATED: raised on simulated data, not a real vessel event';

export function alertPayload(a: StoredAlert) {
  return a.simulated ? { notice: SIMULATED_NOTICE, ...a } : a;
}

export interface DeliveryCounts {
  webhookOk: number;
  webhookFailed: number;
  mqtt: number;
  mqttFailed: number;
}

export class Deliveries {
  readonly counts: DeliveryCounts = { webhookOk: 0, webhookFailed: 0, mqtt: 0, mqttFailed: 0 };
  private readonly queues: Array<Promise<void>>;
  private mqtt: MqttSink | null = null;
  private readonly closing = new AbortController();

  constructor(
    private readonly o: {
      webhooks: readonly string[];
      webhookSecret: string | null;
      log: (s: string) => void;
      /** Attempts per webhook POST (default 6). */
      attempts?: number;
    },
  ) {
    this.queues = o.webhooks.map(() => Promise.resolve());
  }

  async connectMqtt(url: string, topic: string): Promise<void> {
    this.mqtt = await connectMqtt(url, topic);
  }

  send(alerts: readonly StoredAlert[]): void {
    for (const a of alerts) {
      const payload = alertPayload(a);
      for (const [i, url] of this.o.webhooks.entries()) {
        this.queues[i] = this.queues[i].then(async () => {
          const r = await postWebhook(payload, {
            url,
            secret: this.o.webhookSecret,
            signal: this.closing.signal,
            ...(this.o.attempts !== undefined ? { attempts: this.o.attempts } : {}),
          });
          if (r.ok) this.counts.webhookOk++;
          else {
            this.counts.webhookFailed++;
            this.o.log(
              `webhook ${url}: alert ${a.id} not delivered after ${r.attempts} attempt(s): ${r.error}`,
            );
          }
        });
      }
      if (this.mqtt !== null)
        this.mqtt.publish(payload).then(
          () => {
            this.counts.mqtt++;
          },
          (err: Error) => {
            this.counts.mqttFailed++;
            this.o.log(`MQTT: alert ${a.id} not published: ${err.message}`);
          },
        );
    }
  }

  /** Waits for the queued POSTs (their retries cut short after `graceMs`), closes MQTT. */
  async close(graceMs = 15_000): Promise<void> {
    const t = setTimeout(() => this.closing.abort(), graceMs);
    await Promise.all(this.queues);
    clearTimeout(t);
    await this.mqtt?.close();
  }
}
