-- Searches for a different query each time, so the page cache does not help: the honest cost
-- of a search nobody asked for before. Common words (in the text of almost every draft), rare
-- ones (one topic in sixteen), Kyrgyz ones, several words at once, a typo and no match at all.
dofile("bench/report.lua")
local words = {"закупках", "лицензии", "нотариат", "реестра", "заявление", "статистике",
  "энергии", "банкротстве", "потребителей", "подписи", "маалыматтарды", "мыйзамына",
  "образовании", "недрах", "самоуправлении", "персональных", "защите персональных данных",
  "порядок ведения реестра", "нотариате лицензии", "банкроттук", "стипендях", "квазипроцессор"}
local function encode(text)
  return (text:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local counter = 0
request = function()
  counter = counter + 1
  local word = words[(counter % #words) + 1]
  return wrk.format("GET", "/ru/drafts/?q=" .. encode(word) .. "&n=" .. counter)
end
