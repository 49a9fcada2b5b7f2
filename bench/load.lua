-- wrk script for bench/load.sh: a mix of cache hits (one popular diagram), misses (a new
-- diagram each time, told apart by a comment), bad requests (syntax errors, bad encodings)
-- and the hostile families of tests/e2e/load.test.mjs (a zlib bomb, an over-long URL, and
-- inputs nested past each limit). Counts responses by status class.
local counter = 0
local hit_path = nil
local bomb_path = nil
local statuses = {}

local function deep(open, middle, close, n)
  return string.rep(open, n) .. middle .. string.rep(close, n)
end

local mermaid_nest = {"flowchart TD\n"}
for i = 1, 500 do mermaid_nest[#mermaid_nest + 1] = "subgraph s" .. i .. "\n" end
mermaid_nest[#mermaid_nest + 1] = "  a --> b\n" .. string.rep("end\n", 500)

-- Each: method, path, body. Built once: the hostile inputs need not miss the cache (they
-- never reach it).
local hostile = {
  {"POST", "/graphviz/svg", "digraph { " .. deep("{", "a", "}", 5000) .. " }"},
  {"POST", "/graphviz/svg", 'digraph { a [shape=record, label="' .. deep("{", "x", "}", 3000) .. '"] }'},
  {"POST", "/graphviz/svg", "digraph { a [label=<" .. deep("<TABLE><TR><TD>", "x", "</TD></TR></TABLE>", 500) .. ">] }"},
  {"POST", "/mermaid/svg", table.concat(mermaid_nest)},
  {"POST", "/wit/svg", "package ex:p;\ninterface i { type t = " .. deep("list<", "u8", ">", 2000) .. "; }\n"},
  {"GET", "/graphviz/svg/" .. string.rep("A", 20000), nil},
}

init = function(args)
  hit_path = args[1]
  bomb_path = args[2]
  hostile[#hostile + 1] = {"GET", bomb_path, nil}
end

request = function()
  counter = counter + 1
  local k = counter % 20
  if k < 10 then
    return wrk.format("GET", hit_path)                                   -- 50 % cache hits
  elseif k < 13 then
    local body = "digraph { a -> b -> c; c -> a; // " .. counter .. "-" .. math.random(1e9) .. "\n}"
    return wrk.format("POST", "/graphviz/svg", { ["Content-Type"] = "text/plain" }, body) -- 15 % misses
  elseif k == 13 then
    return wrk.format("POST", "/graphviz/svg", nil, "digraph { a -> -> b }") -- 5 % syntax errors
  elseif k == 14 then
    return wrk.format("GET", "/graphviz/svg/not+valid+base64")             -- 5 % bad encodings
  else
    local h = hostile[math.floor(counter / 20) % #hostile + 1]                     -- 25 % hostile
    return wrk.format(h[1], h[2], nil, h[3])
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
