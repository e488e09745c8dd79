-- The library filtered by type lists the newest first: with the date in the index
-- the newest of a type are read in order and the listing stops at a page, instead
-- of reading and sorting every resource of the type (some 1,700 "Guide"s at the
-- bench's medium size, each with its list columns).
DROP INDEX resources_type;
CREATE INDEX resources_type ON resources (resource_type, updated_at, id);
