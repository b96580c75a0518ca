ALTER TABLE stock_levels ADD COLUMN reorder_threshold integer NOT NULL DEFAULT 10;
