-- Anonymous readers opening drafts nobody opened before: every request a different draft, so
-- the page cache never answers (the honest cost of the 10,000 drafts few people read).
-- SEP_REFERENCES names a file of references, one a line (`manage.py bench_setup references`);
-- each thread walks its own stretch of it.
dofile("bench/report.lua")
local threads = 0

function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

function init(args)
  references = {}
  for line in io.lines(os.getenv("SEP_REFERENCES")) do
    if line ~= "" then table.insert(references, line) end
  end
  -- Threads interleave: thread k takes references k, k + n, k + 2n … of n threads.
  counter = offset
  step = tonumber(os.getenv("SEP_THREADS") or "1")
end

request = function()
  local reference = references[(counter % #references) + 1]
  counter = counter + step
  return wrk.format("GET", "/ru/drafts/" .. reference .. "/")
end
