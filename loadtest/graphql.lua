-- wrk script of accountd's load test: one GraphQL scenario per run, chosen by
-- LOADTEST_SCENARIO, answers classified by their body (GraphQL answers 200 to a
-- refused log-in too). loadtest/run starts wrk with it and reads the JSON line that
-- done() prints.
--
--   signup    signUp with a unique email per request (and a password: one hash)
--   login     logIn of the seeded accounts load0..load{N-1}, round robin
--   login2fa  logIn of accounts with two-factor on: ends at the challenge
--   viewer    { viewer { id email } } with LOADTEST_AUTH as the Authorization header,
--             or LOADTEST_COOKIE as the Cookie header
--
-- LOADTEST_NETWORKS > 0 makes the requests come from many client networks: each thread
-- sends its requests round robin from that many IPv6 /48s of its own (2001:db8:XXXX::1,
-- documentation space; a new one per request), in X-Forwarded-For; loadtest/run starts
-- accountd with 127.0.0.1 as a trusted proxy, so accountd takes that address for the
-- client's, as behind a load balancer. Unset or 0: no header, every request comes from
-- 127.0.0.1 (one network).
local scenario = os.getenv("LOADTEST_SCENARIO")
local password = os.getenv("LOADTEST_PASSWORD") or ""
local accounts = tonumber(os.getenv("LOADTEST_ACCOUNTS") or "1")
local run_id = os.getenv("LOADTEST_RUN_ID") or "0"
local networks = tonumber(os.getenv("LOADTEST_NETWORKS") or "0")

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

-- Globals, not locals: done() reads them from each thread with thread:get.
ok, limited, other, sample = 0, 0, 0, ""
local n = 0

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  local auth, cookie = os.getenv("LOADTEST_AUTH"), os.getenv("LOADTEST_COOKIE")
  if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
  if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
  if scenario == "viewer" then
    wrk.body = '{"query":"{ viewer { id email } }"}'
  end
  -- Threads start at different accounts, so that no two hit one address at once.
  n = id * 7919
end

local login = '{"query":"mutation($e: String!, $p: String!) { logIn(input: {email: $e, password: $p}) { token twoFactorChallenge userErrors { code } } }","variables":{"e":"%s","p":"%s"}}'
local signup = '{"query":"mutation($e: String!, $p: String!) { signUp(input: {email: $e, password: $p, acceptTerms: true}) { userErrors { code } } }","variables":{"e":"%s","p":"%s"}}'

function request()
  n = n + 1
  if networks > 0 then
    -- One /48 per network, disjoint between threads: 65,536 /48s in 2001:db8::/32.
    wrk.headers["X-Forwarded-For"] = string.format("2001:db8:%x::1", (id * networks + n % networks) % 65536)
  end
  if scenario == "login" then
    return wrk.format(nil, nil, nil, string.format(login, "load" .. (n % accounts) .. "@example.com", password))
  elseif scenario == "login2fa" then
    return wrk.format(nil, nil, nil, string.format(login, "load2fa" .. (n % accounts) .. "@example.com", password))
  elseif scenario == "signup" then
    return wrk.format(nil, nil, nil, string.format(signup, "su-" .. run_id .. "-" .. id .. "-" .. n .. "@example.com", password))
  end
  return wrk.format()
end

local expect = {
  viewer = '"email":"load0@example.com"',
  login = '"token":"acd_sess_',
  login2fa = '"twoFactorChallenge":"acd_',
  signup = '"userErrors":[]',
}

function response(status, headers, body)
  if status == 200 and string.find(body, expect[scenario], 1, true) then
    ok = ok + 1
  elseif string.find(body, "RATE_LIMITED", 1, true) then
    limited = limited + 1
  else
    other = other + 1
    if sample == "" then
      -- Kept JSON-safe: printed inside a JSON string by done().
      sample = string.gsub(status .. " " .. string.sub(body, 1, 300), '[%c"\\]', " ")
    end
  end
end

function done(summary, latency, requests)
  local tok, tlimited, tother, tsample = 0, 0, 0, ""
  for _, t in ipairs(threads) do
    tok = tok + t:get("ok")
    tlimited = tlimited + t:get("limited")
    tother = tother + t:get("other")
    local s = t:get("sample")
    if tsample == "" and s ~= nil then tsample = s end
  end
  local e = summary.errors
  io.write(string.format(
    'LOADTEST_RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"ok":%d,"rate_limited":%d,"other":%d,"socket_errors":%d,"timeouts":%d,"sample":"%s"}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    tok, tlimited, tother, e.connect + e.read + e.write, e.timeout, tsample))
end
