-- wrk script: replays the request paths of the file named by the PATHS environment variable in turn,
-- one list position per connection thread, so every thread walks the whole list.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  paths[#paths + 1] = line
end
local next_index = 0

request = function()
  next_index = next_index % #paths + 1
  return wrk.format("GET", paths[next_index], { ["Accept-Encoding"] = "gzip" })
end
