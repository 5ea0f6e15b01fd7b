-- A procedure's national code is unique among the procedures in force only: a new version
-- of a procedure (catalogue import of a changed procedure that dossiers already use)
-- takes the code of the version it retires, which keeps it for its dossiers' history.
ALTER TABLE procedures DROP CONSTRAINT procedures_national_code_key;
CREATE UNIQUE INDEX procedures_national_code_active ON procedures (national_code) WHERE active;
