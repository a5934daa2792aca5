-- wrk script for benchmarks/production_load.py: a mix of what citizens and agencies do, each
-- wrk thread acting as one client on one connection (run with as many connections as threads),
-- so that a form journey's steps, its cookies and its CSRF token, follow one another.
--
-- Outside a journey each request is drawn: a page (weight 70), a search (15), an API submission
-- (10, a new Idempotency-Key each) or the start of a whole pothole report through the pages
-- (5; about 20 requests: each question's page, its answer, check answers, the confirmation).
-- STATIC_ONLY=1 in the environment asks only for pages: nginx serving the static site alone.
-- RATE=<requests a second> with CLIENTS=<the number of threads> paces the clients: each waits
-- a random pause (CLIENTS / RATE seconds on average) before each request, so that together they
-- send about RATE a second, less the time their answers take. RATE=0: no pauses.

local pages = {
  "/", "/apply-for-a-passport", "/renew-your-passport", "/tax-your-vehicle", "/register-to-vote",
  "/vat-rates", "/check-flood-warnings", "/jury-service", "/benefit-rates", "/driving-test",
}
local searches = { "passport", "tax", "vote", "flood", "driving licence", "benefit", "court" }
local form = "/forms/report-a-pothole"
local answers = {
  { "location-type", "location-type=road" }, { "road-name", "road-name=Mill+Lane" },
  { "town", "town=Northtown" }, { "postcode", "postcode=" },
  { "where-on-road", "where-on-road=Outside+14" }, { "pothole-size", "pothole-size=large" },
  { "harm", "harm=no" }, { "email", "email=" },
}
local report = '{"answers": {"location-type": "road", "road-name": "Mill Lane", '
  .. '"town": "Northtown", "where-on-road": "Outside 14", "pothole-size": "large", '
  .. '"harm": "no"}}'
local static_only = os.getenv("STATIC_ONLY") == "1"
local rate = tonumber(os.getenv("RATE") or "0") or 0
local clients = tonumber(os.getenv("CLIENTS") or "1") or 1

if rate > 0 then
  -- Only defined when pacing: wrk sends every request through a timer once delay() exists.
  local pause_ms = 1000 * clients / rate
  function delay()
    return math.floor(pause_ms * 2 * math.random())
  end
end

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

-- per thread
local cookies, journey, token, sent = {}, nil, "", 0
journeys, journey_failures, submissions = 0, 0, 0

local function cookie_header()
  local parts = {}
  for name, value in pairs(cookies) do table.insert(parts, name .. "=" .. value) end
  return table.concat(parts, "; ")
end

local function get(path)
  return wrk.format("GET", path, { ["Cookie"] = cookie_header() })
end

local function post(path, body)
  return wrk.format("POST", path, {
    ["Cookie"] = cookie_header(),
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

-- A journey is a list of steps; `journey.at` is the next. The step kinds: "start", "page" (read
-- the token), "answer", "check" (read the token), "send", "done".
local function new_journey()
  local steps = { { "start", form } }
  for _, a in ipairs(answers) do
    table.insert(steps, { "page", form .. "/" .. a[1] })
    table.insert(steps, { "answer", form .. "/" .. a[1], a[2] })
  end
  table.insert(steps, { "page", form .. "/check-answers" })
  table.insert(steps, { "send", form .. "/check-answers", "" })
  table.insert(steps, { "done", form .. "/confirmation" })
  return { steps = steps, at = 1 }
end

function request()
  sent = sent + 1
  if journey == nil and not static_only and math.random(100) <= 5 then
    cookies, journey = {}, new_journey()
  end
  if journey ~= nil then
    local step = journey.steps[journey.at]
    if step[1] == "answer" or step[1] == "send" then
      local body = "csrf_token=" .. token
      if step[3] ~= "" then body = step[3] .. "&" .. body end
      return post(step[2], body)
    end
    return get(step[2])
  end
  local draw = static_only and 1 or math.random(95)
  if draw <= 70 then
    return get(pages[math.random(#pages)])
  elseif draw <= 85 then
    return get("/search?q=" .. searches[math.random(#searches)]:gsub(" ", "+"))
  end
  submissions = submissions + 1
  return wrk.format("POST", "/api/v1/forms/report-a-pothole/submissions", {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("wrk-%d-%d-%d", id, sent, math.random(1e9)),
  }, report)
end

function response(status, headers, body)
  if journey == nil then return end
  local cookie = headers["Set-Cookie"] or headers["set-cookie"]
  if cookie then
    local name, value = cookie:match("^([^=]+)=([^;]*)")
    if name then cookies[name] = value end
  end
  local step = journey.steps[journey.at]
  local kind = step[1]
  local ok = (kind == "page" or kind == "done") and status == 200
    or (kind ~= "page" and kind ~= "done") and status == 303
  if kind == "page" and ok then
    token = body:match('name="csrf_token"[^>]*value="([^"]+)"') or ""
  end
  if not ok then
    journey_failures, journey = journey_failures + 1, nil
    return
  end
  journey.at = journey.at + 1
  if journey.at > #journey.steps then
    journeys, journey = journeys + 1, nil
  end
end

function done(summary, latency, requests)
  local finished, failed, submitted = 0, 0, 0
  for _, thread in ipairs(threads) do
    finished = finished + thread:get("journeys")
    failed = failed + thread:get("journey_failures")
    submitted = submitted + thread:get("submissions")
  end
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, '
      .. '"status_errors": %d, "socket_errors": %d, "journeys": %d, "journey_failures": %d, '
      .. '"submissions": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout, finished, failed, submitted
  ))
end
