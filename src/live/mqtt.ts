/**
 * Alert delivery over MQTT with the `mqtt` client (github.com/mqttjs/MQTT.js): each alert is
 * published as JSON, QoS 1 (at least once: the broker acknowledges it, and the alert's `key` lets a
 * subscriber drop a repeat), to `<topic>/<rule kind>/<MMSI>` so a subscriber can filter with MQTT
 * wildcards (`tallyman/alerts/dark/#`). The client reconnects by itself; while it is offline it
 * queues what is published.
 */
import mqtt, { type MqttClient } from 'mqtt';

export interface MqttSink {
  publish(alert: { ruleKind: string; mmsi: number }): Promise<void>;
  close(): Promise<void>;
}

export async function connectMqtt(
  url: string,
  topic: string,
  o: { connectTimeoutMs?: number } = {},
): Promise<MqttSink> {
  const client: MqttClient = await mqtt.connectAsync(url, {
    clientId: `tallyman-watch-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
    connectTimeout: o.connectTimeoutMs ?? 10_000,
    reconnectPeriod: 1000,
  });
  const base = topic.replace(/\/+$/, '');
  return {
    async publish(alert) {
      await client.publishAsync(`${base}/${alert.ruleKind}/${alert.mmsi}`, JSON.stringify(alert), { qos: 1 });
    },
    async close() {
      await client.endAsync();
    },
  };
}
