-- statements: 2
/* MySQL does not nest comments; DROP TABLE users; */
SELECT 1; # ; ALTER TABLE users DROP COLUMN a;
-- ; CREATE INDEX i ON users (x);
/*+ an optimizer hint; DROP TABLE users; */
SELECT 2;
