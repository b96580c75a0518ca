-- statements: 5
SELECT 'it''s; DROP TABLE users; --' AS a, 'CREATE INDEX i ON users (x);' AS b;
SELECT E'escaped \' quote; DROP TABLE users; ' AS c;
SELECT "weird;identifier" FROM "table ""with"" quotes; ALTER TABLE users DROP COLUMN a;";
SELECT 'line one;
DROP TABLE users;
line three' AS multi;
SELECT U&'\0041; DROP TABLE users;' AS unicode, 'a' -- ; DROP TABLE users;
    || 'b' AS joined;
