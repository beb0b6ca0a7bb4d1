-- wrk script: every request registers a new person (unique e-mail per thread and counter).
--
-- Where (environment variables):
--   TISSER_SLUG + TISSER_SESSION   one event and its workshop (bench/run.sh);
--   TISSER_EVENTS="slug=id slug=id …"  several events, taken round-robin, one per request.
-- How:
--   by default the JSON API (POST /api/v1/events/{slug}/registrations, success 201);
--   TISSER_FORM=1: the public HTML form (POST /events/{slug}/register, success 303), with the
--   CSRF pair of one earlier GET: TISSER_CSRF (the token, sent as cookie `tisser_csrf` and as
--   field `csrf_token`) and TISSER_ORIGIN (the Origin header, the server's own address).
--
-- At the end (done) one line: "tisser-wrk ok=… other=… seconds=… p50_ms=… p99_ms=…
-- connect=… read=… write=… timeout=…": answers with the success status, any other status,
-- and wrk's socket errors. The first few unexpected answers go to stderr.
local threads = {}
local targets = {}
local form = os.getenv("TISSER_FORM") == "1"
local csrf = os.getenv("TISSER_CSRF") or ""
local origin = os.getenv("TISSER_ORIGIN") or ""
local expected = form and 303 or 201

local list = os.getenv("TISSER_EVENTS")
if list and list ~= "" then
  for slug, session in string.gmatch(list, "([^%s=]+)=([^%s]+)") do
    targets[#targets + 1] = {slug = slug, session = session}
  end
else
  targets[1] = {slug = os.getenv("TISSER_SLUG"), session = os.getenv("TISSER_SESSION")}
end

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

local counter = 0
local next_target = 0
ok, other, shown = 0, 0, 0

function init(args)
  math.randomseed(os.time() + (id or 0) * 7919)
  prefix = string.format("t%d-%d", id or 0, math.random(1, 1000000000))
  next_target = id or 0
end

function request()
  counter = counter + 1
  local t = targets[(next_target % #targets) + 1]
  next_target = next_target + 1
  local email = string.format("%s-%d@example.org", prefix, counter)
  if form then
    local body = string.format(
      "csrf_token=%s&email=%s&first_name=L%%C3%%A9a&last_name=Martin&slot-0=%s",
      csrf, (email:gsub("@", "%%40")), t.session)
    return wrk.format("POST", "/events/" .. t.slug .. "/register", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "tisser_csrf=" .. csrf,
      ["Origin"] = origin,
    }, body)
  end
  local body = string.format(
    '{"email":"%s","first_name":"Léa","last_name":"Martin","sessions":["%s"]}', email, t.session)
  return wrk.format("POST", "/api/v1/events/" .. t.slug .. "/registrations",
    {["Content-Type"] = "application/json"}, body)
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
