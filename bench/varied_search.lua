-- Searches for a different word each time, so the page cache does not help: the honest cost
-- of a search nobody asked for before.
dofile("bench/report.lua")
local words = {"закупках", "лицензии", "нотариат", "реестра", "заявление", "статистике",
  "энергии", "банкротстве", "потребителей", "подписи", "маалыматтарды", "мыйзамына",
  "образовании", "недрах", "самоуправлении", "персональных"}
local function encode(text)
  return (text:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local counter = 0
request = function()
  counter = counter + 1
  local word = words[(counter % #words) + 1]
  return wrk.format("GET", "/ru/drafts/?q=" .. encode(word) .. "&n=" .. counter)
end
