-- not a Flyway name: DbUp runs it all the same
CREATE INDEX users_email ON users (email);
