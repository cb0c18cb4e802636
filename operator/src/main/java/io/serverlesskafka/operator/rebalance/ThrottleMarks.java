package io.serverlesskafka.operator.rebalance;

import java.util.Set;

/**
 * Where a plan's topic-level throttle marks ({@code
 * leader/follower.replication.throttled.replicas}) must also be declared so that they last while
 * replicas move. Strimzi's topic operator deletes every topic config that is not in the
 * KafkaTopic's {@code spec.config}, at every change of the KafkaTopic and every periodic reconcile
 * (2 minutes): set through the Admin API alone, the marks would be gone within minutes and the
 * moves would run unthrottled.
 */
public interface ThrottleMarks {
  /** For clusters whose topics no operator resets (the CLI, tests on bare brokers). */
  ThrottleMarks NONE =
      new ThrottleMarks() {
        @Override
        public void mark(Set<String> topics) {}

        @Override
        public void unmark(Set<String> topics) {}
      };

  /** Declares the marks for these Kafka topics. */
  void mark(Set<String> topics);

  /** Takes back what {@link #mark} declared (marks declared by others stay). */
  void unmark(Set<String> topics);
}
