CREATE OR REPLACE VIEW low_stock AS
SELECT p.sku, s.warehouse, s.quantity
FROM stock_levels s
JOIN products p ON p.id = s.product_id
WHERE s.quantity < s.reorder_threshold;
