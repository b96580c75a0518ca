-- statements: 2
/* a block comment; DROP TABLE users;
   /* nested, as PostgreSQL allows; CREATE INDEX i ON users (x); */
   still a comment after the inner one closes: ALTER TABLE users DROP COLUMN a;
*/
SELECT 1; -- DROP TABLE users;
-- ALTER TABLE users RENAME COLUMN a TO b;
SELECT 2 /* ; UPDATE users SET a = 1; */ + 3;
