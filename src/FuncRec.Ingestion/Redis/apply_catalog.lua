-- Applies one partition's catalog events atomically with its offset high-water mark. An event older
-- than (or as old as) the item's stored ts changes nothing, so out-of-order delivery cannot regress.
local p = ARGV[1]
local hwmKey = ARGV[2]
local partition = ARGV[3]
local nModels = tonumber(ARGV[4])
local models = {}
for i = 1, nModels do models[i] = ARGV[4 + i] end
local base = 5 + nModels
local stride = 9
local n = (#ARGV - base + 1) / stride

local leafKey = p .. 'items:leaf'
local hwm = tonumber(redis.call('HGET', hwmKey, partition) or '-1')
local last = hwm
local applied, dup, superseded, changes = 0, 0, 0, 0
for i = 0, n - 1 do
  local o = base + i * stride
  local off = tonumber(ARGV[o])
  if off <= hwm then
    dup = dup + 1
  else
    applied = applied + 1
    if off > last then last = off end
    local key = p .. 'i:' .. ARGV[o + 2]
    local ts = tonumber(ARGV[o + 3])
    local cur = redis.call('HGET', key, 'ts')
    if cur and tonumber(cur) >= ts then
      superseded = superseded + 1
    else
      changes = changes + 1
      if ARGV[o + 1] == 'u' then
        redis.call('HSET', key, 'cat', ARGV[o + 4], 'brand', ARGV[o + 5], 'price', ARGV[o + 6],
          'stock', ARGV[o + 7], 'tokens', ARGV[o + 8], 'ts', ARGV[o + 3], 'del', '0')
        -- The leaf-category index the behaviour ingestor reads with one HMGET per chunk (docs/features.md).
        redis.call('HSET', leafKey, ARGV[o + 2], string.match(ARGV[o + 4], '([^/]+)$') or '')
      else
        redis.call('HSET', key, 'ts', ARGV[o + 3], 'del', '1')
      end
    end
  end
end

if applied > 0 then
  if changes > 0 then
    for _, model in ipairs(models) do redis.call('HINCRBY', p .. 'pending:' .. model, 'catalog_changes', changes) end
  end
  redis.call('HSET', hwmKey, partition, last)
end

return { applied, dup, superseded }
