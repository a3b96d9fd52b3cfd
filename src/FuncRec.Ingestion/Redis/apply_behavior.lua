-- Applies one partition's behaviour events atomically with its offset high-water mark.
-- Keys are built here from the prefix (single-shard Redis; see docs/features.md) and must match
-- FuncRec.Core.Features.FeatureKeys exactly (the integration tests read them through FeatureKeys).
local p = ARGV[1]
local hwmKey = ARGV[2]
local partition = ARGV[3]
local seqCap = tonumber(ARGV[4])
local covisCap = tonumber(ARGV[5])
local covisDepth = tonumber(ARGV[6])
local covisWindow = tonumber(ARGV[7])
local bucketMs = tonumber(ARGV[8])
local trendTtl = tonumber(ARGV[9])
local userTtl = tonumber(ARGV[10])
local covisTtl = tonumber(ARGV[11])
local queryTtl = tonumber(ARGV[12])
local halfLife = tonumber(ARGV[13])
local nModels = tonumber(ARGV[14])
local models = {}
for i = 1, nModels do models[i] = ARGV[14 + i] end
local base = 15 + nModels
local stride = 6
local n = (#ARGV - base + 1) / stride
-- affinity weight per interaction type (1 view, 2 click, 3 add_to_cart, 4 purchase, 5 search_click)
local affWeight = { 1, 1, 2, 4, 1 }

local hwm = tonumber(redis.call('HGET', hwmKey, partition) or '-1')
local last = hwm
local applied, dup = 0, 0
local newItems, newUsers = 0, 0
local leafOf = {}
local users, buyers, queryKeys = {}, {}, {}
local seenUsers, seenItems, recentOf = {}, {}, {}
local trend, pop, aff, covis = {}, {}, {}, {}

local function leaf(item)
  local c = leafOf[item]
  if c == nil then
    local path = redis.call('HGET', p .. 'i:' .. item, 'cat')
    c = (path and string.match(path, '([^/]+)$')) or false
    leafOf[item] = c
  end
  return c
end

local function bump(t, key, member, by)
  local m = t[key]
  if not m then m = {}; t[key] = m end
  m[member] = (m[member] or 0) + by
end

-- The user's newest items (read from Redis once per batch, then kept here as the batch appends).
local function recent(user, seqKey)
  local r = recentOf[user]
  if not r then
    r = {}
    if covisDepth > 0 then
      for _, entry in ipairs(redis.call('LRANGE', seqKey, 0, covisDepth - 1)) do
        local other, _, ots = string.match(entry, '^([^|]+)|(%d+)|(%-?%d+)$')
        if other then r[#r + 1] = { other, tonumber(ots) } end
      end
    end
    recentOf[user] = r
  end
  return r
end

for i = 0, n - 1 do
  local o = base + i * stride
  local off = tonumber(ARGV[o])
  if off <= hwm then
    dup = dup + 1
  else
    applied = applied + 1
    if off > last then last = off end
    local kind = tonumber(ARGV[o + 1])
    local user = ARGV[o + 2]
    local item = ARGV[o + 3]
    local ts = tonumber(ARGV[o + 4])
    local q = ARGV[o + 5]
    if not seenUsers[user] then
      seenUsers[user] = true
      if redis.call('SADD', p .. 'known:users', user) == 1 then newUsers = newUsers + 1 end
    end
    if item ~= '' then
      local seqKey = p .. 'u:{' .. user .. '}:seq'
      local r = recent(user, seqKey)
      local paired = {}
      for _, prev in ipairs(r) do
        local other = prev[1]
        if other ~= item and not paired[other] and math.abs(ts - prev[2]) <= covisWindow then
          paired[other] = true
          bump(covis, p .. 'covis:' .. item, other, 1)
          bump(covis, p .. 'covis:' .. other, item, 1)
        end
      end
      if covisDepth > 0 then
        table.insert(r, 1, { item, ts })
        if #r > covisDepth then r[#r] = nil end
      end
      redis.call('LPUSH', seqKey, item .. '|' .. ARGV[o + 1] .. '|' .. ARGV[o + 4])
      users[user] = true
      if kind == 4 then
        redis.call('SADD', p .. 'u:{' .. user .. '}:bought', item)
        buyers[user] = true
      end
      if not seenItems[item] then
        seenItems[item] = true
        if redis.call('SADD', p .. 'known:items', item) == 1 then newItems = newItems + 1 end
      end
      pop[item] = (pop[item] or 0) + 1
      local bucket = math.floor(ts / bucketMs)
      bump(trend, p .. 'trend:' .. bucket, item, 1)
      local cat = leaf(item)
      if cat then
        bump(trend, p .. 'trend:c:' .. cat .. ':' .. bucket, item, 1)
        local list = aff[user]
        if not list then list = {}; aff[user] = list end
        list[#list + 1] = { cat, affWeight[kind] or 1, ts }
      end
      if q ~= '' then
        local qk = p .. 'q:' .. q
        redis.call('ZINCRBY', qk, 1, item)
        queryKeys[qk] = true
      end
    end
  end
end

for user in pairs(users) do
  local seqKey = p .. 'u:{' .. user .. '}:seq'
  redis.call('LTRIM', seqKey, 0, seqCap - 1)
  redis.call('EXPIRE', seqKey, userTtl)
end

for user in pairs(buyers) do redis.call('EXPIRE', p .. 'u:{' .. user .. '}:bought', userTtl) end

-- Time-decayed affinity: every score is expressed as of the reference time _ts, so decaying the
-- stored scores and each new contribution to the newest time is order-independent.
for user, list in pairs(aff) do
  local key = p .. 'u:{' .. user .. '}:aff'
  local flat = redis.call('HGETALL', key)
  local scores, ref = {}, nil
  for j = 1, #flat, 2 do
    if flat[j] == '_ts' then ref = tonumber(flat[j + 1]) else scores[flat[j]] = tonumber(flat[j + 1]) end
  end
  local newRef = ref or list[1][3]
  for _, c in ipairs(list) do if c[3] > newRef then newRef = c[3] end end
  if ref and newRef > ref then
    local f = math.pow(2, -(newRef - ref) / halfLife)
    for cat, s in pairs(scores) do scores[cat] = s * f end
  end
  for _, c in ipairs(list) do
    scores[c[1]] = (scores[c[1]] or 0) + c[2] * math.pow(2, -(newRef - c[3]) / halfLife)
  end
  local args = { '_ts', tostring(newRef) }
  local drop = {}
  for cat, s in pairs(scores) do
    if s < 0.001 then drop[#drop + 1] = cat else
      args[#args + 1] = cat
      args[#args + 1] = string.format('%.6g', s)
    end
  end
  redis.call('HSET', key, unpack(args))
  if #drop > 0 then redis.call('HDEL', key, unpack(drop)) end
  redis.call('EXPIRE', key, userTtl)
end

for key, items in pairs(trend) do
  for item, count in pairs(items) do redis.call('ZINCRBY', key, count, item) end
  redis.call('EXPIRE', key, trendTtl)
end

for key, members in pairs(covis) do
  for member, count in pairs(members) do redis.call('ZINCRBY', key, count, member) end
  redis.call('ZREMRANGEBYRANK', key, 0, -(covisCap + 1))
  redis.call('EXPIRE', key, covisTtl)
end

for key in pairs(queryKeys) do redis.call('EXPIRE', key, queryTtl) end

if applied > 0 then
  for _, model in ipairs(models) do
    local counters = p .. 'pending:' .. model
    redis.call('HINCRBY', counters, 'events', applied)
    if newItems > 0 then redis.call('HINCRBY', counters, 'new_items', newItems) end
    if newUsers > 0 then redis.call('HINCRBY', counters, 'new_users', newUsers) end
    local popKey = counters .. ':pop'
    for item, count in pairs(pop) do redis.call('ZINCRBY', popKey, count, item) end
  end
  redis.call('HSET', hwmKey, partition, last)
end

return { applied, dup }
