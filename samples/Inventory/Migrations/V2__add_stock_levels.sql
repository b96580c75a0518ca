CREATE TABLE stock_levels (
    product_id  bigint NOT NULL REFERENCES products (id),
    warehouse   text NOT NULL,
    quantity    integer NOT NULL CHECK (quantity >= 0),
    PRIMARY KEY (product_id, warehouse)
);
