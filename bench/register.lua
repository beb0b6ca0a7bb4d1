-- wrk script: every request registers a new person (unique e-mail per thread and counter)
-- for one workshop. Set the event slug and session id through environment variables
-- TISSER_SLUG and TISSER_SESSION (bench/run.sh does it).
local counter = 0
local thread_id = 0
local slug = os.getenv("TISSER_SLUG")
local session = os.getenv("TISSER_SESSION")

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  math.randomseed(os.time() + (id or 0))
  prefix = string.format("t%d-%d", id or 0, math.random(1, 1000000000))
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"email":"%s-%d@example.org","first_name":"Léa","last_name":"Martin","sessions":["%s"]}',
    prefix, counter, session)
  return wrk.format("POST", "/api/v1/events/" .. slug .. "/registrations",
    {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status ~= 201 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
