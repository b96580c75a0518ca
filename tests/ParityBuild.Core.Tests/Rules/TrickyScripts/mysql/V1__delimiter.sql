-- statements: 4
# A stored procedure behind DELIMITER lines, as the mysql client, Flyway and DbUp read them.
DELIMITER //
CREATE PROCEDURE purge_users()
BEGIN
    DELETE FROM users WHERE active = 0;
    DROP TABLE users;
    IF 1 = 1 THEN
        UPDATE users SET a = 1;
    END IF;
END //
DELIMITER ;

CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW
BEGIN
    SET NEW.updated = NOW();
    IF NEW.a IS NULL THEN
        SET NEW.a = 0;
    END IF;
END;

SELECT 'it\'s; DROP TABLE users;' AS a, "double; ALTER TABLE users DROP COLUMN a;" AS b, `odd;name` FROM dual;
SELECT 1 /*!40101 + 1 */ AS versioned --not a comment in MySQL: a double minus
    - 1;
