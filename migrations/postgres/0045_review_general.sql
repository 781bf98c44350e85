-- The after-hours review's "general / information" decision (issue 23): an item that asks for figures, leaflets
-- or general information goes to the general queue.
-- (PostgreSQL version of migrations/0045_review_general.sql: the CHECK is replaced in place.)

ALTER TABLE review_items DROP CONSTRAINT review_items_decision_check;
ALTER TABLE review_items ADD CONSTRAINT review_items_decision_check
  CHECK (decision IN ('callback','legal','registration','care','general','merge','dismiss'));
