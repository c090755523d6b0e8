CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 0001_base

CREATE TABLE students (
    id INTEGER NOT NULL, 
    name TEXT NOT NULL, 
    legacy INTEGER, 
    email VARCHAR(200), 
    PRIMARY KEY (id)
);

CREATE TABLE fees (
    id INTEGER NOT NULL, 
    student_id BIGINT NOT NULL, 
    amount NUMERIC(10, 2) NOT NULL, 
    status VARCHAR(20) DEFAULT 'pending' NOT NULL, 
    paid_at DATETIME, 
    ratio DOUBLE, 
    code CHAR(32), 
    data JSON, 
    blob BLOB, 
    PRIMARY KEY (id), 
    CHECK (amount >= 0)
);

INSERT INTO alembic_version (version_num) VALUES ('0001_base') RETURNING version_num;

-- Running upgrade 0001_base -> 0002_changes

ALTER TABLE students ADD COLUMN active BOOLEAN DEFAULT 1 NOT NULL;

ALTER TABLE students ADD COLUMN mood VARCHAR(5);

ALTER TABLE students DROP COLUMN legacy;

ALTER TABLE students RENAME COLUMN email TO mail;

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_students (
    id INTEGER NOT NULL, 
    name TEXT NOT NULL, 
    mail VARCHAR(200) NOT NULL, 
    active BOOLEAN DEFAULT 1 NOT NULL, 
    mood VARCHAR(5), 
    PRIMARY KEY (id)
);

INSERT INTO _alembic_tmp_students (id, name, mail, active, mood) SELECT students.id, students.name, students.mail, students.active, students.mood 
FROM students;

DROP TABLE students;

ALTER TABLE _alembic_tmp_students RENAME TO students;

PRAGMA foreign_keys = 1;

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_students (
    id INTEGER NOT NULL, 
    name TEXT NOT NULL, 
    mail VARCHAR(200), 
    active BOOLEAN DEFAULT 1 NOT NULL, 
    mood VARCHAR(5), 
    PRIMARY KEY (id)
);

INSERT INTO _alembic_tmp_students (id, name, mail, active, mood) SELECT students.id, students.name, students.mail, students.active, students.mood 
FROM students;

DROP TABLE students;

ALTER TABLE _alembic_tmp_students RENAME TO students;

PRAGMA foreign_keys = 1;

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_students (
    id INTEGER NOT NULL, 
    name TEXT NOT NULL, 
    mail VARCHAR(200) DEFAULT 'none', 
    active BOOLEAN DEFAULT 1 NOT NULL, 
    mood VARCHAR(5), 
    PRIMARY KEY (id)
);

INSERT INTO _alembic_tmp_students (id, name, mail, active, mood) SELECT students.id, students.name, students.mail, students.active, students.mood 
FROM students;

DROP TABLE students;

ALTER TABLE _alembic_tmp_students RENAME TO students;

PRAGMA foreign_keys = 1;

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_students (
    id INTEGER NOT NULL, 
    name TEXT NOT NULL, 
    mail VARCHAR(200), 
    active BOOLEAN DEFAULT 1 NOT NULL, 
    mood VARCHAR(5), 
    PRIMARY KEY (id)
);

INSERT INTO _alembic_tmp_students (id, name, mail, active, mood) SELECT students.id, students.name, students.mail, students.active, students.mood 
FROM students;

DROP TABLE students;

ALTER TABLE _alembic_tmp_students RENAME TO students;

PRAGMA foreign_keys = 1;

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_fees (
    id INTEGER, 
    student_id BIGINT NOT NULL, 
    amount NUMERIC(12, 2) NOT NULL, 
    status VARCHAR(20) DEFAULT 'pending' NOT NULL, 
    paid_at DATETIME, 
    ratio DOUBLE, 
    code CHAR(32), 
    data JSON, 
    blob BLOB, 
    PRIMARY KEY (id), 
    CHECK (amount >= 0)
);

INSERT INTO _alembic_tmp_fees (id, student_id, amount, status, paid_at, ratio, code, data, blob) SELECT fees.id, fees.student_id, amount * 100 / 100, fees.status, fees.paid_at, fees.ratio, fees.code, fees.data, fees.blob 
FROM fees;

DROP TABLE fees;

ALTER TABLE _alembic_tmp_fees RENAME TO fees;

