// Drives the gateway with the real @upstash/kafka SDK, as a serverless function would, and prints what it saw as
// one JSON line for GatewayIT to check. Environment: GATEWAY_URL, TOPIC, USER_A/PASS_A (the topic's own
// credentials), USER_B/PASS_B (another tenant's).
import { Kafka, UpstashError } from "@upstash/kafka";

// The SDK retries every failed request 5 times with back-off (0.5 s ... 8 s). Failures are expected below (401, 403);
// shorten the back-off so the test does not wait 15 s for each, without changing how many requests are sent.
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = (fn, ms, ...args) => realSetTimeout(fn, Math.min(ms ?? 0, 20), ...args);

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const url = env("GATEWAY_URL");
const topic = env("TOPIC");
const kafka = new Kafka({ url, username: env("USER_A"), password: env("PASS_A") });
const result = {};

const produced = await kafka.producer().produce(topic, { hello: "sdk" }, {
  key: "k1",
  headers: [{ key: "trace", value: "t-1" }],
});
result.produced = produced;
result.producedMany = await kafka.producer().produceMany([
  { topic, value: "many-1" },
  { topic, value: "many-2", key: "k2" },
  { topic, value: "many-3", partition: produced.partition },
]);

result.fetched = await kafka.consumer().fetch({
  topic,
  partition: produced.partition,
  offset: produced.offset,
  timeout: 1000,
});

// Consume with a group; the first requests may return nothing while the instance joins the group.
const consumer = kafka.consumer();
const consumed = [];
for (let i = 0; i < 30 && consumed.length < 4; i++) {
  const batch = await consumer.consume({
    consumerGroupId: "sdk-group",
    instanceId: "instance-1",
    topics: [topic],
    autoOffsetReset: "earliest",
    autoCommit: false,
    timeout: 1000,
  });
  consumed.push(...batch);
}
result.consumed = consumed;
const next = new Map();
for (const m of consumed) {
  const current = next.get(m.partition) ?? 0;
  next.set(m.partition, Math.max(current, m.offset + 1));
}
const toCommit = [...next.entries()].map(([partition, offset]) => ({ topic, partition, offset }));
await consumer.commit({ consumerGroupId: "sdk-group", instanceId: "instance-1", offset: toCommit });
result.committedRequested = toCommit;
result.committed = await consumer.committed({
  consumerGroupId: "sdk-group",
  instanceId: "instance-1",
  topicPartitions: toCommit.map(({ topic, partition }) => ({ topic, partition })),
});
result.latest = await kafka.admin().topicPartitionOffsets({
  timestamp: "latest",
  topicPartitions: toCommit.map(({ topic, partition }) => ({ topic, partition })),
});
result.topics = await kafka.admin().topics();
await kafka.admin().removeConsumerInstance("sdk-group", "instance-1");

const failure = async (work) => {
  try {
    await work();
    return { status: 0 };
  } catch (e) {
    return { status: e instanceof UpstashError ? e.status : -1, error: e.error ?? String(e) };
  }
};
const wrongPassword = new Kafka({ url, username: env("USER_A"), password: "not-the-password" });
result.wrongPassword = await failure(() => wrongPassword.producer().produce(topic, "x"));
const otherTenant = new Kafka({ url, username: env("USER_B"), password: env("PASS_B") });
result.otherTenant = await failure(() => otherTenant.producer().produce(topic, "x"));
result.otherTenantFetch = await failure(() => otherTenant.consumer().fetch({ topic, partition: 0, offset: 0 }));

console.log(JSON.stringify(result));
