-- SPDX-License-Identifier: MIT
-- case_schema.sql: CASE/case.db, schema version 1 (src/case/casedb.h).
-- Times are INTEGER microseconds since 1970-01-01T00:00:00Z (UTC);
-- *_off is the UTC offset in seconds the writer used, *_zone the IANA zone
-- name the writer named (NULL when the time carried its own offset).
-- Text a person wrote is kept as X_orig (as written) with X_lang (its
-- language), and X_ja / X_en side by side (NULL until written).
-- Later versions are new migration steps (casedb.c), never edits here.

CREATE TABLE case_info (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	name TEXT,
	created_us INTEGER NOT NULL
);

CREATE TABLE sites (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	timezone TEXT NOT NULL,
	language TEXT
);

CREATE TABLE people (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
	site_id INTEGER REFERENCES sites(id),
	created_us INTEGER NOT NULL
);

CREATE TABLE person_roles (
	person_id INTEGER NOT NULL REFERENCES people(id),
	role TEXT NOT NULL CHECK (role IN
		('coordinator', 'log_analyst', 'site_contact', 'partner')),
	PRIMARY KEY (person_id, role)
);

CREATE TABLE findings (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL UNIQUE,          -- kind|site|hosts|peers|start_us
	kind TEXT NOT NULL,
	verdict TEXT NOT NULL CHECK (verdict IN ('benign', 'suspicious', 'malicious')),
	site TEXT,
	start_us INTEGER NOT NULL,
	end_us INTEGER NOT NULL,
	score REAL NOT NULL,
	summary TEXT NOT NULL,
	why TEXT NOT NULL,
	filter TEXT NOT NULL,
	records INTEGER NOT NULL,
	packets INTEGER NOT NULL,
	bytes INTEGER NOT NULL,
	recorded_us INTEGER NOT NULL
);

CREATE TABLE finding_addrs (
	finding_id INTEGER NOT NULL REFERENCES findings(id),
	role TEXT NOT NULL CHECK (role IN ('host', 'peer')),
	ip TEXT NOT NULL,
	PRIMARY KEY (finding_id, role, ip)
);

CREATE TABLE observations (
	id INTEGER PRIMARY KEY,
	at_us INTEGER NOT NULL,
	at_off INTEGER NOT NULL,
	at_zone TEXT,
	recorded_us INTEGER NOT NULL,
	person_id INTEGER REFERENCES people(id),
	site_id INTEGER REFERENCES sites(id),
	source TEXT NOT NULL CHECK (source IN ('person', 'triage')),
	finding_id INTEGER UNIQUE REFERENCES findings(id),
	filter TEXT,
	records INTEGER,
	packets INTEGER,
	bytes INTEGER,
	text_orig TEXT NOT NULL,
	text_lang TEXT NOT NULL,
	text_ja TEXT,
	text_en TEXT,
	CHECK (source = 'person' OR finding_id IS NOT NULL)
);

CREATE TABLE observation_hosts (
	observation_id INTEGER NOT NULL REFERENCES observations(id),
	ip TEXT NOT NULL,
	PRIMARY KEY (observation_id, ip)
);

CREATE TABLE hypotheses (
	id INTEGER PRIMARY KEY,
	created_us INTEGER NOT NULL,
	person_id INTEGER REFERENCES people(id),
	observation_id INTEGER REFERENCES observations(id),
	check_kind TEXT NOT NULL CHECK (check_kind IN ('filter', 'finding')),
	verify TEXT NOT NULL,
	expect TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('open', 'confirmed', 'refuted')),
	status_us INTEGER NOT NULL,
	claim_orig TEXT NOT NULL,
	claim_lang TEXT NOT NULL,
	claim_ja TEXT,
	claim_en TEXT
);

CREATE TABLE verifications (
	id INTEGER PRIMARY KEY,
	hypothesis_id INTEGER NOT NULL REFERENCES hypotheses(id),
	ran_us INTEGER NOT NULL,
	person_id INTEGER REFERENCES people(id),
	verify TEXT NOT NULL,              -- as run (copied from the hypothesis)
	canonical TEXT,                    -- the compiled filter, parenthesised
	expect TEXT NOT NULL,
	records INTEGER NOT NULL,
	packets INTEGER NOT NULL,
	bytes INTEGER NOT NULL,
	findings INTEGER NOT NULL,         -- matching findings (detector checks)
	store_records INTEGER NOT NULL,    -- records in the store when it ran
	result TEXT NOT NULL CHECK (result IN ('confirmed', 'refuted', 'error')),
	error TEXT,
	CHECK ((result = 'error') = (error IS NOT NULL))
);

CREATE TABLE hypothesis_status (
	id INTEGER PRIMARY KEY,
	hypothesis_id INTEGER NOT NULL REFERENCES hypotheses(id),
	at_us INTEGER NOT NULL,
	from_status TEXT CHECK (from_status IN ('open', 'confirmed', 'refuted')),
	to_status TEXT NOT NULL CHECK (to_status IN ('open', 'confirmed', 'refuted')),
	cause TEXT NOT NULL CHECK (cause IN ('created', 'verify', 'override')),
	verification_id INTEGER REFERENCES verifications(id),
	person_id INTEGER REFERENCES people(id),
	reason_orig TEXT,
	reason_lang TEXT,
	reason_ja TEXT,
	reason_en TEXT,
	CHECK (cause <> 'verify' OR verification_id IS NOT NULL),
	CHECK (cause <> 'override' OR length(reason_orig) > 0),
	CHECK ((cause = 'created') = (from_status IS NULL))
);

