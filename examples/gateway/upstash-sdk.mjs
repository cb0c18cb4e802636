// The @upstash/kafka SDK against the serverless-kafka HTTP gateway (docs/gateway.md).
//   npm install @upstash/kafka@1.3.5
//   KAFKA_REST_URL=http://127.0.0.1:8082 KAFKA_REST_USERNAME=team-a.orders KAFKA_REST_PASSWORD=... \
//   TOPIC=team-a.orders node upstash-sdk.mjs
// Username and password are the topic's own (its ServerlessTopic Secret: username, password).
import { Kafka } from "@upstash/kafka";

const kafka = new Kafka({
  url: process.env.KAFKA_REST_URL,
  username: process.env.KAFKA_REST_USERNAME,
  password: process.env.KAFKA_REST_PASSWORD,
});
const topic = process.env.TOPIC;

// Produce: objects are sent as JSON text; the answer names partition and offset (after acks=all).
const sent = await kafka.producer().produce(topic, { order: 42, item: "book" }, { key: "customer-7" });
console.log(`produced to partition ${sent.partition} at offset ${sent.offset}`);

// Fetch: read from an offset, without a consumer group.
const fetched = await kafka.consumer().fetch({ topic, partition: sent.partition, offset: sent.offset });
console.log(`fetched: ${fetched[0].value}`);

// Consume with a group. The first calls may return nothing while the instance joins its group.
const consumer = kafka.consumer();
let messages = [];
for (let attempt = 0; attempt < 20 && messages.length === 0; attempt++) {
  messages = await consumer.consume({
    consumerGroupId: "example",
    instanceId: "instance-1",
    topics: [topic],
    autoOffsetReset: "earliest",
    autoCommit: false,
  });
}
console.log(`consumed ${messages.length} message(s)`);

// Commit: the offset to commit is the next one to read (last processed + 1), per partition.
const last = new Map();
for (const m of messages) last.set(m.partition, Math.max(last.get(m.partition) ?? -1, m.offset));
const offsets = [...last].map(([partition, offset]) => ({ topic, partition, offset: offset + 1 }));
await consumer.commit({ consumerGroupId: "example", instanceId: "instance-1", offset: offsets });
const committed = await consumer.committed({
  consumerGroupId: "example",
  instanceId: "instance-1",
  topicPartitions: offsets.map(({ topic, partition }) => ({ topic, partition })),
});
console.log(`committed: ${committed.map((c) => `${c.partition}@${c.offset}`).join(", ")}`);

// Done with this instance: it leaves its group at once (idle instances leave after 5 minutes anyway).
await kafka.admin().removeConsumerInstance("example", "instance-1");
