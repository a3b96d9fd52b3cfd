-- Applies one partition chunk's behaviour deltas atomically with its offset high-water mark.
-- RedisBehaviorFeatureStore (BehaviorDeltas) has already dropped the offsets at or below the mark it
-- expects, looked up the items' leaf categories and aggregated the rest per distinct key and member, so
-- the work here is per key, not per event. The script writes only if the stored mark still equals the
-- expected one (compare-and-set); otherwise it writes nothing and returns the stored mark, and the client
-- rebuilds the deltas from it. What needs Redis state stays here: the user's stored recent items
-- (co-visitation), stored affinities (decay), first sightings of users and items.
-- Keys are built from the prefix (single-shard Redis; see docs/features.md) and must match
-- FuncRec.Core.Features.FeatureKeys exactly (the integration tests read them through FeatureKeys).
local p = ARGV[1]
local hwmKey = ARGV[2]
local partition = ARGV[3]
local expected = tonumber(ARGV[4])
local last = ARGV[5]
local applied = ARGV[6]
local seqCap = tonumber(ARGV[7])
local covisCap = ARGV[8]
local covisDepth = tonumber(ARGV[9])
local covisWindow = tonumber(ARGV[10])
local trendTtl = ARGV[11]
local userTtl = ARGV[12]
local covisTtl = ARGV[13]
local queryTtl = ARGV[14]
local halfLife = tonumber(ARGV[15])
local nModels = tonumber(ARGV[16])
local o = 17 + nModels

local cur = redis.call('HGET', hwmKey, partition)
if tonumber(cur or '-1') ~= expected then return { 0, cur or '-1' } end
if applied == '0' then return { 1 } end

local call = redis.call

-- Sections of { key, n, member, count, ... } with one TTL: trending (global and per leaf category) and
-- query clicks. Keys come whole from the client.
local function increments(ttl)
  local nKeys = tonumber(ARGV[o]); o = o + 1
  for _ = 1, nKeys do
    local key = ARGV[o]
    local last2 = o + 2 * tonumber(ARGV[o + 1])
    for j = o + 2, last2, 2 do call('ZINCRBY', key, ARGV[j + 1], ARGV[j]) end
    o = last2 + 2
    call('EXPIRE', key, ttl)
  end
end
increments(trendTtl)
increments(queryTtl)

-- Distinct items, then their event counts (pending popularity). SADD's count is the new-item count.
local nItems = tonumber(ARGV[o]); o = o + 1
local itemsAt = o
local newItems = 0
if nItems > 0 then newItems = call('SADD', p .. 'known:items', unpack(ARGV, o, o + nItems - 1)) end
o = o + 2 * nItems

-- Users: one record each (id, sequence entries, purchases, affinity contributions per leaf category).
local nUsers = tonumber(ARGV[o]); o = o + 1
local userIds, userAt = {}, {}
do
  local q = o
  for u = 1, nUsers do
    userIds[u] = ARGV[q]
    userAt[u] = q
    q = q + 2 + tonumber(ARGV[q + 1])
    q = q + 1 + tonumber(ARGV[q])
    local nAff = tonumber(ARGV[q])
    q = q + 1
    if nAff > 0 then q = q + 1 + 2 * nAff end
  end
  o = q
