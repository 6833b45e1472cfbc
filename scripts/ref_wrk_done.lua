-- wrk's done hook for scripts/ref_wrk.py: wrk's own summary as one line of whole numbers (times in microseconds).
-- Only done() is defined: a request() or response() hook would slow every request wrk sends.
function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("boundbench-wrk: duration_us=%d requests=%d connect=%d read=%d write=%d status=%d " ..
                         "timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
                         summary.duration, summary.requests, errors.connect, errors.read, errors.write, errors.status,
                         errors.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
                         latency.max))
end
