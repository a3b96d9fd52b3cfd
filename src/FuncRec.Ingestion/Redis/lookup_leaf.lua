-- Fills the leaf-category index (items:leaf) for items it lacks, from each item's catalog hash, and returns
-- the leaves in argument order ('' = no category). Items the catalog has never written get '' too, so the
-- next chunk finds them with its HMGET. Atomic with apply_catalog.lua, which rewrites an entry on every
-- upsert, so a fill can never overwrite a newer category.
local p = ARGV[1]
local index = p .. 'items:leaf'
local leaves = {}
for i = 2, #ARGV do
  local item = ARGV[i]
  local path = redis.call('HGET', p .. 'i:' .. item, 'cat')
  local leaf = (path and string.match(path, '([^/]+)$')) or ''
  redis.call('HSET', index, item, leaf)
  leaves[i - 1] = leaf
end
return leaves
