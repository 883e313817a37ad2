-- Schema 2: reading only what a start needs (reading.py, scopes "status" and one advisor).
--
-- contacts_status orders each group's contacts by what `due_list` and `inactive_groups` ask
-- for: per (role, Care Call or not, outcome) the latest entry in save order (date, seq,
-- logged_at, id; model.entities.save_order). `SELECT DISTINCT ON (group_id, role, care call,
-- outcome)` walks it and takes the first row of each run. The expressions must stay exactly
-- as reading.py writes them, or the planner does not use the index; 'Care Call' is
-- model.config.CARE_CALL_FORMAT.
CREATE INDEX contacts_status ON contacts (
    group_id,
    (coalesce(doc->>'department', '')),
    (coalesce(doc->>'format', '') = 'Care Call'),
    (doc->>'outcome'),
    (doc->>'date') DESC,
    (coalesce((doc->>'seq')::bigint, 0)) DESC,
    (coalesce(doc->>'logged_at', '')) DESC,
    id DESC
);

-- An advisor's groups: the lead, and co-care assignments (any period: the rules decide on
-- the day which of them are active).
CREATE INDEX groups_lead ON groups ((doc->>'lead'));
CREATE INDEX groups_assignments ON groups USING gin ((doc->'assignments') jsonb_path_ops);
