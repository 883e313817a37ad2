-- kontakt on PostgreSQL, schema 1: the same records as the folder store, one row each.
-- Documents are JSONB exactly as the folder store keeps them (Group.to_json, Contact.to_json …),
-- so both backends share one record format and `kontakt migrate` copies them unchanged.

CREATE TABLE store_meta (
    key   text PRIMARY KEY,
    value jsonb NOT NULL
);

-- The configuration: one row; revision counts its saves.
CREATE TABLE config (
    id       int PRIMARY KEY CHECK (id = 1),
    doc      jsonb NOT NULL,
    revision bigint NOT NULL DEFAULT 1
);

CREATE TABLE advisors (
    code     text PRIMARY KEY,
    doc      jsonb NOT NULL,
    revision bigint NOT NULL DEFAULT 1,
    changed  bigint NOT NULL
);

-- A group's revision is the optimistic-concurrency counter of the app (Group.revision);
-- `changed` is the store-wide change number a refresh reads from.
CREATE TABLE groups (
    id       text PRIMARY KEY,
    number   text NOT NULL,
    doc      jsonb NOT NULL,
    revision bigint NOT NULL,
    changed  bigint NOT NULL
);
CREATE INDEX groups_number ON groups (number);
CREATE INDEX groups_changed ON groups (changed);

CREATE TABLE contacts (
    id       text PRIMARY KEY,
    group_id text NOT NULL,
    advisor  text NOT NULL,
    year     int NOT NULL,
    doc      jsonb NOT NULL,
    changed  bigint NOT NULL
);
CREATE INDEX contacts_group ON contacts (group_id);
CREATE INDEX contacts_advisor ON contacts (advisor, year);
CREATE INDEX contacts_changed ON contacts (changed);

CREATE TABLE collections (
    name     text PRIMARY KEY,
    records  jsonb NOT NULL,
    revision bigint NOT NULL
);

-- One row per audit entry; append-only for the app (erasures rewrite, as on files).
CREATE TABLE audit (
    seq      bigserial PRIMARY KEY,
    at       text NOT NULL,
    user_code text NOT NULL,
    group_id text,
    entry    jsonb NOT NULL
);
CREATE INDEX audit_group ON audit (group_id);

-- Erased groups (DSGVO): nothing re-creates their data.
CREATE TABLE tombstones (
    group_id text PRIMARY KEY,
    number   text NOT NULL,
    doc      jsonb NOT NULL
);

-- The change counter a refresh compares: one row per kind of record.
CREATE SEQUENCE change_seq;
CREATE TABLE changes (
    kind    text PRIMARY KEY,
    counter bigint NOT NULL
);
INSERT INTO changes (kind, counter) VALUES ('config', 0), ('advisors', 0), ('groups', 0), ('contacts', 0), ('removed', 0);
