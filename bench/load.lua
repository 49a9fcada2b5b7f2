-- wrk script for bench/load.sh: a mix of cache hits (one popular diagram), misses (a new
-- diagram each time, told apart by a comment), and bad requests (syntax errors, bad
-- encodings, an unknown type). Counts responses by status class.
local counter = 0
local hit_path = nil
local statuses = {}

init = function(args)
  hit_path = args[1]
end

request = function()
  counter = counter + 1
  local k = counter % 10
  if k < 6 then
    return wrk.format("GET", hit_path)                                   -- 60 % cache hits
  elseif k < 8 then
    local body = "digraph { a -> b -> c; c -> a; // " .. counter .. "-" .. math.random(1e9) .. "\n}"
    return wrk.format("POST", "/graphviz/svg", { ["Content-Type"] = "text/plain" }, body) -- 20 % misses
  elseif k == 8 then
    return wrk.format("POST", "/graphviz/svg", nil, "digraph { a -> -> b }") -- syntax error
  else
    return wrk.format("GET", "/graphviz/svg/not+valid+base64")             -- bad encoding
  end
end

response = function(status, headers, body)
  local class = math.floor(status / 100) .. "xx"
  statuses[class] = (statuses[class] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("requests=%d duration_s=%.1f rps=%.1f p50_ms=%.2f p99_ms=%.2f socket_errors=%d non2xx3xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
