-- statements: 3
CREATE OR REPLACE FUNCTION add_audit(note text) RETURNS void
LANGUAGE sql
BEGIN ATOMIC
    INSERT INTO audit (what) VALUES (note);
    SELECT CASE WHEN note = '' THEN 1 ELSE 2 END;
    DELETE FROM audit WHERE what IS NULL;
END;

CREATE OR REPLACE PROCEDURE cleanup()
LANGUAGE sql
BEGIN ATOMIC
    DELETE FROM audit WHERE what = 'x;y';
END;

SELECT add_audit('done');
