-- Signed-in citizens reading the 1,000-comment draft: every request another citizen's session
-- (SEP_SESSIONS names a file of session keys, one a line) and, in turn, the Kyrgyz, Russian and
-- English pages. Each citizen's page has their own header, vote and "I agree" buttons, so no
-- page cache can answer it whole; what the portal shares between them is its to show.
-- SEP_DRAFT is the draft's reference.
dofile("bench/report.lua")
local threads = 0

function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

function init(args)
  sessions = {}
  for line in io.lines(os.getenv("SEP_SESSIONS")) do
    if line ~= "" then table.insert(sessions, line) end
  end
  languages = {"ky", "ru", "en"}
  counter = offset
  path = "/drafts/" .. os.getenv("SEP_DRAFT") .. "/"
end

request = function()
  local session = sessions[(counter % #sessions) + 1]
  local language = languages[(counter % #languages) + 1]
  counter = counter + 1
  return wrk.format("GET", "/" .. language .. path, {Cookie = "sessionid=" .. session})
end
