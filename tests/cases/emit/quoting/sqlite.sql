CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 0001_quoting

CREATE TABLE "Order" (
    "Id" INTEGER NOT NULL, 
    user TEXT DEFAULT 'it''s' NOT NULL, 
    "select" VARCHAR(20) DEFAULT 'back\slash', 
    "dash-name" INTEGER, 
    "a""quote" INTEGER, 
    "tick`tick" INTEGER, 
    "1st" INTEGER, 
    "créé_le" DATETIME, 
    "Order Lines" TEXT DEFAULT 'ünïcödé ✓', 
    PRIMARY KEY ("Id")
);

CREATE INDEX "Ix_Mixed" ON "Order" ("select", "dash-name");

INSERT INTO "Order" ("Id", user, "select") VALUES (1, 'O''Brien', 'C:\path\');

INSERT INTO "Order" ("Id", user, "select") VALUES (2, '\''', 'x');

UPDATE "Order" SET "select" = 'a\b' WHERE user = 'it''s' AND "Id" > 1;

INSERT INTO alembic_version (version_num) VALUES ('0001_quoting') RETURNING version_num;

