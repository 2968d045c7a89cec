// The runner: interleaved rounds and robust statistics.
//
// Every comparison runs its contenders in the same process, one after the other within a round,
// the order reversed every other round (A B C, C B A, A B C, …), so that drift and noise from the
// machine (2 shared cores, other jobs) hit each contender alike. A figure is the median over
// rounds; a ratio is the median of the per-round ratios (each round's contender against the same
// round's baseline), which cancels slow drift better than a ratio of medians.

export function median(values) {
  return quantile(values, 0.5);
}

export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

/**
 * Runs `measure(contender, round)` for every contender in every round, interleaved.
 * `measure` resolves with one number (µs per call, calls/s, bytes…). Returns, per contender name,
 * `{ values, median }`, plus `ratio` (median of per-round ratios to `baseline`) when one is named.
 */
export async function interleave(names, { rounds, warmup = 1, baseline, measure }) {
  const values = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = -warmup; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const value = await measure(name, round);
      if (round >= 0) values[name].push(value);
    }
  }
  const result = {};
  for (const name of names) {
    const entry = { values: values[name].map(round3), median: round3(median(values[name])) };
    if (baseline && name !== baseline) {
      entry.ratio = round3(median(values[name].map((value, i) => value / values[baseline][i])));
    }
    result[name] = entry;
  }
  return result;
}

export function round3(value) {
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : value;
}

/** Median round trip in µs of `calls` sequential calls of `call()`, each timed on its own. */
export async function sequentialLatency(call, calls) {
  const samples = new Array(calls);
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await call();
    samples[i] = performance.now() - start;
  }
  return median(samples) * 1000;
}

/**
 * Mean round trip in µs over `calls` sequential calls, timed as one batch: for browsers, whose
 * `performance.now()` is coarsened (to 100 µs in a page that is not cross-origin isolated), too
 * coarse to time one call.
 */
export async function meanLatency(call, calls) {
  const start = performance.now();
  for (let i = 0; i < calls; i++) await call();
  return ((performance.now() - start) * 1000) / calls;
}

/** Calls per second with `concurrency` calls in flight until `total` have completed. */
export async function throughput(call, concurrency, total) {
  let started = 0;
  const start = performance.now();
  const worker = async () => {
    while (started < total) {
      started++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return total / ((performance.now() - start) / 1000);
}

/**
 * Latency (one call at a time) and throughput at each of `levels` calls in flight of every contender
 * (`calls`: name → a function making one call), interleaved as `interleave` does, with the Node
 * suites' rounds and call counts (fewer with `quick`).
 */
export async function latencyAndThroughput(calls, { baseline, levels, quick }) {
  const names = Object.keys(calls);
  const latency = await interleave(names, {
    rounds: quick ? 5 : 31,
    warmup: 2,
    baseline,
    measure: (name) => sequentialLatency(calls[name], quick ? 500 : 2000),
  });
  const rates = {};
  for (const concurrency of levels) {
    rates[concurrency] = await interleave(names, {
      rounds: quick ? 3 : 9,
      baseline,
      measure: (name) => throughput(calls[name], concurrency, quick ? 5000 : 20_000),
    });
  }
  return { latency, throughput: rates };
}