end
local known = call('SMISMEMBER', p .. 'known:users', unpack(userIds))
local fresh = {}
for u = 1, nUsers do if known[u] == 0 then fresh[#fresh + 1] = userIds[u] end end
local newUsers = 0
if #fresh > 0 then newUsers = call('SADD', p .. 'known:users', unpack(fresh)) end

local cross = {}
local function bump(key, member)
  local m = cross[key]
  if not m then m = {}; cross[key] = m end
  m[member] = (m[member] or 0) + 1
end
local function parse(entry)
  local item, _, ts = string.match(entry, '^([^|]+)|(%d+)|(%-?%d+)$')
  if item then return { item, tonumber(ts) } end
  return nil
end

for u = 1, nUsers do
  local q = userAt[u]
  local stem = p .. 'u:{' .. userIds[u] .. '}:'
  local nSeq = tonumber(ARGV[q + 1])
  q = q + 2
  if nSeq > 0 then
    local seqKey = stem .. 'seq'
    -- Co-visitation with the stored recent items (pairs inside the chunk came from the client). Only a user
    -- already in known:users can have a stored sequence: both are written together, here.
    if covisDepth > 0 and known[u] == 1 then
      local stored = {}
      for _, entry in ipairs(call('LRANGE', seqKey, 0, covisDepth - 1)) do
        local e = parse(entry)
        if e then stored[#stored + 1] = e end
      end
      if #stored > 0 then
        local head = {}
        for k = 1, math.min(covisDepth, nSeq) do head[k] = parse(ARGV[q + k - 1]) end
        for k = 1, #head do
          local x, t = head[k][1], head[k][2]
          local paired = {}
          -- The chunk's earlier items come first in this event's window (newest first), as when they were pushed.
          for j = k - 1, 1, -1 do
            local other = head[j][1]
            if other ~= x and not paired[other] and math.abs(t - head[j][2]) <= covisWindow then paired[other] = true end
          end
          for j = 1, math.min(#stored, covisDepth - k + 1) do
            local other = stored[j][1]
            if other ~= x and not paired[other] and math.abs(t - stored[j][2]) <= covisWindow then
              paired[other] = true
              bump(x, other)
              bump(other, x)
            end
          end
        end
      end
    end
    local len = call('LPUSH', seqKey, unpack(ARGV, q, q + nSeq - 1))
    if len > seqCap then call('LTRIM', seqKey, 0, seqCap - 1) end
    call('EXPIRE', seqKey, userTtl)
  end
  q = q + nSeq
  local nBought = tonumber(ARGV[q])
  if nBought > 0 then
    local boughtKey = stem .. 'bought'
    call('SADD', boughtKey, unpack(ARGV, q + 1, q + nBought))
    call('EXPIRE', boughtKey, userTtl)
  end
  q = q + 1 + nBought
  local nAff = tonumber(ARGV[q])
  if nAff > 0 then
    -- Time-decayed affinity: scores are stored as of the reference time _ts. The client sends each leaf
    -- category's contribution as of the user's newest categorized event time R; decaying both to the newer
    -- of R and _ts is order-independent.
    local key = stem .. 'aff'
    local newest = tonumber(ARGV[q + 1])
    local flat = call('HGETALL', key)
    local scores, ref = {}, nil
    for j = 1, #flat, 2 do
      if flat[j] == '_ts' then ref = tonumber(flat[j + 1]) else scores[flat[j]] = tonumber(flat[j + 1]) end
    end
    local newRef = newest
    if ref and ref > newRef then newRef = ref end
    if ref and newRef > ref then
      local f = math.pow(2, -(newRef - ref) / halfLife)
      for cat, s in pairs(scores) do scores[cat] = s * f end
    end
    local g = 1
    if newRef > newest then g = math.pow(2, -(newRef - newest) / halfLife) end
    for j = q + 2, q + 2 * nAff, 2 do
      local cat = ARGV[j]
      scores[cat] = (scores[cat] or 0) + tonumber(ARGV[j + 1]) * g
    end
    local args = { '_ts', tostring(newRef) }
    local drop = {}
    for cat, s in pairs(scores) do
      if s < 0.001 then drop[#drop + 1] = cat else
        args[#args + 1] = cat
        args[#args + 1] = string.format('%.6g', s)
      end
    end
    call('HSET', key, unpack(args))
    if #drop > 0 then call('HDEL', key, unpack(drop)) end
    call('EXPIRE', key, userTtl)
  end
end

-- Co-visitation: the client's in-chunk pairs per item, plus the pairs with stored items found above.
local nCovis = tonumber(ARGV[o]); o = o + 1
for _ = 1, nCovis do
  local item = ARGV[o]
  local key = p .. 'covis:' .. item
  local extra = cross[item]
  local last2 = o + 2 * tonumber(ARGV[o + 1])
  for j = o + 2, last2, 2 do
    local member = ARGV[j]
    local count = ARGV[j + 1]
    if extra and extra[member] then
      count = tonumber(count) + extra[member]
      extra[member] = nil
    end
    call('ZINCRBY', key, count, member)
  end
  if extra then
    for member, count in pairs(extra) do call('ZINCRBY', key, count, member) end
    cross[item] = nil
  end
  o = last2 + 2
  call('ZREMRANGEBYRANK', key, 0, -(covisCap + 1))
  call('EXPIRE', key, covisTtl)
end
for item, members in pairs(cross) do
  local key = p .. 'covis:' .. item
  for member, count in pairs(members) do call('ZINCRBY', key, count, member) end
  call('ZREMRANGEBYRANK', key, 0, -(covisCap + 1))
  call('EXPIRE', key, covisTtl)
end

for m = 1, nModels do
  local counters = p .. 'pending:' .. ARGV[16 + m]
  call('HINCRBY', counters, 'events', applied)
  if newItems > 0 then call('HINCRBY', counters, 'new_items', newItems) end
  if newUsers > 0 then call('HINCRBY', counters, 'new_users', newUsers) end
  -- A HASH, not a ZSET: only the update policy's once-a-minute drift check needs the ranking (it takes the top K
  -- itself), and HINCRBY on a window of ~40k items costs redis-server a fraction of ZINCRBY's skiplist update.
  local countsKey = counters .. ':itemcounts'
  for j = itemsAt, itemsAt + nItems - 1 do call('HINCRBY', countsKey, ARGV[j], ARGV[j + nItems]) end
end
call('HSET', hwmKey, partition, last)

return { 1 }
