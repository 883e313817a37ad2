-- Schema 3: the contacts' save sequence, as on folders (model/store/sequence.py): which of two
-- contacts was saved later, whatever the PCs' clocks say. A writer of contacts holds the row
-- lock of the 'contacts' change counter until it commits; under it, it takes the next numbers
-- from this counter, so the numbers follow the order of the commits. It starts above every
-- number already stored (a store migrated from a folder keeps its numbers).
INSERT INTO changes (kind, counter)
SELECT 'sequence', coalesce(max((doc->>'seq')::bigint), 0) FROM contacts;
