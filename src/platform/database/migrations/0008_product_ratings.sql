-- Up Migration

-- Each product's rating from its visible reviews (ProductReviews/{sku}): the count and the sum, so
-- the catalog shows the average and sorts by it. Versioned like every projection.
CREATE TABLE product_ratings (
  sku           text PRIMARY KEY,
  rating_count  integer NOT NULL,
  rating_sum    integer NOT NULL,
  version       bigint NOT NULL
);

-- Down Migration
DROP TABLE product_ratings;
