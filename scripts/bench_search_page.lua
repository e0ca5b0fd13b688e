-- LOAD-01 in `make bench` (scripts/bench.py): wrk requests the paths of a file in turn, e.g. the
-- search page with each of the benchmark's 200 fixed queries (livslang/search/bench.py).
--
--   wrk -t2 -c32 -d30s --latency -s scripts/bench_search_page.lua http://127.0.0.1:PORT \
--       -- var/bench/sqlite-search.paths
--
-- The file has one request path a line ("/search/?q=..."). Each thread starts at its own place
-- in the list. At the end one line "LOAD01 {json}" gives requests, duration, responses that
-- were not 2xx, socket errors and latency percentiles in ms (wrk itself prints no p95).

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot open " .. tostring(args[1]))
  paths = {}
  for line in file:lines() do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  file:close()
  assert(#paths > 0, "no paths in " .. args[1])
  counter = id * 97
  non_2xx = 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter - 1) % #paths + 1])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non_2xx")
  end
  local errors = summary.errors
  io.write(string.format(
    'LOAD01 {"requests": %d, "duration_us": %d, "non_2xx": %d, "socket_errors": %d, '
      .. '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests,
    summary.duration,
    bad,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50) / 1000,
    latency:percentile(95) / 1000,
    latency:percentile(99) / 1000,
    latency.max / 1000
  ))
end