PRAGMA foreign_keys = 1;

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_fees (
    id INTEGER, 
    student_id BIGINT NOT NULL, 
    amount NUMERIC(12, 2) NOT NULL, 
    status VARCHAR(20) DEFAULT 'pending' NOT NULL, 
    paid_at DATETIME, 
    ratio DOUBLE, 
    code CHAR(32), 
    data JSON, 
    blob BLOB, 
    PRIMARY KEY (id), 
    CHECK (amount >= 0), 
    CONSTRAINT fk_fees_student FOREIGN KEY(student_id) REFERENCES students (id) ON DELETE CASCADE
);

INSERT INTO _alembic_tmp_fees (id, student_id, amount, status, paid_at, ratio, code, data, blob) SELECT fees.id, fees.student_id, fees.amount, fees.status, fees.paid_at, fees.ratio, fees.code, fees.data, fees.blob 
FROM fees;

DROP TABLE fees;

ALTER TABLE _alembic_tmp_fees RENAME TO fees;

PRAGMA foreign_keys = 1;

-- migc: constraint fk_fees_student on fees needs no VALIDATE: sqlite checked rows when adding it

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_students (
    id INTEGER NOT NULL, 
    name TEXT NOT NULL, 
    mail VARCHAR(200), 
    active BOOLEAN DEFAULT 1 NOT NULL, 
    mood VARCHAR(5), 
    PRIMARY KEY (id), 
    CONSTRAINT uq_students_mail UNIQUE (mail)
);

INSERT INTO _alembic_tmp_students (id, name, mail, active, mood) SELECT students.id, students.name, students.mail, students.active, students.mood 
FROM students;

DROP TABLE students;

ALTER TABLE _alembic_tmp_students RENAME TO students;

PRAGMA foreign_keys = 1;

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_fees (
    id INTEGER, 
    student_id BIGINT NOT NULL, 
    amount NUMERIC(12, 2) NOT NULL, 
    status VARCHAR(20) DEFAULT 'pending' NOT NULL, 
    paid_at DATETIME, 
    ratio DOUBLE, 
    code CHAR(32), 
    data JSON, 
    blob BLOB, 
    PRIMARY KEY (id), 
    CHECK (amount >= 0), 
    CONSTRAINT fk_fees_student FOREIGN KEY(student_id) REFERENCES students (id) ON DELETE CASCADE, 
    CONSTRAINT ck_fees_status CHECK (status IN ('pending', 'paid') OR status LIKE 'x%')
);

INSERT INTO _alembic_tmp_fees (id, student_id, amount, status, paid_at, ratio, code, data, blob) SELECT fees.id, fees.student_id, fees.amount, fees.status, fees.paid_at, fees.ratio, fees.code, fees.data, fees.blob 
FROM fees;

DROP TABLE fees;

ALTER TABLE _alembic_tmp_fees RENAME TO fees;

PRAGMA foreign_keys = 1;

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_fees (
    id INTEGER, 
    student_id BIGINT NOT NULL, 
    amount NUMERIC(12, 2) NOT NULL, 
    status VARCHAR(20) DEFAULT 'pending' NOT NULL, 
    paid_at DATETIME, 
    ratio DOUBLE, 
    code CHAR(32), 
    data JSON, 
    blob BLOB, 
    PRIMARY KEY (id), 
    CHECK (amount >= 0), 
    CONSTRAINT fk_fees_student FOREIGN KEY(student_id) REFERENCES students (id) ON DELETE CASCADE
);

INSERT INTO _alembic_tmp_fees (id, student_id, amount, status, paid_at, ratio, code, data, blob) SELECT fees.id, fees.student_id, fees.amount, fees.status, fees.paid_at, fees.ratio, fees.code, fees.data, fees.blob 
FROM fees;

DROP TABLE fees;

ALTER TABLE _alembic_tmp_fees RENAME TO fees;

PRAGMA foreign_keys = 1;

CREATE UNIQUE INDEX IF NOT EXISTS ix_fees_code ON fees (code DESC, (lower(status))) WHERE paid_at IS NULL;

-- migc: batch 500 requested; offline SQL runs one UPDATE over every matching row

UPDATE fees SET status = 'paid' WHERE paid_at IS NOT NULL;

INSERT INTO students (name, active) VALUES ('Ann', 1);

INSERT INTO students (name, active) VALUES ('Bob', 0);

DROP INDEX IF EXISTS ix_fees_code;

ALTER TABLE fees RENAME TO charges;

SELECT 1;

CREATE INDEX ix_students_name ON students (name);

DROP INDEX ix_students_name;

UPDATE alembic_version SET version_num='0002_changes' WHERE alembic_version.version_num = '0001_base';