CREATE TABLE evidence (
	id INTEGER PRIMARY KEY,
	sha256 TEXT UNIQUE CHECK (sha256 IS NULL OR length(sha256) = 64),
	name TEXT NOT NULL,
	size INTEGER NOT NULL,             -- 0: unknown (on site)
	format TEXT,
	site TEXT,
	records INTEGER NOT NULL DEFAULT 0,
	rejected INTEGER NOT NULL DEFAULT 0,
	t_min_us INTEGER,                  -- first record start, NULL: unknown
	t_max_us INTEGER,                  -- last record start
	location TEXT NOT NULL CHECK (location IN ('on_site', 'received')),
	path TEXT,                         -- in the case folder: evidence/<sha256>
	ingested_us INTEGER,
	added_us INTEGER NOT NULL,
	CHECK (location = 'on_site' OR sha256 IS NOT NULL)
);

CREATE TABLE custody (
	id INTEGER PRIMARY KEY,
	evidence_id INTEGER NOT NULL REFERENCES evidence(id),
	at_us INTEGER NOT NULL,
	at_off INTEGER NOT NULL,
	person_id INTEGER REFERENCES people(id),
	event TEXT NOT NULL CHECK (length(event) BETWEEN 1 AND 32),
	note_orig TEXT,
	note_lang TEXT,
	note_ja TEXT,
	note_en TEXT
);

CREATE TABLE actions (
	id INTEGER PRIMARY KEY,
	at_us INTEGER NOT NULL,
	at_off INTEGER NOT NULL,
	at_zone TEXT,
	recorded_us INTEGER NOT NULL,
	person_id INTEGER REFERENCES people(id),
	site_id INTEGER REFERENCES sites(id),
	kind TEXT NOT NULL CHECK (kind IN ('containment', 'fix', 'other')),
	text_orig TEXT NOT NULL,
	text_lang TEXT NOT NULL,
	text_ja TEXT,
	text_en TEXT
);

CREATE TABLE action_hosts (
	action_id INTEGER NOT NULL REFERENCES actions(id),
	ip TEXT NOT NULL,
	PRIMARY KEY (action_id, ip)
);

CREATE TABLE closures (
	id INTEGER PRIMARY KEY,
	at_us INTEGER NOT NULL,
	person_id INTEGER REFERENCES people(id),
	forced INTEGER NOT NULL CHECK (forced IN (0, 1)),
	open_hypotheses INTEGER NOT NULL,
	reason_orig TEXT,
	reason_lang TEXT,
	reason_ja TEXT,
	reason_en TEXT,
	CHECK (forced = 0 OR length(reason_orig) > 0),
	CHECK (forced = 1 OR open_hypotheses = 0)
);

CREATE INDEX verifications_hyp ON verifications(hypothesis_id);
CREATE INDEX hypothesis_status_hyp ON hypothesis_status(hypothesis_id);
CREATE INDEX custody_evidence ON custody(evidence_id);
CREATE INDEX finding_addrs_ip ON finding_addrs(ip);

-- The status of a hypothesis moves only with a status row written first
-- (by verify or override): the new status must be the latest row's.
CREATE TRIGGER hypotheses_status_guard BEFORE UPDATE OF status ON hypotheses
WHEN NEW.status IS NOT (SELECT to_status FROM hypothesis_status
	WHERE hypothesis_id = NEW.id ORDER BY id DESC LIMIT 1)
BEGIN
	SELECT RAISE(ABORT, 'hypothesis status changes only by verify or override');
END;

CREATE TRIGGER hypotheses_check_fixed BEFORE UPDATE OF verify, expect, check_kind
ON hypotheses
WHEN NEW.verify IS NOT OLD.verify OR NEW.expect IS NOT OLD.expect
	OR NEW.check_kind IS NOT OLD.check_kind
BEGIN
	SELECT RAISE(ABORT, 'a hypothesis keeps its check: make a new one');
END;

-- History is append-only.
CREATE TRIGGER hypothesis_status_no_update BEFORE UPDATE ON hypothesis_status
WHEN NEW.id IS NOT OLD.id OR NEW.hypothesis_id IS NOT OLD.hypothesis_id
	OR NEW.at_us IS NOT OLD.at_us OR NEW.to_status IS NOT OLD.to_status
	OR NEW.from_status IS NOT OLD.from_status OR NEW.cause IS NOT OLD.cause
	OR NEW.reason_orig IS NOT OLD.reason_orig
BEGIN
	SELECT RAISE(ABORT, 'status history is append-only');
END;
CREATE TRIGGER hypothesis_status_no_delete BEFORE DELETE ON hypothesis_status
BEGIN
	SELECT RAISE(ABORT, 'status history is append-only');
END;
CREATE TRIGGER verifications_no_update BEFORE UPDATE ON verifications
BEGIN
	SELECT RAISE(ABORT, 'verifications are append-only');
END;
CREATE TRIGGER verifications_no_delete BEFORE DELETE ON verifications
BEGIN
	SELECT RAISE(ABORT, 'verifications are append-only');
END;
CREATE TRIGGER custody_no_update BEFORE UPDATE OF evidence_id, at_us, event,
	note_orig ON custody
BEGIN
	SELECT RAISE(ABORT, 'chain of custody is append-only');
END;
CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody
BEGIN
	SELECT RAISE(ABORT, 'chain of custody is append-only');
END;
CREATE TRIGGER closures_no_delete BEFORE DELETE ON closures
BEGIN
	SELECT RAISE(ABORT, 'closures are kept');
END;
