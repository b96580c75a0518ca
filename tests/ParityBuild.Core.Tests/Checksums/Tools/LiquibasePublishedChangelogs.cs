namespace ParityBuild.Core.Tests.Checksums.Tools;

/// <summary>
/// Formatted SQL changelogs published on GitHub whose <c>--validCheckSum</c> line holds the value Liquibase computed for the
/// text as committed (found with an exact-string search of public repositories for "--validCheckSum 8:" / "9:").
/// Many such lines hold the value of an older text instead; only files where that is not so are used here.
/// </summary>
internal static class LiquibasePublishedChangelogs
{
    // V8, default attributes.
    public const string Lobby = """
        --liquibase formatted sql

        --changeset elyutinmaks:4
        --validCheckSum 8:2d0ce4723c5a5329ebe2a1bfea1be763
        create table lobby_message (
            id varchar not null unique,
            lobby_id varchar not null unique,
            user_id varchar not null unique,
            message varchar
        );

        --changeset elyutinmaks:5
        alter table lobby_user_match drop constraint lobby_user_match_lobby_id_key;
        """;

    // V8, no trailing newline.
    public const string Product = """
        --liquibase formatted sql
        --changeset kbiernat:3
        --validCheckSum: 8:c26df93da243f3816107b3afa77aad87
        delete img from product;
        alter table product add img varchar(128) after currency;
        """;

    // V8, Cyrillic text (UTF-8); the second listed value is the current one.
    public const string ExecutionDays = """
        --liquibase formatted sql

        --changeset raneva:core_0038
        --validCheckSum: 8:3d84d3c36cdbfb1bf51b6e3e8be8737e
        --validCheckSum: 8:0f35d115f83fa7e649f2c6ef37835bb5

        INSERT INTO nomenclatures.reference_data_domain(
            domain, name, fo_only)
        VALUES ('EXECUTION_DAYS_TYPE', 'Тип дни за изпълнение', 0);

        INSERT INTO nomenclatures.reference_data(
            domain, code, name, index, active)
        VALUES ('EXECUTION_DAYS_TYPE', 'CD', 'Календарни дни', 2, 1);

        INSERT INTO nomenclatures.reference_data(
            domain, code, name, index, active)
        VALUES ('EXECUTION_DAYS_TYPE', 'WD', 'Работни дни', 1, 1);

        ALTER TABLE nomenclatures.cfg_service_type ADD COLUMN execution_days_type character varying(20) NOT NULL DEFAULT 'WD'::character varying;
        ALTER TABLE nomenclatures.cfg_service_type ADD CONSTRAINT cst_execution_days_type_check CHECK (nomenclatures.exists_refdata('EXECUTION_DAYS_TYPE'::character varying, execution_days_type));

        """;

    // V8: "--labels:"/"--tag:" are no directives, so they and the "#" lines are SQL; "--comment:" is a directive.
    public const string Params = """
        --liquibase formatted sql

        --changeset tianqing.guo:12
        --validCheckSum: 8:2a27a2ad4a81e31338a2c617459bc9b8

        --labels: add table
        --tag: 1.0.0

        # Discretize
        INSERT IGNORE INTO et_params_def VALUES(1508, 9, 'relativeError', '', false, 'Normal', 'FLOAT', '', '', true, '', '', "{min:0,max:1}");
        # JsonExpandExt
        INSERT IGNORE INTO et_params_def VALUES(1701, 14, 'samplingRatio', '', true, 'Normal', 'FLOAT', '1.0', '', false, '', '', "{min:0,max:1}");

        --comment: add et param coverage


        """;

    // V9, no trailing newline.
    public const string CamperPlace = """
        --liquibase formatted sql
        --changeset kacper:8
        --validCheckSum 9:32e2d2e47530bb70921a6b6cd5c151a4
        ALTER TABLE camper_place
            ADD COLUMN is_occupied TINYINT(1) default 0;
        """;

