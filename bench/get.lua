-- wrk script: GETs of the URL given to wrk, counted. TISSER_EXPECT: the success status
-- (default 200). At the end one line like bench/register.lua's:
-- "tisser-wrk ok=… other=… seconds=… p50_ms=… p99_ms=… connect=… read=… write=… timeout=…".
local threads = {}
local expected = tonumber(os.getenv("TISSER_EXPECT") or "200")
ok, other, shown = 0, 0, 0

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

function response(status, headers, body)
  if status == expected then
    ok = ok + 1
  else
    other = other + 1
    if shown < 3 then
      shown = shown + 1
      io.stderr:write("unexpected status " .. status .. ": " .. string.sub(body or "", 1, 300) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local n_ok, n_other = 0, 0
  for _, t in ipairs(threads) do
    n_ok = n_ok + t:get("ok")
    n_other = n_other + t:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    "tisser-wrk ok=%d other=%d seconds=%.3f p50_ms=%.2f p99_ms=%.2f connect=%d read=%d write=%d timeout=%d\n",
    n_ok, n_other, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect, e.read, e.write, e.timeout))
end
