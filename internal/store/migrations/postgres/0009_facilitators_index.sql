-- The facilitators of a page of communities, in the order they joined, come
-- straight from the index: before, the planner scanned every member of those
-- communities by join date and filtered the role (some 12,000 rows for 200
-- communities at the bench's medium size).
DROP INDEX members_community_role;
CREATE INDEX members_community_role ON members (community_id, role, joined_at);
