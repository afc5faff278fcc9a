-- wrk reporter: one machine-readable line with exact percentiles.
-- wrk keeps a per-microsecond latency histogram, so percentile() here is exact to 1 us,
-- unlike the rounded figures of `--latency`'s text output.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
      .. '"non_2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
