-- wrk script of scripts/bench/run.sh. The workload comes from the environment:
--   BENCH_MODE     get (GET the URL as given, with BENCH_COOKIE), signin, signup, mixed
--   BENCH_COOKIE   Cookie header for get and mixed
--   BENCH_ORIGIN   Origin header of POSTs
--   BENCH_EMAIL, BENCH_PASSWORD   the signed-up user (signin, mixed)
--   BENCH_RUN      unique prefix of the emails signup and mixed create
-- mixed is 90% get-session, 8% sign-in, 2% sign-up.
-- done() prints one line: RESULT requests=… duration_us=… rps=… p50_us=… p99_us=… errors=…
-- (errors: socket errors, timeouts and statuses >= 400).

local mode = os.getenv("BENCH_MODE") or "get"
local cookie = os.getenv("BENCH_COOKIE") or ""
local origin = os.getenv("BENCH_ORIGIN") or ""
local email = os.getenv("BENCH_EMAIL") or ""
local password = os.getenv("BENCH_PASSWORD") or ""
local run = os.getenv("BENCH_RUN") or "run"

local counter = 1

function setup(thread)
  thread:set("thread_id", counter) -- a global of the thread's script
  counter = counter + 1
end

local tid, n = 0, 0
local getReq, signinReq

function init(args)
  tid = thread_id or 0
  local headers = {}
  if cookie ~= "" then headers["Cookie"] = cookie end
  getReq = wrk.format("GET", wrk.path, headers)
  signinReq = wrk.format("POST", "/api/auth/sign-in/email",
    { ["Content-Type"] = "application/json", ["Origin"] = origin },
    string.format('{"email":"%s","password":"%s"}', email, password))
end

local function signup()
  n = n + 1
  local body = string.format('{"name":"Bench User","email":"%s-%d-%d@bench.test","password":"bench-password-123"}', run, tid, n)
  return wrk.format("POST", "/api/auth/sign-up/email",
    { ["Content-Type"] = "application/json", ["Origin"] = origin }, body)
end

local i = 0
function request()
  if mode == "get" then return getReq end
  if mode == "signin" then return signinReq end
  if mode == "signup" then return signup() end
  i = i + 1
  local k = i % 50
  if k == 0 then return signup() end
  if k <= 4 then return signinReq end
  return getReq
end

function done(summary, latency, requests)
  local e = summary.errors
  local errs = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("RESULT requests=%d duration_us=%d rps=%.2f p50_us=%d p99_us=%d errors=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), errs))
end
