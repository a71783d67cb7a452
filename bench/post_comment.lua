-- Signed-in, CSRF-valid comment posting. Each request carries a fresh submission key, so
-- every accepted request (302) must become one stored comment. Keys are
-- <thread>-<SEP_RUN>-<counter>: SEP_RUN (from `manage.py bench_setup participants`) is new
-- for every run, so a run never repeats a key an earlier run stored on the same database.
local threads = {}
local run = os.getenv("SEP_RUN")
local path = os.getenv("SEP_POST_PATH")
local csrf = os.getenv("SEP_CSRF")
local cookie = "sessionid=" .. os.getenv("SEP_SESSION") .. "; csrftoken=" .. csrf

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  accepted = 0
  refused = 0
  counter = 0
end

function request()
  counter = counter + 1
  local key = string.format("%08x-%s-%012x", id, run, counter)
  local body = "position=proposal&section=&website=&csrfmiddlewaretoken=" .. csrf
    .. "&key=" .. key .. "&text=Benchmark+comment+" .. id .. "-" .. counter
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
  }, body)
end

function response(status, headers, body)
  if status == 302 then accepted = accepted + 1 else refused = refused + 1 end
end

function done(summary, latency, requests)
  local total, bad = 0, 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("accepted")
    bad = bad + thread:get("refused")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT rps=%.1f p95_ms=%.2f requests=%d errors=%d\n",
    summary.requests / seconds, latency:percentile(95) / 1000, summary.requests, bad))
  io.write(string.format("ACCEPTED %d\n", total))
end
