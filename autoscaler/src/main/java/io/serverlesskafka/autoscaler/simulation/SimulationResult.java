package io.serverlesskafka.autoscaler.simulation;

import java.util.List;

/** A simulation's timeline (one row per trace sample) and its summary. */
public record SimulationResult(List<TimelineRow> timeline, SimulationSummary summary) {}
