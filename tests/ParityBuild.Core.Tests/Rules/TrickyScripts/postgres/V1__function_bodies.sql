-- statements: 4
-- Dollar-quoted bodies hold semicolons and statements that the rules must never see.
CREATE OR REPLACE FUNCTION audit_users() RETURNS trigger AS $$
BEGIN
    INSERT INTO audit (what) VALUES ('DROP TABLE users;');
    CREATE INDEX users_email ON users (email);
    ALTER TABLE users DROP COLUMN email;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION nested() RETURNS text AS $outer$
    SELECT $$ ; DROP TABLE users; $$ || $inner$ ALTER TABLE users RENAME TO x; $inner$;
$outer$ LANGUAGE sql;

DO $body$
DECLARE
    t text := 'a;b';
BEGIN
    EXECUTE 'UPDATE users SET a = 1';
    TRUNCATE users;
END
$body$;

SELECT $1abc, price$ FROM (SELECT 1 AS "$1abc", 2 AS price$) AS p;
