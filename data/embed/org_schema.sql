-- SPDX-License-Identifier: MIT
-- org_schema.sql: ORG/org.db (src/org/orgdb.h, docs/governance.md).
-- Versioned migrations: each step starts at a line "-- migration N: what"
-- and runs once, in its own transaction, when the file's user_version is
-- below N; then user_version = N.  Later changes are new steps at the end,
-- never edits of a step already released.
-- Instants are INTEGER microseconds since 1970-01-01T00:00:00Z (UTC);
-- dates are TEXT 'YYYY-MM-DD'.  Text from people is stored as given.

-- migration 1: frameworks, assessments and answers, scenarios, simulations
CREATE TABLE frameworks (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL,                 -- "csf-2.0": the file's base name
	name TEXT NOT NULL,                -- "NIST CSF 2.0"
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	items INTEGER NOT NULL CHECK (items > 0),   -- subcategories
	origin TEXT NOT NULL,              -- "embedded" or the file's path
	body TEXT NOT NULL,                -- the framework file as used
	added_us INTEGER NOT NULL,
	UNIQUE (key, sha256)
);

CREATE TABLE assessments (
	id INTEGER PRIMARY KEY,
	site TEXT NOT NULL CHECK (length(site) > 0),
	framework_id INTEGER NOT NULL REFERENCES frameworks(id),
	kind TEXT NOT NULL CHECK (kind IN ('full', 'quick')),
	assessed_on TEXT NOT NULL CHECK (assessed_on GLOB
		'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	imported_us INTEGER NOT NULL,
	imported_by TEXT NOT NULL CHECK (length(imported_by) > 0),
	source_file TEXT NOT NULL,         -- the answers file as named
	source_sha256 TEXT NOT NULL CHECK (length(source_sha256) = 64),
	note TEXT
);
CREATE INDEX assessments_by_site ON assessments (site, assessed_on, id);

CREATE TABLE answers (
	assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
	item TEXT NOT NULL,                -- subcategory id
	level INTEGER CHECK (level IS NULL OR level BETWEEN 0 AND 4), -- NULL: n/a
	target INTEGER CHECK (target IS NULL OR target BETWEEN 0 AND 4),
	evidence TEXT,
	evidence_ref TEXT,                 -- file name, URL, ticket
	evidence_date TEXT CHECK (evidence_date IS NULL OR evidence_date GLOB
		'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	assessor TEXT NOT NULL CHECK (length(assessor) > 0),
	source TEXT NOT NULL CHECK (source IN ('self', 'internal', 'external', 'case')),
	coverage INTEGER CHECK (coverage IS NULL OR coverage BETWEEN 0 AND 100),
	note TEXT,
	PRIMARY KEY (assessment_id, item)
) WITHOUT ROWID;

CREATE TABLE scenarios (
	id INTEGER PRIMARY KEY,
	site TEXT NOT NULL,
	name TEXT NOT NULL,
	origin TEXT NOT NULL CHECK (origin IN ('org.yaml', 'command')),
	spec TEXT NOT NULL,                -- JSON: tef, tcap/vulnerability, loss, controls
	updated_us INTEGER NOT NULL,
	UNIQUE (site, name)
);

CREATE TABLE simulations (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('simulate', 'whatif')),
	ran_us INTEGER NOT NULL,
	ran_by TEXT NOT NULL,
	years INTEGER NOT NULL CHECK (years > 0),
	seed TEXT NOT NULL,                -- unsigned 64-bit, in decimal
	currency TEXT NOT NULL,
	fx_date TEXT,
	params TEXT NOT NULL,              -- JSON: raises, mapping, assessments used
	result TEXT NOT NULL               -- JSON: what `risk ... --format json` printed
);

CREATE TABLE sim_results (
	simulation_id INTEGER NOT NULL REFERENCES simulations(id) ON DELETE CASCADE,
	scope TEXT NOT NULL CHECK (scope IN ('scenario', 'site', 'org', 'improvement')),
	site TEXT,
	name TEXT NOT NULL,
	ale REAL NOT NULL,                 -- reporting currency
	var95 REAL NOT NULL,
	var99 REAL NOT NULL,
	reduction REAL                     -- whatif: ALE saved by this improvement
);
CREATE INDEX sim_results_by_sim ON sim_results (simulation_id);

-- migration 2: proposals from incident cases (assess from-case)
CREATE TABLE proposals (
	id INTEGER PRIMARY KEY,
	site TEXT NOT NULL,
	framework_id INTEGER NOT NULL REFERENCES frameworks(id),
	item TEXT NOT NULL,
	current_level INTEGER CHECK (current_level IS NULL OR current_level BETWEEN 0 AND 4),
	proposed_level INTEGER NOT NULL CHECK (proposed_level BETWEEN 0 AND 4),
	case_path TEXT NOT NULL,
	case_ref TEXT NOT NULL,            -- "F3" (finding) or "H2" (hypothesis)
	finding_kind TEXT NOT NULL,
	summary TEXT,
	created_us INTEGER NOT NULL,
	status TEXT NOT NULL DEFAULT 'proposed'
		CHECK (status IN ('proposed', 'accepted', 'rejected')),
	decided_us INTEGER,
	decided_by TEXT,
	assessment_id INTEGER REFERENCES assessments(id),  -- set when accepted
	UNIQUE (site, item, case_path, case_ref)
);