    // V9, a double space inside the statement.
    public const string Users = """
        --liquibase formatted sql
        --changeset kacper:1
        --validCheckSum 9:af2f21bb0cbe31382ee86bf40abc6f60
        CREATE  TABLE users (
            id BIGINT AUTO_INCREMENT PRIMARY KEY,
            first_name varchar(400) not null,
            last_name varchar(400) not null,
            phone_number varchar(400) default null,
            email varchar(400) not null,
            car_registration varchar(400) default null,
            role_id int not null
        );

        """;

    // V9, blank lines after the statement.
    public const string Roles = """
        --liquibase formatted sql
        --changeset kacper:6
        --validCheckSum 9:67df7d0a46640c076144a0f4ecc14f21
        insert into roles(role_name)values
        ('admin'),
        ('guests');


        """;

    // V9: the second listed value is the current one.
    public const string BarMenu = """
        --liquibase formatted sql

        --changeset maxim:add-bar-menu-items-001
        --validCheckSum: 9:b9900f644a8376d729c097c9865e599b
        --validCheckSum: 9:055772c432e85a2ac515ed63830b6dee
        CREATE TABLE bar_menu_items (
            id UUID NOT NULL,
            bar_id UUID NOT NULL,
            name VARCHAR(255) NOT NULL,
            price NUMERIC(19, 2) NOT NULL,
            CONSTRAINT pk_bar_menu_items PRIMARY KEY (id),
            CONSTRAINT fk_bar_menu_items_bar FOREIGN KEY (bar_id) REFERENCES bars (id)
        );

        """;

    // V9 with endDelimiter:-- and "-- changeset" written with a space.
    public const string ProductType = """
        --liquibase formatted sql
        -- Manually managed file

        -- changeset flex:product-type-create runOnChange:false endDelimiter:--
        --validCheckSum 9:18e48392eb1f925c51a26ae97dc35b4d
        CREATE TABLE IF NOT EXISTS product_type (
            id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
            business_id text NOT NULL UNIQUE CHECK (
                char_length(business_id) <= 64
            ),
            name text NOT NULL,
            service text NOT NULL CHECK (
                char_length(service) <= 64
            ),
            products text NULL CHECK (
                char_length(products) <= 128
            )
        );

        -- changeset flex:product-type-ids-exists runOnChange:false endDelimiter:--
        -- foreign key check but for an array
        CREATE OR REPLACE FUNCTION product_type_ids_exists(
            product_type_ids bigint []
        )
        RETURNS boolean
        SECURITY DEFINER
        LANGUAGE sql
        AS $$
            SELECT NOT EXISTS (
                SELECT product_type_id FROM unnest(product_type_ids) product_type_id -- noqa
                WHERE NOT EXISTS (
                        SELECT 1 FROM product_type WHERE id = product_type_id
                    )
            )
        $$;

        """;

    // V9 whose SQL holds two "-- noqa" comments: V9 keeps comments in the checksum.
    public const string PartyMembership = """
        --liquibase formatted sql
        -- Manually managed file

        -- changeset flex:party-membership-create runOnChange:false endDelimiter:--
        -- validCheckSum: 9:9c93025c532e68d17e432e60b3dc0ed6
        -- noqa: disable=all
        CREATE TABLE IF NOT EXISTS party_membership (
            id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
            party_id bigint NOT NULL,
            entity_id bigint NOT NULL,
            scopes flex.scope [] NOT NULL,
            record_time_range tstzrange NOT NULL DEFAULT tstzrange(
                localtimestamp, null, '[)'
            ),
            recorded_by bigint NOT NULL DEFAULT current_identity(),
            CONSTRAINT fk_party_membership_party_id FOREIGN KEY (party_id)
            REFERENCES party (id),
            CONSTRAINT fk_party_membership_entity_id FOREIGN KEY (entity_id)
            REFERENCES entity (id),
            CONSTRAINT uk_party_membership_entity_party_id UNIQUE (party_id, entity_id)
        );
        -- noqa: enable=all

        -- changeset flex:party-membership-capture-event runOnChange:true endDelimiter:--
        CREATE OR REPLACE TRIGGER party_membership_event
        AFTER INSERT OR DELETE ON party_membership
        FOR EACH ROW
        EXECUTE FUNCTION capture_event('party_membership');

        """;
}
